import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { AccountView } from '../auth/auth.dto.js';
import { PageFields, PageQuery } from '../common/pagination.js';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { USERNAME_PATTERN, isUnambiguous } from '../auth/username.js';
import { type Role, ROLES } from '../kernel/vocabulary.js';
import { IsNotWeakPassword } from '../auth/common-passwords.js';
import { NullAllowed, IsId } from '../common/validation.js';

/** A name that does not mix look-alike scripts (`аdmin` with a Cyrillic `а` would pass for `admin`). */
const IsUnambiguousUsername = () =>
  ValidateBy({
    name: 'isUnambiguous',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || isUnambiguous(value),
      defaultMessage: () =>
        'username must not mix Latin, Cyrillic or Greek letters, nor use Latin letters or digits other than a-z and 0-9',
    },
  });

export class CreateAccountDto {
  @ApiProperty({ minLength: 3, maxLength: 100 })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-100 letters, digits or . _ @ -' })
  @IsUnambiguousUsername()
  username: string;
  @ApiProperty({ minLength: 8, maxLength: 200, description: 'not a common password, nor the username' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  @IsNotWeakPassword()
  password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a branch account' }) @IsOptional() @IsId() branchId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for a lecturer account' }) @IsOptional() @IsId() lecturerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "an admin's region scope; none = the whole city" })
  @IsOptional()
  @IsId()
  regionId?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AccountQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ description: 'part of the username' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

/** What an admin may change of an account: switch it off or on, and an admin account's region scope (null = the whole city). */
export class UpdateAccountDto {
  @ApiPropertyOptional({ description: "true: the account's tokens and page sessions stop working at once" })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: "an admin account's scope; null = the whole city" })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsId()
  @NullAllowed()
  regionId?: string | null;
}

export class AccountDetailView extends AccountView {
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: string;
}

export class AccountPage extends PageFields {
  @ApiProperty({ type: [AccountDetailView] }) items: AccountDetailView[];
}

export class TemporaryPasswordView {
  @ApiProperty({ description: 'shown once; the account must change it at its next login' }) temporaryPassword: string;
}
