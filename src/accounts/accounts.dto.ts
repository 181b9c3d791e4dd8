import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { type Role, ROLES } from '../kernel/vocabulary.js';

export class CreateAccountDto {
  @ApiProperty({ minLength: 3, maxLength: 100 })
  @IsString()
  @Matches(/^[\p{L}\p{N}._@-]{3,100}$/u, { message: 'username must be 3-100 letters, digits or . _ @ -' })
  username: string;
  @ApiProperty({ minLength: 8, maxLength: 200 }) @IsString() @MinLength(8) @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a branch account' }) @IsOptional() @IsUUID() branchId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a lecturer account' }) @IsOptional() @IsUUID() lecturerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "an admin's region scope; none = the whole city" })
  @IsOptional()
  @IsUUID()
  regionId?: string;
}
