import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { TimedNotifications } from './timed-notifications.js';

/**
 * Being told: the inboxes (written by the database in the transaction of each order change), the timed
 * events, and delivery to further channels from the job queue.
 */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, TimedNotifications],
  exports: [NotificationsService],
})
export class NotificationsModule {}
