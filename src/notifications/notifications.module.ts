import { Module } from '@nestjs/common';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryWorker } from './delivery-worker.js';
import { AppConfig } from '../config/app-config.js';
import { MailSender } from './mail-sender.js';
import { NotificationSettingsController } from './notification-settings.controller.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { NotificationsController } from './notifications.controller.js';
import { AliyunSmsGateway } from './sms-aliyun.js';
import { NoSmsGateway, SmsGateway } from './sms-gateway.js';
import { TencentSmsGateway } from './sms-tencent.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { TimedNotifications } from './timed-notifications.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Being told: the inboxes (written by the database in the transaction of each order change), the timed
 * events, and delivery to further channels from the job queue.
 */
@Module({
  controllers: [NotificationsController, NotificationSettingsController, WebhooksController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    TimedNotifications,
    DeliveriesRepository,
    DeliveryWorker,
    WebhookSender,
    WebhooksService,
    NotificationSettingsService,
    MailSender,
    {
      provide: SmsGateway,
      inject: [AppConfig],
      useFactory: (config: AppConfig): SmsGateway =>
        config.SMS_PROVIDER === 'aliyun'
          ? new AliyunSmsGateway(config)
          : config.SMS_PROVIDER === 'tencent'
            ? new TencentSmsGateway(config)
            : new NoSmsGateway(),
    },
  ],
  exports: [NotificationsService, WebhooksService, NotificationSettingsService],
})
export class NotificationsModule {}
