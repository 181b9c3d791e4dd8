import { IsFilledText } from '../common/validation.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { IsNotWeakPassword } from './common-passwords.js';
import { type Role, ROLES } from '../kernel/vocabulary.js';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsFilledText(100) username: string;
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
  @ApiPropertyOptional({ description: 'true while a temporary password must be changed (POST /auth/password)' })
  passwordChangeRequired?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) currentPassword: string;
  @ApiProperty({ minLength: 8, maxLength: 200, description: 'not a common password, nor the username' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  @IsNotWeakPassword()
  newPassword: string;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ type: AccountView }) account: AccountView;
}
