import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, requireLecturerId } from '../auth/actor.js';
import type { TakenTime } from '../bookings/rule-inputs.js';
import type { StoredResponse } from '../common/idempotency.js';
import { type Page, parsedPage } from '../common/pagination.js';
import type { SolverOrder } from '../scheduling/solver/types.js';
import { OrderPlacementService } from './order-placement.service.js';
import { type ClaimAsk, OrderTransitionsService } from './order-transitions.service.js';
import { OrderViewsService } from './order-views.service.js';
import type { AcceptDto, CompleteDto, OfferDto, OrderQuery, OrderView, PlaceOrderDto, RatingDto } from './orders.dto.js';
import { OrdersRepository, type PlannedOffer, type SchedulableScope } from './orders.repository.js';
import { type TourPlace, tourChains } from './tour-chains.js';

export type { PlannedOffer, SchedulableScope };

/**
 * The orders feature as other features (scheduling) and the web pages reach it: one exported service
 * over placing, reading and the transitions, so that none of them depends on how orders is split inside.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly views: OrderViewsService,
    private readonly transitions: OrderTransitionsService,
    private readonly orders: OrdersRepository,
  ) {}

  place(actor: Actor, dto: PlaceOrderDto, opts: { idempotencyKey?: string } = {}): Promise<StoredResponse<OrderView>> {
    return this.placement.place(actor, dto, opts);
  }

  async list(actor: Actor, q: OrderQuery): Promise<Page<OrderView>> {
    return parsedPage<OrderView>(await this.views.list(actor, q));
  }

  get(actor: Actor, id: string): Promise<OrderView> {
    return this.transitions.read(actor, id);
  }

  /** The lecturer's tours (巡回宣讲) their offers make: each stop's tour, by order id. */
  async toursOf(actor: Actor): Promise<Map<string, TourPlace>> {
    return tourChains(await this.orders.tourLinksOf(requireLecturerId(actor)));
  }

  offer(actor: Actor, id: string, dto: OfferDto): Promise<OrderView> {
    return this.transitions.offer(actor, id, dto);
  }

  accept(actor: Actor, id: string, dto: AcceptDto): Promise<OrderView> {
    return this.transitions.accept(actor, id, dto);
  }

  /** Whether the lecturer may claim the order by the rules that do not depend on time (declined, topic, language, format, radius). */
  mayClaim(actor: Actor, id: string): Promise<boolean> {
    return this.views.mayClaim(id, requireLecturerId(actor));
  }

  firstClaimableStarts(actor: Actor, asks: ClaimAsk[]): Promise<Array<number | undefined>> {
    return this.transitions.firstClaimableStarts(actor, asks);
  }

  decline(actor: Actor, id: string, opts: { reason?: string } = {}): Promise<OrderView> {
    return this.transitions.decline(actor, id, opts);
  }

  cancel(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transitions.cancel(actor, id, reason);
  }

  reject(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transitions.reject(actor, id, reason);
  }

  retract(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transitions.retract(actor, id, reason);
  }

  complete(actor: Actor, id: string, dto: CompleteDto, opts: { idempotencyKey?: string } = {}): Promise<OrderView> {
    return this.transitions.complete(actor, id, dto, opts);
  }

  rate(actor: Actor, id: string, dto: RatingDto): Promise<OrderView> {
    return this.transitions.rate(actor, id, dto);
  }

  /** A scheduling run's offers, in its transaction. */
  offerBatch(manager: EntityManager, actor: Actor, plan: PlannedOffer[], opts: { reason: string }): Promise<string[]> {
    return this.transitions.offerBatch(manager, actor, plan, opts);
  }

  /** The pending orders a scheduling run or a candidates ranking is given, in the caller's snapshot. */
  schedulable(scope: SchedulableScope, manager?: EntityManager): Promise<SolverOrder[]> {
    return this.orders.schedulable(scope, manager);
  }

  /** The time outstanding offers hold around [from, to) (their lectures with their drives), in the caller's snapshot. */
  offeredTime(manager: EntityManager, from: Date, to: Date, travelSpeedKmh: number): Promise<TakenTime> {
    return this.orders.offeredTime(manager, from, to, travelSpeedKmh);
  }
}
