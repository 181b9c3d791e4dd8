import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../kernel/notification-events.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only the unread ones' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS }) event: NotificationEvent;
  @ApiProperty({ description: 'in Chinese' }) title: string;
  @ApiProperty({ description: 'in Chinese' }) body: string;
  @ApiProperty({ description: 'the page where the person acts on it' }) link: string;
  @ApiPropertyOptional({ format: 'uuid' }) orderId?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) readAt: string | null;
}

export class InboxPage {
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
  @ApiPropertyOptional({ description: 'how many the list holds (pages by offset; left out with ?cursor=)' }) total?: number;
  @ApiProperty() unreadCount: number;
  @ApiProperty({ type: String, nullable: true, description: 'pass as ?cursor= for the next page; null on the last page' })
  nextCursor: string | null;
}

export class ReadAllResult {
  @ApiProperty({ description: 'how many were marked read' }) marked: number;
  @ApiProperty() unreadCount: number;
}
