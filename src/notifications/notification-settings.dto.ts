import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';
import { NestedObject, NullAllowed } from '../common/validation.js';

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export class ChannelsDto {
  @ApiProperty() @IsBoolean() sms: boolean;
  @ApiProperty() @IsBoolean() email: boolean;
}

export class QuietHoursDto {
  @ApiProperty({ example: '22:00' }) @Matches(HHMM, { message: 'from must be HH:MM' }) from: string;
  @ApiProperty({ example: '07:00' }) @Matches(HHMM, { message: 'to must be HH:MM' }) to: string;
}

export class NotificationSettingsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '13800138000',
    description: 'a Chinese mobile number (+86 allowed); null or left out: none',
  })
  // Full-width digits (１３８…), as Chinese input methods type them, are the same number (as the sign-in sheet takes it);
  // so is one with spaces around it, as pasted from a contact card.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFKC').trim() : value))
  @NullAllowed()
  @IsOptional()
  @Matches(/^(\+86|0086|86)?[\s-]*1[3-9]\d(?:[\s-]*\d){8}$/, { message: 'phone must be a Chinese mobile number' })
  @MaxLength(20)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'zhibu@example.cn', description: 'null or left out: none' })
  @NullAllowed()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ type: ChannelsDto }) @NestedObject(() => ChannelsDto) channels: ChannelsDto;

  @ApiProperty({
    type: QuietHoursDto,
    description: 'Asia/Shanghai; SMS and e-mail wait until they end (default 22:00–07:00); from = to means none',
  })
  @NestedObject(() => QuietHoursDto)
  quietHours: QuietHoursDto;
}

export class NotificationSettingsView {
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: ChannelsDto }) channels: ChannelsDto;
  @ApiProperty({ type: QuietHoursDto }) quietHours: QuietHoursDto;
}
