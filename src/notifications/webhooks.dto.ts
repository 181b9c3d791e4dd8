import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../kernel/notification-events.js';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://oa.example.cn/hooks/lectures' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url: string;

  @ApiProperty({ maxItems: 100, enum: NOTIFICATION_EVENTS, isArray: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsIn(NOTIFICATION_EVENTS, { each: true })
  events: NotificationEvent[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true }) events: NotificationEvent[];
  @ApiPropertyOptional({ type: String, nullable: true }) description: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'the scope of the admin who made it; null: the city' })
  regionId: string | null;
  @ApiProperty() createdAt: string;
}

export class CreatedWebhook extends WebhookView {
  @ApiProperty({ description: 'whsec_…: the signing secret, shown this once' }) secret: string;
}

export class WebhookPage extends PageFields {
  @ApiProperty({ type: [WebhookView] }) items: WebhookView[];
}

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'outdated'] as const;

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: (typeof DELIVERY_STATUSES)[number];
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid', description: 'also the webhook-id header, the same on every attempt' }) id: string;
  @ApiProperty({ enum: ['sms', 'email', 'webhook'] }) channel: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS }) event: NotificationEvent;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) webhookId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) accountId: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty({ description: 'every attempt made, those before a retry by hand too' }) attempts: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'not tried before then: held by quiet hours, or passed to a job of its own while its receiver rests',
  })
  notBefore: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "whom it was for: the account's username, or the webhook's URL" })
  recipient: string | null;
  @ApiProperty({ description: 'failed, and may be retried by hand (its webhook not deleted since)' }) retryable: boolean;
}

export class DeliveryPage extends PageFields {
  @ApiProperty({ type: [DeliveryView] }) items: DeliveryView[];
}
