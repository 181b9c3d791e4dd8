import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { BranchesService, type BranchWithRegion } from '../branches/branches.service.js';
import { IdempotencyService, type StoredResponse } from '../common/idempotency.js';
import type { Page } from '../common/pagination.js';
import { resolvePeriod } from '../common/period.js';
import { preparedQuery } from '../common/prepared-query.js';
import { inTransaction } from '../common/transactions.js';
import { AppConfig } from '../config/app-config.js';
import { CoursesService } from '../courses/courses.service.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { BookingsService } from '../scheduling/bookings.service.js';
import { EligibilityService } from '../scheduling/eligibility.service.js';
import { SchedulingSnapshotRepository } from '../scheduling/scheduling-snapshot.repository.js';
import { BranchOrder } from './branch-order.entity.js';
import { OrderHistoryEntry } from './order-history.entity.js';
import { canTransition, nextStatus, type OrderAction } from './order-state-machine.js';
import { type BookingRow, type HistoryRow, toOrderView } from './order-view.js';
import type { AcceptDto, CompleteDto, OfferDto, OrderQuery, OrderView, PlaceOrderDto, RatingDto } from './orders.dto.js';
import { OrderErrors } from './orders.errors.js';
import type { OrderStatus } from '../kernel/vocabulary.js';

const DEFAULT_CUSTOM_DURATION = 90;
const MAX_WINDOW_MS = 366 * 86_400_000;

/** What a branch chooses when placing an order (the rest is the platform's). */
type OrderFields = Pick<BranchOrder, 'courseId' | 'topic' | 'title' | 'format' | 'earliestStart' | 'latestStart' | 'durationMinutes' | 'expectedAudience' | 'language' | 'preferredLecturerId' | 'notes'>;

/** An offer past its expiry, still waiting to be returned to the queue. */
function offerIsDue(order: BranchOrder): boolean {
  return order.status === 'offered' && order.offerExpiresAt !== null && order.offerExpiresAt.getTime() <= Date.now();
}

interface LockedOrder {
  order: BranchOrder;
  branch: BranchWithRegion;
}

