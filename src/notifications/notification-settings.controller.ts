import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { NotificationSettingsDto, NotificationSettingsView } from './notification-settings.dto.js';
import { NotificationSettingsService } from './notification-settings.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Roles('admin', 'branch', 'lecturer')
@Controller('me/notification-settings')
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationSettingsView })
  get(@CurrentActor() actor: Actor) {
    return this.settings.get(actor);
  }

  @Put()
  @ApiOkResponse({ type: NotificationSettingsView })
  put(@CurrentActor() actor: Actor, @Body() dto: NotificationSettingsDto) {
    return this.settings.put(actor, dto);
  }
}
