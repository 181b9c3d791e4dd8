import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateBy, type ValidationArguments } from 'class-validator';
import { isSingleScript } from '../auth/username.js';
import { type Role, ROLES } from '../kernel/vocabulary.js';
import { weakPasswordReason } from './common-passwords.js';

/** A name that does not mix look-alike scripts (`аdmin` with a Cyrillic `а` would pass for `admin`). */
const IsSingleScript = () =>
  ValidateBy({
    name: 'isSingleScript',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || isSingleScript(value),
      defaultMessage: () => 'username must not mix Latin, Cyrillic or Greek letters',
    },
  });

/** The username beside the password being checked ('' when it is not text: its own rule reports that). */
const usernameBeside = (args?: ValidationArguments): string => {
  const username: unknown = (args?.object as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username : '';
};

/** Not a common password, nor the username again (NIST SP 800-63B). */
const IsNotWeakPassword = () =>
  ValidateBy({
    name: 'isNotWeakPassword',
    validator: {
      validate: (value: unknown, args) => typeof value !== 'string' || weakPasswordReason(value, usernameBeside(args)) === undefined,
      defaultMessage: (args) => weakPasswordReason(String(args?.value), usernameBeside(args)) ?? 'password is too weak',
    },
  });

export class CreateAccountDto {
  @ApiProperty({ minLength: 3, maxLength: 100 })
  @IsString()
  @Matches(/^[\p{L}\p{N}._@-]{3,100}$/u, { message: 'username must be 3-100 letters, digits or . _ @ -' })
  @IsSingleScript()
  username: string;
  @ApiProperty({ minLength: 8, maxLength: 200, description: 'not a common password, nor the username' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  @IsNotWeakPassword()
  password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a branch account' }) @IsOptional() @IsUUID() branchId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a lecturer account' }) @IsOptional() @IsUUID() lecturerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "an admin's region scope; none = the whole city" })
  @IsOptional()
  @IsUUID()
  regionId?: string;
}