/** The ordering flow: place (点单), offer (派单), accept or claim (接单), complete (授课), rate (评单). */
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(BranchOrder) private readonly orders: Repository<BranchOrder>,
    private readonly branches: BranchesService,
    private readonly courses: CoursesService,
    private readonly lecturers: LecturersService,
    private readonly bookings: BookingsService,
    private readonly eligibility: EligibilityService,
    private readonly snapshot: SchedulingSnapshotRepository,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {}

  // ---- placing -----------------------------------------------------------------------------------

  /**
   * Places an order for the actor's branch: the order, its first history entry and (with an
   * Idempotency-Key) the recorded response are written by one prepared statement, so the hot path is
   * one round trip and one commit. A retry with the key returns the first response.
   */
  async place(actor: Actor, dto: PlaceOrderDto, idempotencyKey?: string): Promise<StoredResponse<OrderView>> {
    const claim = idempotencyKey === undefined ? undefined : this.idempotency.claim(actor.accountId, idempotencyKey, dto);
    const { view, sql, params } = this.newOrder(actor, await this.orderFields(dto));
    try {
      if (!claim) await preparedQuery(this.dataSource, `${sql} SELECT 1`, params);
      else await preparedQuery(this.dataSource, `${sql}, ${IdempotencyService.recordCte(params.length + 1)} SELECT 1`, [...params, ...IdempotencyService.recordParams(claim, 201, view)]);
      return { status: 201, body: view, replayed: false };
    } catch (err) {
      if (!claim) throw err;
      return this.idempotency.replayOnConflict<OrderView>(err, claim);
    }
  }

  private async orderFields(dto: PlaceOrderDto): Promise<OrderFields> {
    const isMenu = dto.courseId !== undefined;
    if (isMenu === (dto.topic !== undefined || dto.title !== undefined) || (!isMenu && (dto.topic === undefined || dto.title === undefined))) {
      throw OrderErrors.ORDER_COURSE_OR_TOPIC_REQUIRED();
    }
    const earliest = new Date(dto.earliestStart);
    const latest = new Date(dto.latestStart);
    if (latest < earliest || latest.getTime() < Date.now() || latest.getTime() - earliest.getTime() > MAX_WINDOW_MS) throw OrderErrors.ORDER_WINDOW_INVALID();
    if (dto.preferredLecturerId !== undefined && !(await this.lecturers.findById(dto.preferredLecturerId))) throw OrderErrors.ORDER_PREFERRED_LECTURER_NOT_FOUND();
    const common = {
      format: dto.format, earliestStart: earliest, latestStart: latest, expectedAudience: dto.expectedAudience, language: dto.language,
      preferredLecturerId: dto.preferredLecturerId ?? null, notes: dto.notes ?? null,
    };
    if (!isMenu) return { ...common, courseId: null, topic: dto.topic as string, title: dto.title as string, durationMinutes: dto.durationMinutes ?? DEFAULT_CUSTOM_DURATION };
    const course = await this.courses.findById(dto.courseId as string);
    if (!course.formats.includes(dto.format)) throw OrderErrors.ORDER_FORMAT_NOT_OFFERED();
    return { ...common, courseId: course.id, topic: course.topic, title: course.title, durationMinutes: dto.durationMinutes ?? course.durationMinutes };
  }

  /** A new order as the client will see it, and the CTEs (`o`, `h`) that insert it with its first history entry. */
  private newOrder(actor: Actor, fields: OrderFields): { view: OrderView; sql: string; params: unknown[] } {
    const now = new Date();
    const order: BranchOrder = Object.assign(new BranchOrder(), {
      ...fields, id: randomUUID(), branchId: actor.branchId as string, status: 'pending' as const, placedBy: actor.accountId, createdAt: now, updatedAt: now,
      offeredLecturerId: null, offeredStartsAt: null, offerExpiresAt: null, attendance: null, startedAt: null, summary: null, completedAt: null,
      ratingScore: null, ratingComment: null, ratedAt: null,
    });
    const sql = `WITH o AS (
        INSERT INTO orders (id, branch_id, course_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience,
          language, preferred_lecturer_id, notes, status, placed_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14, $15, $15) RETURNING id
      ), h AS (
        INSERT INTO order_history (order_id, at, actor_id, from_status, to_status) SELECT id, $15, $14, NULL, 'pending' FROM o RETURNING 1
      )`;
    const params = [order.id, order.branchId, order.courseId, order.topic, order.title, order.format, order.earliestStart, order.latestStart,
      order.durationMinutes, order.expectedAudience, order.language, order.preferredLecturerId, order.notes, order.placedBy, now];
    const view = toOrderView(order, null, [{ at: now, actorId: actor.accountId, fromStatus: null, toStatus: 'pending', lecturerId: null, reason: null }]);
    return { view, sql, params };
  }

  private async record(manager: EntityManager, orderId: string, actorId: string | null, from: OrderStatus | null, to: OrderStatus, extra: { lecturerId?: string; reason?: string } = {}): Promise<OrderHistoryEntry> {
    const repo = manager.getRepository(OrderHistoryEntry);
    return repo.save(repo.create({ orderId, actorId, fromStatus: from, toStatus: to, lecturerId: extra.lecturerId ?? null, reason: extra.reason ?? null, at: new Date() }));
  }

  // ---- reading -----------------------------------------------------------------------------------

  async list(actor: Actor, q: OrderQuery): Promise<Page<OrderView>> {
    if (q.open) return this.listOpenForLecturer(actor, q);
    const qb = this.orders.createQueryBuilder('o');
    this.applyScope(qb, actor);
    if (q.status !== undefined) qb.andWhere('o.status = :status', { status: q.status });
    if (q.branchId !== undefined) qb.andWhere('o.branch_id = :branchId', { branchId: q.branchId });
    if (q.lecturerId !== undefined) {
      qb.andWhere(`(o.offered_lecturer_id = :lecturerId OR EXISTS (SELECT 1 FROM bookings fb WHERE fb.order_id = o.id AND fb.lecturer_id = :lecturerId))`, { lecturerId: q.lecturerId });
    }
    if (q.regionId !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM branches rb JOIN regions rr ON rr.id = rb.region_id WHERE rb.id = o.branch_id AND :within = ANY(rr.path))', { within: q.regionId });
    }
    const { from, to } = resolvePeriod({ from: q.from, to: q.to });
    if (from) qb.andWhere('o.latest_start >= :from', { from });
    if (to) qb.andWhere('o.earliest_start < :to', { to });
    return this.selectViews(qb, q);
  }

  /** Restricts a query on orders `o` to what the actor may see. */
  private applyScope(qb: SelectQueryBuilder<BranchOrder>, actor: Actor): void {
    if (actor.role === 'branch') {
      qb.andWhere('o.branch_id = :ownBranch', { ownBranch: actor.branchId });
    } else if (actor.role === 'lecturer') {
      qb.andWhere(`((o.status = 'offered' AND o.offered_lecturer_id = :me) OR EXISTS (SELECT 1 FROM bookings sb WHERE sb.order_id = o.id AND sb.lecturer_id = :me))`, { me: actor.lecturerId });
    } else if (actor.regionId !== null) {
      qb.andWhere('EXISTS (SELECT 1 FROM branches sb JOIN regions sr ON sr.id = sb.region_id WHERE sb.id = o.branch_id AND :scope = ANY(sr.path))', { scope: actor.regionId });
    }
  }

  /** Open orders (pending, window not passed) a lecturer qualifies for, to claim (抢单), soonest first. */
  private async listOpenForLecturer(actor: Actor, q: OrderQuery): Promise<Page<OrderView>> {
    if (actor.role !== 'lecturer' || actor.lecturerId === null) return { items: [], total: 0 };
    const lecturer = await this.lecturers.findById(actor.lecturerId);
    if (!lecturer) return { items: [], total: 0 };
    const open = await this.snapshot.pendingOrders({ regionId: null, claimableBy: lecturer });
    const qualifying = open.filter((o) => EligibilityService.qualifiesStatically(o, lecturer))
      .sort((a, b) => a.earliestStart - b.earliestStart || a.id.localeCompare(b.id));
    return { items: await this.viewsOf(qualifying.slice(q.offset, q.offset + q.limit).map((o) => o.id)), total: qualifying.length };
  }

  /** The rules that do not depend on time, for one order (the shared rule code, as claims use it). */
  private async qualifiesStatically(order: BranchOrder, lecturerId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const lecturer = await this.lecturers.findById(lecturerId, manager);
    if (!lecturer) return false;
    const branch = await this.branches.findWithRegion(order.branchId, manager);
    return EligibilityService.qualifiesStatically(await this.eligibility.solverOrder(manager, order, branch), lecturer);
  }

  async get(actor: Actor, id: string): Promise<OrderView> {
    const order = await this.findVisible(actor, id);
    if (offerIsDue(order)) await this.expireOffers(order.id);
    return (await this.viewsOf([order.id]))[0];
  }

  private async findVisible(actor: Actor, id: string): Promise<BranchOrder> {
    const qb = this.orders.createQueryBuilder('o').where('o.id = :id', { id });
    this.applyScope(qb, actor);
    const order = await qb.getOne();
    if (order) return order;
    // A lecturer may also read an open order they could claim.
    if (actor.role === 'lecturer' && actor.lecturerId !== null) {
      const open = await this.orders.findOneBy({ id, status: 'pending' });
      if (open && (await this.qualifiesStatically(open, actor.lecturerId))) return open;
    }
    throw OrderErrors.ORDER_NOT_FOUND();
  }

  /** The order's own columns under their property names, so that a row reads as a BranchOrder. */
  private orderColumnList?: string;
  private get orderColumns(): string {
    return (this.orderColumnList ??= this.orders.metadata.columns.map((c) => `o.${c.databaseName} AS "${c.propertyName}"`).join(', '));
  }

  /** An order with its active booking and whole history, as JSON columns beside the order's own. */
  private viewSql(from: string, extraColumns = ''): string {
    return `SELECT ${this.orderColumns}${extraColumns},
        (SELECT json_agg(json_build_object('at', h.at, 'actorId', h.actor_id, 'fromStatus', h.from_status, 'toStatus', h.to_status,
           'lecturerId', h.lecturer_id, 'reason', h.reason) ORDER BY h.id) FROM order_history h WHERE h.order_id = o.id) AS history_json,
        (SELECT json_build_object('lecturerId', b.lecturer_id, 'startsAt', b.starts_at, 'endsAt', b.ends_at)
           FROM bookings b WHERE b.order_id = o.id AND b.released_at IS NULL) AS booking_json
      ${from}`;
  }

  private toViews(rows: Array<BranchOrder & { history_json: HistoryRow[] | null; booking_json: BookingRow | null }>): OrderView[] {
    return rows.map((r) => toOrderView(r, r.booking_json, r.history_json ?? []));
  }

  /**
   * One page of what a query selects, with the total, in one prepared statement: the page's ids and a
   * window count come from the filter (over the index), and only those orders get their booking and
   * history.
   */
  private async selectViews(qb: SelectQueryBuilder<BranchOrder>, page: { limit: number; offset: number }): Promise<Page<OrderView>> {
    const [filter, params] = qb.select('o.id', 'id').addSelect('o.created_at', 'created_at').addSelect('count(*) OVER ()', 'total')
      .orderBy('o.created_at', 'DESC').addOrderBy('o.id').limit(page.limit).offset(page.offset).getQueryAndParameters();
    const rows = await preparedQuery<BranchOrder & { total: string; history_json: HistoryRow[] | null; booking_json: BookingRow | null }>(this.dataSource,
      `WITH page AS (${filter}) ${this.viewSql('FROM page JOIN orders o ON o.id = page.id ORDER BY page.created_at DESC, page.id', ', page.total')}`, params);
    // Past the last page the window count is not there: count separately.
    const total = rows.length > 0 ? Number(rows[0].total) : page.offset > 0 ? await qb.select('o.id').limit(undefined).offset(undefined).orderBy().getCount() : 0;
    return { items: this.toViews(rows), total };
  }

  /** The orders with these ids, in this order, each with its active booking and whole history, in one query. */
  private async viewsOf(ids: string[]): Promise<OrderView[]> {
    if (ids.length === 0) return [];
    const rows = await preparedQuery<BranchOrder & { history_json: HistoryRow[] | null; booking_json: BookingRow | null }>(this.dataSource,
      this.viewSql('FROM orders o WHERE o.id = ANY($1::uuid[])'), [ids]);
    const byId = new Map(this.toViews(rows).map((v) => [v.id, v]));
    return ids.map((id) => byId.get(id)).filter((v): v is OrderView => v !== undefined);
  }

  // ---- transitions -------------------------------------------------------------------------------

  /**
   * Runs one transition: locks the order row (so that racing requests are serialised), returns an
   * expired offer to pending first, checks the state machine and the actor's right to the order,
   * applies `work`, and records the transition in the history, all in one transaction.
   */
  private async transition(
    actor: Actor,
    id: string,
    action: OrderAction,
    opts: { reason?: string; conflict?: (status: OrderStatus) => Error; work?: (locked: LockedOrder, manager: EntityManager) => Promise<{ lecturerId?: string } | void> },
  ): Promise<OrderView> {
    await inTransaction(this.dataSource, async (manager) => {
      const locked = await this.lockVisible(manager, actor, id);
      const { order } = locked;
      if (!canTransition(order.status, action)) throw (opts.conflict?.(order.status) ?? OrderErrors.ORDER_STATE_CONFLICT(`The order is ${order.status}; it cannot be ${action}ed.`));
      const from = order.status;
      const extra = (await opts.work?.(locked, manager)) ?? {};
      order.status = nextStatus(action);
      await manager.getRepository(BranchOrder).save(order);
      await this.record(manager, order.id, actor.accountId, from, order.status, { reason: opts.reason, lecturerId: extra.lecturerId });
    });
    return this.viewById(id);
  }

  private async viewById(id: string): Promise<OrderView> {
    const [view] = await this.viewsOf([id]);
    if (!view) throw OrderErrors.ORDER_NOT_FOUND();
    return view;
  }

  /**
   * The order row, locked for update, if the actor may act on it (else not found); an offer past its
   * expiry is then returned to pending, so the offered lecturer learns it expired.
   */
  private async lockVisible(manager: EntityManager, actor: Actor, id: string): Promise<LockedOrder> {
    const order = await manager.getRepository(BranchOrder).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw OrderErrors.ORDER_NOT_FOUND();
    const branch = await this.branches.findWithRegion(order.branchId, manager);
    if (!(await this.mayAct(manager, actor, order, branch))) throw OrderErrors.ORDER_NOT_FOUND();
    if (offerIsDue(order)) {
      const lecturerId = order.offeredLecturerId ?? undefined;
      this.clearOffer(order);
      order.status = 'pending';
      await manager.getRepository(BranchOrder).save(order);
      await this.record(manager, order.id, null, 'offered', 'pending', { lecturerId, reason: 'offer expired' });
    }
    return { order, branch };
  }

  private async mayAct(manager: EntityManager, actor: Actor, order: BranchOrder, branch: BranchWithRegion): Promise<boolean> {
    if (actor.role === 'branch') return order.branchId === actor.branchId;
    if (actor.role === 'admin') return actor.regionId === null || branch.regionPath.includes(actor.regionId);
    const me = actor.lecturerId;
    if (me === null) return false;
    if (order.offeredLecturerId === me) return true;
    if ((await this.bookings.findActive([order.id], manager)).some((b) => b.lecturerId === me)) return true;
    // A lecturer who could have claimed it learns that it is taken (409), not that it vanished.
    return this.qualifiesStatically(order, me, manager);
  }

  private clearOffer(order: BranchOrder): void {
    order.offeredLecturerId = null;
    order.offeredStartsAt = null;
    order.offerExpiresAt = null;
  }

  /** 派单: an admin offers the order to one lecturer at one start; the offer expires if not answered. */
  offer(actor: Actor, id: string, dto: OfferDto): Promise<OrderView> {
    return this.transition(actor, id, 'offer', {
      conflict: () => OrderErrors.ORDER_NOT_PENDING(),
      work: async ({ order, branch }, manager) => {
        const startsAt = new Date(dto.startsAt);
        await this.eligibility.assertCanTake(manager, { order, branch, lecturerId: dto.lecturerId, startsAt, lock: false });
        order.offeredLecturerId = dto.lecturerId;
        order.offeredStartsAt = startsAt;
        order.offerExpiresAt = new Date(Date.now() + this.config.OFFER_TTL_MINUTES * 60_000);
        return { lecturerId: dto.lecturerId };
      },
    });
  }

  /** 接单: accept an offer made to you, or claim an open order you qualify for (抢单). */
  async accept(actor: Actor, id: string, dto: AcceptDto): Promise<OrderView> {
    const me = actor.lecturerId as string;
    const peek = await this.orders.findOneBy({ id });
    const isOffer = peek?.status === 'offered' && peek.offeredLecturerId === me;
    return this.transition(actor, id, isOffer ? 'acceptOffer' : 'claim', {
      conflict: (status) => {
        if (status === 'accepted' || status === 'completed') return OrderErrors.ORDER_ALREADY_ACCEPTED();
        if (status === 'offered') return OrderErrors.ORDER_NOT_OFFERED_TO_YOU();
        if (status === 'pending' && isOffer) return OrderErrors.OFFER_EXPIRED();
        return OrderErrors.ORDER_NOT_PENDING(`The order is ${status}.`);
      },
      work: async ({ order, branch }, manager) => {
        let startsAt: Date;
        if (isOffer) {
          startsAt = order.offeredStartsAt as Date;
          this.clearOffer(order);
        } else {
          if (dto.startsAt === undefined) throw OrderErrors.START_REQUIRED();
          startsAt = new Date(dto.startsAt);
        }
        const decision = await this.eligibility.assertCanTake(manager, { order, branch, lecturerId: me, startsAt, lock: true });
        await this.bookings.book(manager, { orderId: order.id, lecturerId: me, startsAt, endsAt: decision.endsAt, travelMinutes: decision.travelMinutes });
        return { lecturerId: me };
      },
    });
  }

  /** The offered lecturer says no: the order goes back to the queue and is not offered to them again. */
  decline(actor: Actor, id: string, reason?: string): Promise<OrderView> {
    return this.transition(actor, id, 'decline', {
      reason,
      conflict: () => OrderErrors.ORDER_NOT_OFFERED_TO_YOU(),
      work: async ({ order }, manager) => {
        if (order.offeredLecturerId !== actor.lecturerId) throw OrderErrors.ORDER_NOT_OFFERED_TO_YOU();
        await manager.query('INSERT INTO order_declines (order_id, lecturer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [order.id, actor.lecturerId]);
        this.clearOffer(order);
        return { lecturerId: actor.lecturerId as string };
      },
    });
  }

  cancel(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transition(actor, id, 'cancel', {
      reason,
      work: async ({ order }, manager) => {
        this.clearOffer(order);
        await this.bookings.release(manager, order.id);
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
      work: async ({ order }, manager) => {
        const [booking] = await this.bookings.findActive([order.id], manager);
        if (booking && order.ratingScore !== null) await this.lecturers.addRating(booking.lecturerId, -order.ratingScore, manager, -1);
        await this.bookings.release(manager, order.id);
        return booking ? { lecturerId: booking.lecturerId } : {};
      },
    });
  }

  reject(actor: Actor, id: string, reason: string): Promise<OrderView> {
    return this.transition(actor, id, 'reject', { reason, conflict: () => OrderErrors.ORDER_NOT_PENDING() });
  }

  /** 授课: the booked lecturer reports the lecture given, once its booked start has passed. */
  complete(actor: Actor, id: string, dto: CompleteDto): Promise<OrderView> {
    return this.transition(actor, id, 'complete', {
      work: async ({ order }, manager) => {
        const [booking] = await this.bookings.findActive([order.id], manager);
        if (!booking || booking.lecturerId !== actor.lecturerId) throw OrderErrors.ORDER_NOT_FOUND();
        if (booking.startsAt.getTime() > Date.now()) throw OrderErrors.LECTURE_NOT_STARTED();
        order.attendance = dto.attendance;
        order.startedAt = dto.startedAt === undefined ? booking.startsAt : new Date(dto.startedAt);
        order.summary = dto.summary;
        order.completedAt = new Date();
        return { lecturerId: booking.lecturerId };
      },
    });
  }

  /** 评单: the ordering branch rates a completed lecture once; the score feeds the lecturer's rating. */
  async rate(actor: Actor, id: string, dto: RatingDto): Promise<OrderView> {
    await inTransaction(this.dataSource, async (manager) => {
      const { order } = await this.lockVisible(manager, actor, id);
      if (order.status !== 'completed') throw OrderErrors.ORDER_STATE_CONFLICT('Only a completed lecture can be rated.');
      if (order.ratingScore !== null) throw OrderErrors.ORDER_ALREADY_RATED();
      const [booking] = await this.bookings.findActive([order.id], manager);
      order.ratingScore = dto.score;
      order.ratingComment = dto.comment ?? null;
      order.ratedAt = new Date();
      await manager.getRepository(BranchOrder).save(order);
      if (booking) await this.lecturers.addRating(booking.lecturerId, dto.score, manager);
    });
    return this.viewById(id);
  }

  /**
   * Makes many offers at once (a scheduling run), in the caller's transaction: each order is offered
   * only if it is still pending (compare-and-set), so orders that changed meanwhile are skipped and
   * no order is ever offered twice. Returns the ids offered.
   */
  async offerBatch(manager: EntityManager, actor: Actor, plan: Array<{ orderId: string; lecturerId: string; startsAt: Date }>, reason: string): Promise<string[]> {
    if (plan.length === 0) return [];
    const rows: Array<{ order_id: string }> = await manager.query(
      `WITH plan AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS p(order_id, lecturer_id, starts_at)),
       offered AS (
         UPDATE orders o SET status = 'offered', offered_lecturer_id = p.lecturer_id, offered_starts_at = p.starts_at,
           offer_expires_at = now() + make_interval(mins => $4), updated_at = now()
         FROM plan p WHERE o.id = p.order_id AND o.status = 'pending' RETURNING o.id, p.lecturer_id
       )
       INSERT INTO order_history (order_id, actor_id, from_status, to_status, lecturer_id, reason)
       SELECT id, $5, 'pending', 'offered', lecturer_id, $6 FROM offered RETURNING order_id`,
      [plan.map((p) => p.orderId), plan.map((p) => p.lecturerId), plan.map((p) => p.startsAt), this.config.OFFER_TTL_MINUTES, actor.accountId, reason],
    );
    return rows.map((r) => r.order_id);
  }

  // ---- offers' expiry ----------------------------------------------------------------------------

  /** Returns every offer past its expiry (or one order's) to pending, with a history entry each. */
  async expireOffers(orderId?: string): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id, offered_lecturer_id FROM orders
         WHERE status = 'offered' AND offer_expires_at <= now() ${orderId ? 'AND id = $1' : ''}
         FOR UPDATE SKIP LOCKED
       ), expired AS (
         UPDATE orders o SET status = 'pending', offered_lecturer_id = NULL, offered_starts_at = NULL, offer_expires_at = NULL, updated_at = now()
         FROM due WHERE o.id = due.id RETURNING o.id, due.offered_lecturer_id
       )
       INSERT INTO order_history (order_id, actor_id, from_status, to_status, lecturer_id, reason)
       SELECT id, NULL, 'offered', 'pending', offered_lecturer_id, 'offer expired' FROM expired RETURNING order_id`,
      orderId ? [orderId] : [],
    );
    return rows.length;
  }
}
