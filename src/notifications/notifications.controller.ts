import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { InboxPage, InboxQuery, NotificationView, ReadAllResult } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: InboxPage })
  inbox(@CurrentActor() actor: Actor, @Query() q: InboxQuery) {
    return this.notifications.inbox(actor, q);
  }

  @Post('read-all')
  @Roles('admin', 'branch', 'lecturer')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadAllResult })
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @Roles('admin', 'branch', 'lecturer')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationView })
  read(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.notifications.markRead(actor, id);
  }
}
