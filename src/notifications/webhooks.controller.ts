import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { CreatedWebhook, CreateWebhookDto, DeliveryPage, DeliveryQuery, DeliveryView, WebhookPage } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Roles('admin')
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('webhooks')
  @ApiCreatedResponse({ type: CreatedWebhook })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Get('webhooks')
  @ApiOkResponse({ type: WebhookPage })
  list(@CurrentActor() actor: Actor, @Query() q: PageQuery) {
    return this.webhooks.list(actor, q);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.webhooks.remove(actor, id);
  }

  @Get('webhooks/:id/deliveries')
  @ApiOkResponse({ type: DeliveryPage })
  deliveriesOf(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: DeliveryQuery) {
    return this.webhooks.deliveriesOf(actor, id, q);
  }

  @Get('deliveries')
  @ApiOkResponse({ type: DeliveryPage, description: 'every channel, events of your scope; ?status=failed lists what finally failed' })
  deliveries(@CurrentActor() actor: Actor, @Query() q: DeliveryQuery) {
    return this.webhooks.deliveries(actor, q);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: DeliveryView })
  retry(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.webhooks.retry(actor, id);
  }
}
