import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { type Role, ROLES } from '../kernel/vocabulary.js';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @IsNotEmpty() @MaxLength(100) username: string;
  @ApiProperty({ example: 'demo-password' }) @IsString() @IsNotEmpty() @MaxLength(200) password: string;
}

export class CreateAccountDto {
  @ApiProperty({ minLength: 3, maxLength: 100 })
  @IsString() @Matches(/^[\p{L}\p{N}._@-]{3,100}$/u, { message: 'username must be 3-100 letters, digits or . _ @ -' })
  username: string;
  @ApiProperty({ minLength: 8, maxLength: 200 }) @IsString() @MinLength(8) @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a branch account' }) @IsOptional() @IsUUID() branchId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a lecturer account' }) @IsOptional() @IsUUID() lecturerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "an admin's region scope; none = the whole city" }) @IsOptional() @IsUUID() regionId?: string;
}

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional({ format: 'uuid' }) branchId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) lecturerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) regionId?: string;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ type: AccountView }) account: AccountView;
}
