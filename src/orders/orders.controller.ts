import { API_PATH } from '../common/request-url.js';
import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { pageJson } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import {
  AcceptDto,
  CompleteDto,
  OfferDto,
  OrderPage,
  OrderQuery,
  OrderView,
  PlaceOrderDto,
  RatingDto,
  ReasonDto,
  ReasonOptionalDto,
} from './orders.dto.js';
import { OrderPlacementService } from './order-placement.service.js';
import { OrderTransitionsService } from './order-transitions.service.js';
import { OrderViewsService } from './order-views.service.js';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly views: OrderViewsService,
    private readonly transitions: OrderTransitionsService,
  ) {}

  @Post()
  @Roles('branch')
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'the same key and body return the first response; another body is a 422',
  })
  @ApiResponse({ status: 201, type: OrderView })
  async place(
    @CurrentActor() actor: Actor,
    @Body() dto: PlaceOrderDto,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<OrderView> {
    const result = await this.placement.place(actor, dto, { idempotencyKey: key });
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `${API_PATH}/orders/${result.body.id}`);
    return result.body;
  }

  @Get()
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: OrderPage })
  async list(@CurrentActor() actor: Actor, @Query() q: OrderQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    // The views are stored as the API's JSON: the page is written out around them, not parsed and stringified again.
    res.type('json');
    return pageJson(await this.views.list(actor, q));
  }

  @Get(':id')
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: OrderView })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.transitions.read(actor, id);
  }

  @Post(':id/offer')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  offer(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: OfferDto) {
    return this.transitions.offer(actor, id, dto);
  }

  @Post(':id/accept')
  @Roles('lecturer')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  accept(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: AcceptDto) {
    return this.transitions.accept(actor, id, dto);
  }

  @Post(':id/decline')
  @Roles('lecturer')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  decline(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReasonOptionalDto) {
    return this.transitions.decline(actor, id, { reason: dto.reason });
  }

  @Post(':id/cancel')
  @Roles('branch', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  cancel(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReasonDto) {
    return this.transitions.cancel(actor, id, dto.reason);
  }

  @Post(':id/reject')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  reject(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReasonDto) {
    return this.transitions.reject(actor, id, dto.reason);
  }

  @Post(':id/retract')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView, description: 'correction: cancel a completed lecture found to be false' })
  retract(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReasonDto) {
    return this.transitions.retract(actor, id, dto.reason);
  }

  @Post(':id/complete')
  @Roles('lecturer')
  @HttpCode(200)
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'a retry with the same key and body is answered as done' })
  @ApiOkResponse({ type: OrderView })
  complete(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CompleteDto, @Headers('idempotency-key') key?: string) {
    return this.transitions.complete(actor, id, dto, { idempotencyKey: key });
  }

  @Post(':id/rating')
  @Roles('branch')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  rate(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: RatingDto) {
    return this.transitions.rate(actor, id, dto);
  }
}
