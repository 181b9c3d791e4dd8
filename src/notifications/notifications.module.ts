import { Module } from '@nestjs/common';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryWorker } from './delivery-worker.js';
import { NotificationsController } from './notifications.controller.js';
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
  controllers: [NotificationsController, WebhooksController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    TimedNotifications,
    DeliveriesRepository,
    DeliveryWorker,
    WebhookSender,
    WebhooksService,
  ],
  exports: [NotificationsService, WebhooksService],
})
export class NotificationsModule {}
