import { PageFields } from '../common/pagination.js';
import { IsFilledText } from '../common/validation.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { isAttendeePhone, MAX_ATTENDEE_NAME } from './sign-in-rules.js';

export class SignInDto {
  @ApiProperty({ maxLength: MAX_ATTENDEE_NAME, description: "the attendee's name" }) @IsFilledText(MAX_ATTENDEE_NAME) name: string;
  @ApiPropertyOptional({
    maxLength: 20,
    description: 'a phone number telling apart two people of one name: a mobile (11 digits) or a landline with its area code, +86 or not',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  // Full-width forms too, as Chinese input methods type them (０４７０－８２２１２３４).
  @Matches(/^[\d\s+()\-０-９＋－（）]*$/, { message: 'phone may hold digits, spaces, + ( ) and - only' })
  @ValidateBy({
    name: 'isAttendeePhone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isAttendeePhone(value),
      defaultMessage: () => 'phone must be a mobile number (11 digits) or a landline number with its area code',
    },
  })
  phone?: string;
}

export class SignInSheetView {
  @ApiProperty({ description: 'the page attendees open to sign in' }) url: string;
  @ApiProperty() code: string;
  @ApiProperty({ description: 'the URL as a QR code, an SVG document' }) qrSvg: string;
  @ApiProperty() opensAt: string;
  @ApiProperty() closesAt: string;
}

export class SignedInView {
  @ApiProperty({ description: 'false: the same name and phone had signed in already, and count once' }) recorded: boolean;
  @ApiProperty({ description: 'attendees on the sheet now' }) count: number;
}

export class AttendeeView {
  @ApiProperty() name: string;
  @ApiProperty() at: string;
  @ApiPropertyOptional({ description: 'admins only' }) phone?: string;
}

export class AttendeesView {
  @ApiProperty({ description: 'how many signed the sheet' }) count: number;
  @ApiProperty({ type: [AttendeeView] }) items: AttendeeView[];
}

/** A page of the sheet, as every list pages (`?limit`, `?offset` or `?cursor`), with the sheet's count. */
export class AttendeesPage extends PageFields {
  @ApiProperty({ description: 'how many signed the sheet' }) count: number;
  @ApiProperty({ type: [AttendeeView] }) items: AttendeeView[];
}

/** What the public sign-in page shows before a name is typed. */
export interface PublicSheet {
  title: string;
  branchName: string;
  opensAt: Date;
  closesAt: Date;
  open: boolean;
  /** The lecture is reported given: the list is closed for good, to the lecturer too. */
  finished: boolean;
}
