import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { type Role, ROLES } from '../kernel/vocabulary.js';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @IsNotEmpty() @MaxLength(100) username: string;
  @ApiProperty({ example: 'demo-password' }) @IsString() @IsNotEmpty() @MaxLength(200) password: string;
}

/** An account as the API shows it: who logged in (`/auth/me`, login) or who was created (`/accounts`). */
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
