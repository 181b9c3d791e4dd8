import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, requireLecturerId } from '../auth/actor.js';
import { AttendanceService } from '../attendance/attendance.service.js';
import { BookingErrors } from '../bookings/bookings.errors.js';
import { BookingsService } from '../bookings/bookings.service.js';
import { EligibilityService } from '../bookings/eligibility.service.js';
import { BranchesService } from '../branches/branches.service.js';
import { IdempotencyService } from '../common/idempotency.js';
import { inTransaction } from '../common/transactions.js';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../kernel/clock.js';
import { HOUR_MS, MINUTE_MS } from '../kernel/time.js';
import { OFFER_EXPIRED_REASON, type OrderStatus, TOUR_STOP_STRANDED_REASON } from '../kernel/vocabulary.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import type { SolverOrder } from '../scheduling/solver/types.js';
import type { BranchOrder } from './branch-order.entity.js';
import { canTransition, nextStatus, offerExpiresAt, offerIsDue, type OrderAction } from './order-state-machine.js';
import { OrderViewsService } from './order-views.service.js';
import type { AcceptDto, CompleteDto, OfferDto, OrderView, RatingDto } from './orders.dto.js';
import { OrderErrors } from './orders.errors.js';
import { OrdersRepository, type PlannedOffer, type StrandedStop } from './orders.repository.js';

/** What a transition does beyond moving the state: its checks and writes, in the transition's transaction. */
interface TransitionSteps {
  reason?: string;
  /** The action as the locked row decides it (accept: the offer made to the actor, else a claim); default the one asked for. */
  actionOf?: (order: BranchOrder) => OrderAction;
  /** A refusal decided on the locked row before the state machine's (returned: an expiry found on the way commits). */
  refusal?: (order: BranchOrder, manager: EntityManager) => Promise<Error | undefined>;
  /** The error when the state machine refuses (default ORDER_STATE_CONFLICT). */
  conflict?: (status: OrderStatus) => Error;
  /** Whether the refused transition is this very request done before (a retry under its Idempotency-Key): then it is answered as done. */
  doneBefore?: (manager: EntityManager) => Promise<boolean>;
  /** Returns the lecturer the history entry names, if any. */
  work?: (order: BranchOrder, manager: EntityManager) => Promise<{ lecturerId?: string } | void>;
}

function clearOffer(order: BranchOrder): void {
  order.offeredLecturerId = null;
  order.offeredStartsAt = null;
  order.offerExpiresAt = null;
  order.offeredAfterOrderId = null;
}

/** How far the actual start of a lecture may lie from its booked start (a late arrival, an early start). */
const START_DRIFT_MS = 12 * HOUR_MS;
/** Attendance (人次) counts herders and villagers too, but beyond this many times the branch or audience it is not credible. */
const ATTENDANCE_FACTOR = 5;

/** A reported start must lie near the booked one and not in the future: coverage counts the lecture on that date. */
function assertPlausibleStart(startedAt: Date, booked: Date, now: number): void {
  if (startedAt.getTime() > now || Math.abs(startedAt.getTime() - booked.getTime()) > START_DRIFT_MS)
    throw OrderErrors.STARTED_AT_IMPLAUSIBLE();
}

function attendanceLimit(memberCount: number, expectedAudience: number): number {
  return ATTENDANCE_FACTOR * Math.max(memberCount, expectedAudience);
}

/** The states of an order no longer open to claim: another lecturer has taken it (offered, booked, given), or it was closed. */
const GONE: ReadonlySet<OrderStatus> = new Set(['offered', 'accepted', 'completed', 'cancelled', 'rejected']);

/** An order a lecturer might claim, and the starts to try for it, in the order preferred. */
export interface ClaimAsk {
  id: string;
  candidates: number[];
}

/**
 * The ordering flow after placing, over the pure state machine: offer (派单), accept or claim (接单),
 * decline, cancel, reject, complete (授课), rate (评单), retract; and offers' expiry.
 */
@Injectable()
export class OrderTransitionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly views: OrderViewsService,
    private readonly bookings: BookingsService,
    private readonly eligibility: EligibilityService,
    private readonly branches: BranchesService,
    private readonly lecturers: LecturersService,
    private readonly attendance: AttendanceService,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs one transition: locks the order row (so that racing requests are serialised), returns an
   * expired offer to pending first, checks the state machine and the actor's right to the order,
   * applies `work`, and records the transition in the history, all in one transaction.
   */
  private async transition(actor: Actor, id: string, action: OrderAction, steps: TransitionSteps = {}): Promise<OrderView> {
    const refusal = await inTransaction(this.dataSource, async (manager) => {
      const order = await this.lockVisible(manager, actor, id, action);
      const act = steps.actionOf?.(order) ?? action;
      // A refusal is returned, not thrown: the transaction then commits an expired offer found on the way.
      const refused = await steps.refusal?.(order, manager);
      if (refused) return refused;
      if (!canTransition(order.status, act)) {
        if (await steps.doneBefore?.(manager)) return undefined;
        return (
          steps.conflict?.(order.status) ??
          OrderErrors.ORDER_STATE_CONFLICT(`The order is ${order.status}; it cannot move to ${nextStatus(act)} from there.`)
        );
      }
      const from = order.status;
      const named = (await steps.work?.(order, manager)) ?? {};
      order.status = nextStatus(act);
      await this.orders.save(manager, order);
      const entry = {
        orderId: order.id,
        actorId: actor.accountId,
        from,
        to: order.status,
        reason: steps.reason,
        lecturerId: named.lecturerId,
      };
      await this.orders.record(manager, entry);
      await this.dropStrandedStops(manager, order.id);
      return undefined;
    });
    if (refusal) throw refusal;
    return this.views.view(id, actor);
  }

  /**
   * The order row, locked for update, if the actor may act on it (else not found); an offer past its
   * expiry is then returned to pending, so the offered lecturer learns it expired.
   */
  private async lockVisible(manager: EntityManager, actor: Actor, id: string, action?: OrderAction): Promise<BranchOrder> {
    const order = await this.orders.lock(manager, id);
    if (!order || !(await this.mayAct(manager, actor, order, action))) throw OrderErrors.ORDER_NOT_FOUND();
    if (offerIsDue(order, this.clock.now())) {
      const lecturerId = order.offeredLecturerId ?? undefined;
      clearOffer(order);
      order.status = 'pending';
      await this.orders.save(manager, order);
      await this.orders.record(manager, {
        orderId: order.id,
        actorId: null,
        from: 'offered',
        to: 'pending',
        lecturerId,
        reason: OFFER_EXPIRED_REASON,
      });
      await this.dropStrandedStops(manager, order.id);
    }
    return order;
  }

  /**
   * Tour stops whose lecturer was to come from a village they will no longer be in (the stop before declined, expired,
   * cancelled: `fromOrderId`, or any), booked or still offered: one beyond their radius from home goes back to the
   * queue (its booking removed, or its offer withdrawn: it could not be accepted), and the stops after it in turn; one
   * within it, or a lecture already given, stays, reached from home. The platform moves them, not whoever moved the
   * stop before (whose account the stop's branch is not to see).
   */
  private async dropStrandedStops(manager: EntityManager, fromOrderId?: string): Promise<void> {
    for (const found of await this.orders.strandedStops(manager, { from: fromOrderId })) {
      const order = await this.orders.lock(manager, found.orderId);
      // Read again under the lock: an accept of the stop that was under way when it was found offered has booked it
      // since (from the village before, which it read as still on the way), or the offer has gone.
      const [stop] = order ? await this.orders.strandedStops(manager, { stop: found.orderId }) : [];
      if (!order || !stop) continue;
      const droppable = canTransition(order.status, 'dropFromTour');
      const home = await this.fromHome(manager, stop);
      // Kept, reached from home, if the drive from home fits around it too; a lecture given stays in any case.
      if (!droppable || home.reachable) {
        if ((await this.unlinkFromStopBefore(manager, order, stop, droppable ? home.driveMinutes : null)) || !droppable) continue;
      }
      // Recorded first: the event tells the lecture's start, read from the offer or the booking about to go.
      await this.orders.record(manager, {
        orderId: order.id,
        actorId: null,
        from: order.status,
        to: nextStatus('dropFromTour'),
        lecturerId: stop.lecturerId,
        reason: TOUR_STOP_STRANDED_REASON,
      });
      if (stop.booked) await this.bookings.unbook(manager, order.id);
      else clearOffer(order);
      order.status = nextStatus('dropFromTour');
      await this.orders.save(manager, order);
      await this.dropStrandedStops(manager, order.id);
    }
  }

  /**
   * A stranded stop that stays (reachable from home, or given): it no longer follows the village before, and its
   * booking blocks the drive from home (`driveMinutes`; null for a lecture given, left as it was) instead of the leg's.
   * False when that drive meets another of the lecturer's bookings: the stop cannot be kept.
   */
  private async unlinkFromStopBefore(
    manager: EntityManager,
    order: BranchOrder,
    stop: StrandedStop,
    driveMinutes: number | null,
  ): Promise<boolean> {
    if (stop.booked) return this.bookings.travelFromHome(manager, order.id, driveMinutes);
    order.offeredAfterOrderId = null;
    await this.orders.save(manager, order);
    return true;
  }

  /**
   * The stop as its lecturer would take it from home: whether the hard rules that do not depend on time allow it,
   * and the drive from home its booking would block.
   */
  private async fromHome(
    manager: EntityManager,
    stop: { orderId: string; lecturerId: string },
  ): Promise<{ reachable: boolean; driveMinutes: number }> {
    const lecturer = await this.lecturers.findById(stop.lecturerId, manager);
    const order = await this.forRules(manager, stop.orderId);
    if (lecturer === null) return { reachable: false, driveMinutes: 0 };
    return {
      reachable: EligibilityService.qualifiesStatically(order, lecturer),
      driveMinutes: this.eligibility.travelMinutes(order, lecturer),
    };
  }

  private async mayAct(manager: EntityManager, actor: Actor, order: BranchOrder, action?: OrderAction): Promise<boolean> {
    if (await this.orders.isVisible(manager, actor, order.id)) return true;
    if (actor.role !== 'lecturer') return false;
    // An open order is also the lecturer's to see if they could claim it; claiming one that another has taken or
    // the office closed since, they learn that it is taken or closed (409), not that it vanished. Anything else of
    // someone else's is not there for them (404), as GET says.
    const claimingGone = (action === 'claim' || action === 'acceptOffer') && GONE.has(order.status);
    if (order.status !== 'pending' && !claimingGone) return false;
    return this.views.mayClaim(order.id, actor.lecturerId, manager);
  }

  /** The order as the hard rules see it, inside the transition. */
  private async forRules(manager: EntityManager, orderId: string): Promise<SolverOrder> {
    const facts = await this.orders.forRules(manager, orderId);
    if (!facts) throw OrderErrors.ORDER_NOT_FOUND();
    return facts;
  }

  /** 派单: an admin offers the order to one lecturer at one start; the offer expires if not answered in time. */
  offer(actor: Actor, id: string, dto: OfferDto): Promise<OrderView> {
    return this.transition(actor, id, 'offer', {
      conflict: () => OrderErrors.ORDER_NOT_PENDING(),
      work: async (order, manager) => {
        const startsAt = new Date(dto.startsAt);
        const facts = await this.forRules(manager, order.id);
        await this.eligibility.assertCanTake(manager, { order: facts, lecturerId: dto.lecturerId, startsAt, lock: false });
        order.offeredLecturerId = dto.lecturerId;
        order.offeredStartsAt = startsAt;
        order.offeredAfterOrderId = null;
        order.offerExpiresAt = offerExpiresAt(this.clock.now(), startsAt, this.config.OFFER_TTL_MINUTES * MINUTE_MS);
        return { lecturerId: dto.lecturerId };
      },
    });
  }

  /**
   * 接单: accept an offer made to you, or claim an open order you qualify for (抢单). Which of the two is decided on
   * the locked row: an offer made to you meanwhile is accepted, one gone to another meanwhile is not yours, and your
   * own offer found expired on the way leaves an open order, which a start claims.
   */
  async accept(actor: Actor, id: string, dto: AcceptDto): Promise<OrderView> {
    const me = requireLecturerId(actor);
    return this.transition(actor, id, 'claim', {
      actionOf: (order) => (order.status === 'offered' && order.offeredLecturerId === me ? 'acceptOffer' : 'claim'),
      refusal: (order, manager) =>
        order.status === 'pending' ? this.claimWithoutStart(manager, order, me, dto) : Promise.resolve(undefined),
      conflict: (status) => {
        if (status === 'accepted' || status === 'completed') return BookingErrors.ORDER_ALREADY_ACCEPTED();
        if (status === 'offered') return OrderErrors.ORDER_NOT_OFFERED_TO_YOU();
        return OrderErrors.ORDER_NOT_PENDING(`The order is ${status}.`);
      },
      work: async (order, manager) => {
        const isOffer = order.status === 'offered';
        const startsAt = isOffer ? this.offeredStart(order, dto) : this.claimStart(dto);
        const after = isOffer ? await this.previousStop(manager, order, me) : undefined;
        const travelFromOrderId = after === undefined ? undefined : (order.offeredAfterOrderId ?? undefined);
        if (isOffer) clearOffer(order);
        const facts = await this.forRules(manager, order.id);
        const decision = await this.eligibility.assertCanTake(manager, {
          order: facts,
          lecturerId: me,
          startsAt,
          lock: true,
          travelFrom: after && { orderId: after.id, ...after.branch },
        });
        await this.bookings.book(manager, {
          orderId: order.id,
          lecturerId: me,
          startsAt,
          endsAt: decision.endsAt,
          travelMinutes: decision.travelMinutes,
          travelFromOrderId,
        });
        return { lecturerId: me };
      },
    });
  }

  /**
   * A tour's later stop: the lecturer comes from the previous stop's village, not from home, as long as that stop
   * is still on their way (offered to them or booked with them); else the rules measure from home.
   */
  private async previousStop(manager: EntityManager, order: BranchOrder, me: string): Promise<SolverOrder | undefined> {
    const afterId = order.offeredAfterOrderId;
    if (afterId === null || !(await this.orders.isOnTourOf(manager, afterId, me))) return undefined;
    return this.orders.forRules(manager, afterId);
  }

  /** For each order, the first of its `candidates` at which the lecturer could claim it now (the claim forms' suggestions). */
  async firstClaimableStarts(actor: Actor, asks: ClaimAsk[]): Promise<Array<number | undefined>> {
    const manager = this.dataSource.manager;
    const orders = new Map(
      (
        await this.orders.allForRules(
          manager,
          asks.map((a) => a.id),
        )
      ).map((o) => [o.id, o]),
    );
    const found = asks.flatMap((a) => {
      const order = orders.get(a.id);
      return order === undefined ? [] : [{ order, candidates: a.candidates }];
    });
    const starts = new Map(
      (await this.eligibility.firstFeasibleEach(manager, requireLecturerId(actor), found)).map((at, i) => [found[i].order.id, at]),
    );
    return asks.map((a) => starts.get(a.id));
  }

  /** An offer is accepted at the start it was made for: a lecturer who names another is told, not booked at a time they did not choose. */
  private offeredStart(order: BranchOrder, dto: AcceptDto): Date {
    const offered = order.offeredStartsAt as Date;
    if (dto.startsAt !== undefined && new Date(dto.startsAt).getTime() !== offered.getTime()) throw OrderErrors.OFFER_START_DIFFERS();
    return offered;
  }

  /**
   * A claim needs a start. Without one it is most often the answer to an offer that has expired meanwhile (the sweep,
   * or this very accept, took it back): the lecturer is told so, not that a claim needs a start.
   */
  private async claimWithoutStart(manager: EntityManager, order: BranchOrder, me: string, dto: AcceptDto): Promise<Error | undefined> {
    if (dto.startsAt !== undefined) return undefined;
    const ended = await this.orders.howLastOfferEnded(manager, order.id, me);
    if (ended === 'expired') return OrderErrors.OFFER_EXPIRED();
    return ended === 'withdrawn' ? OrderErrors.OFFER_WITHDRAWN() : OrderErrors.START_REQUIRED();
  }

  /** A claim books a lecture still to come: a start in the past would let a lecture be reported done at once. */
  private claimStart(dto: AcceptDto): Date {
    const startsAt = new Date(dto.startsAt as string);
    if (startsAt.getTime() <= this.clock.now()) throw OrderErrors.CLAIM_START_PASSED();
    return startsAt;
  }

  /** The offered lecturer says no: the order goes back to the queue and is not offered to them again. */
  decline(actor: Actor, id: string, opts: { reason?: string } = {}): Promise<OrderView> {
    return this.transition(actor, id, 'decline', {
      reason: opts.reason,
      // An accepted or given lecture the lecturer can see is theirs: a stale page's decline, not someone else's offer.
      conflict: (status) =>
        status === 'accepted' || status === 'completed' ? OrderErrors.ORDER_ALREADY_YOURS() : OrderErrors.ORDER_NOT_OFFERED_TO_YOU(),
      work: async (order, manager) => {
        const me = requireLecturerId(actor);
        if (order.offeredLecturerId !== me) throw OrderErrors.ORDER_NOT_OFFERED_TO_YOU();
        await this.orders.addDecline(manager, order.id, me);
        clearOffer(order);
        return { lecturerId: me };
      },
    });
  }

  cancel(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transition(actor, id, 'cancel', {
      reason,
      work: async (order, manager) => {
        // The history names the lecturer the order was offered to or booked with: they are told of it.
        const [booking] = await this.bookings.findActive([order.id], manager);
        const lecturerId = order.offeredLecturerId ?? booking?.lecturerId;
        clearOffer(order);
        await this.bookings.release(manager, order.id);
        return lecturerId === undefined ? {} : { lecturerId };
      },
    });
  }

  /**
   * A correction: an admin cancels a lecture reported done that was found to be false. It leaves the
   * coverage figures (which count completed orders only); the history keeps who and why. The
   * lecturer's time is released; a rating it had is taken back out of their mean.
   */
  retract(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transition(actor, id, 'retract', {
      reason,
      conflict: (status) => OrderErrors.ORDER_STATE_CONFLICT(`Only a completed lecture can be corrected; the order is ${status}.`),
      work: async (order, manager) => {
        const [booking] = await this.bookings.findActive([order.id], manager);
        if (booking && order.ratingScore !== null) await this.lecturers.takeBackRating(manager, booking.lecturerId, order.ratingScore);
        await this.bookings.release(manager, order.id);
        return booking ? { lecturerId: booking.lecturerId } : {};
      },
    });
  }

  reject(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transition(actor, id, 'reject', { reason, conflict: () => OrderErrors.ORDER_NOT_PENDING() });
  }

  /**
   * 授课: the booked lecturer reports the lecture given, once its booked start has passed. Under an
   * Idempotency-Key (an offline outbox resending a report whose answer was lost) a retry is answered as done.
   */
  complete(actor: Actor, id: string, dto: CompleteDto, opts: { idempotencyKey?: string } = {}): Promise<OrderView> {
    const claim =
      opts.idempotencyKey === undefined ? undefined : this.idempotency.claim(actor.accountId, opts.idempotencyKey, { id, ...dto });
    return this.transition(actor, id, 'complete', {
      doneBefore: claim && ((manager) => this.idempotency.doneBefore(manager, claim)),
      work: async (order, manager) => {
        // First, so that a key reused for another lecture is refused as such, whatever else is wrong with the report.
        if (claim) await this.idempotency.recordIn(manager, claim, { status: 200, body: { id } });
        const [booking] = await this.bookings.findActive([order.id], manager);
        if (!booking || booking.lecturerId !== requireLecturerId(actor)) throw OrderErrors.ORDER_NOT_FOUND();
        if (booking.startsAt.getTime() > this.clock.now()) throw OrderErrors.LECTURE_NOT_STARTED();
        const startedAt = dto.startedAt === undefined ? booking.startsAt : new Date(dto.startedAt);
        assertPlausibleStart(startedAt, booking.startsAt, this.clock.now());
        const { memberCount } = await this.branches.findWithRegion(order.branchId, manager);
        const signedIn = await this.attendance.count(order.id, manager);
        const attendance = dto.attendance ?? signedIn;
        // A number typed is held to what the branch could gather; everyone on the sign-in sheet was there all the same.
        if (attendance > Math.max(signedIn, attendanceLimit(memberCount, order.expectedAudience)))
          throw OrderErrors.ATTENDANCE_IMPLAUSIBLE();
        order.attendance = attendance;
        order.startedAt = startedAt;
        order.summary = dto.summary;
        order.completedAt = new Date(this.clock.now());
        return { lecturerId: booking.lecturerId };
      },
    });
  }

  /** 评单: the ordering branch rates a completed lecture once; the score feeds the lecturer's rating. */
  async rate(actor: Actor, id: string, dto: RatingDto): Promise<OrderView> {
    await inTransaction(this.dataSource, async (manager) => {
      const order = await this.lockVisible(manager, actor, id);
      if (order.status !== 'completed') throw OrderErrors.ORDER_STATE_CONFLICT('Only a completed lecture can be rated.');
      if (order.ratingScore !== null) throw OrderErrors.ORDER_ALREADY_RATED();
      const [booking] = await this.bookings.findActive([order.id], manager);
      order.ratingScore = dto.score;
      order.ratingComment = dto.comment ?? null;
      order.ratedAt = new Date(this.clock.now());
      await this.orders.save(manager, order);
      if (booking) await this.lecturers.addRating(manager, booking.lecturerId, dto.score);
    });
    return this.views.view(id, actor);
  }

  /**
   * Makes many offers at once (a scheduling run), in the caller's transaction: each order is offered
   * only if it is still pending (compare-and-set), so orders that changed meanwhile are skipped and
   * no order is ever offered twice. Returns the ids offered.
   */
  async offerBatch(manager: EntityManager, actor: Actor, plan: PlannedOffer[], opts: { reason: string }): Promise<string[]> {
    if (plan.length === 0) return [];
    const now = this.clock.now();
    const answerWindowMs = this.config.OFFER_TTL_MINUTES * MINUTE_MS;
    return this.orders.offerPlanned(
      manager,
      plan.map((o) => ({ ...o, expiresAt: offerExpiresAt(now, o.startsAt, answerWindowMs) })),
      { actorId: actor.accountId, reason: opts.reason },
    );
  }

  /**
   * One order the actor may see. An offer found past its expiry is returned to the queue first, with the tour stops
   * it strands, as the sweep would a minute later: whoever reads the order sees where it stands now.
   */
  async read(actor: Actor, id: string): Promise<OrderView> {
    const order = await this.views.findVisible(actor, id);
    if (offerIsDue(order, this.clock.now()) && (await this.orders.expireOffers({ orderId: order.id })) > 0)
      await inTransaction(this.dataSource, (manager) => this.dropStrandedStops(manager, order.id));
    return this.views.view(order.id, actor);
  }

  /**
   * Returns every offer past its expiry to pending, with a history entry each (the sweeper), then the tour stops
   * stranded by any way their stop before left (this sweep, an offer found expired by a read).
   */
  async expireOffers(): Promise<number> {
    const expired = await this.orders.expireOffers();
    await inTransaction(this.dataSource, (manager) => this.dropStrandedStops(manager));
    return expired;
  }
}
