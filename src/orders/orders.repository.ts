import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { type LecturerFacts, offerEndSql, type TakenTime, toTakenIntervals } from '../bookings/rule-inputs.js';
import { asciiJson } from '../common/ascii-json.js';
import { type IdempotencyClaim, IdempotencyService } from '../common/idempotency.js';
import {
  foldedPage,
  type FoldedPageRow,
  foldedPageSql,
  type JsonPage,
  microsSql,
  orderBySql,
  type PageQuery,
  pageSql,
  pageStart,
  type SortColumn,
} from '../common/pagination.js';
import { SqlParams } from '../common/sql.js';
import { GenericPlanReads, preparedQuery } from '../database/prepared-query.js';
import { Clock } from '../kernel/clock.js';
import { blockedSpan, bookingDriveMinutes, readAroundMs, travelKm } from '../kernel/geo.js';
import { atLocalSql } from '../kernel/time.js';
import { OFFER_EXPIRED_REASON, type OrderStatus, type RegionLevel, TOUR_STOP_STRANDED_REASON } from '../kernel/vocabulary.js';
import { weakOnPathSql, withinSubtreeSql } from '../regions/region-scope.js';
import type { SolverOrder } from '../scheduling/solver/types.js';
import { BranchOrder } from './branch-order.entity.js';
import { OrderHistoryEntry } from './order-history.entity.js';
import type { OrderViewJson } from './order-view.js';
import { type EvidenceFilter, FAR_FROM_BRANCH_KM, type OrderView } from './orders.dto.js';
import type { TourLink } from './tour-chains.js';

/** The order `o` (an alias) is on the way of the lecturer (a placeholder): still offered to them, or booked with them. */
const onTourOfSql = (o: string, lecturer: string) =>
  `((${o}.status = 'offered' AND ${o}.offered_lecturer_id = ${lecturer})
    OR EXISTS (SELECT 1 FROM bookings b WHERE b.order_id = ${o}.id AND b.lecturer_id = ${lecturer} AND b.released_at IS NULL))`;

/** A tour's later stop whose stop before left its lecturer's way: booked coming from there, or offered as following it. */
export interface StrandedStop {
  orderId: string;
  lecturerId: string;
  booked: boolean;
}

/** What a list of orders is narrowed to, besides what the actor may see. */
export interface OrderFilter {
  status?: OrderStatus;
  branchId?: string;
  /** Offered to or booked with this lecturer. */
  lecturerId?: string;
  /** The ordering branch's region lies in this subtree. */
  regionId?: string;
  /** The window reaches this instant. */
  from?: Date;
  /** The window starts before this instant. */
  to?: Date;
  /** far: a photo was taken farther than FAR_FROM_BRANCH_KM from the branch; none: given with no photo. */
  evidence?: EvidenceFilter;
  /** Completed and rated (true) or completed and not yet rated (false). */
  rated?: boolean;
}

/** Which pending orders the rules and the solver are given. */
export interface SchedulableScope {
  /** An admin's region subtree; null = the whole city. */
  regionId: string | null;
  from?: Date;
  to?: Date;
  /** Only this order (candidates). */
  orderId?: string;
  /** Only orders of a format, language and course or topic this lecturer has (their open orders, to claim). */
  claimableBy?: Pick<LecturerFacts, 'id' | 'topics' | 'languages' | 'formats'>;
}

/** One transition as the history keeps it. */
export interface HistoryEntry {
  orderId: string;
  actorId: string | null;
  from: OrderStatus | null;
  to: OrderStatus;
  lecturerId?: string;
  reason?: string;
}

/** One offer of a scheduling run. */
export interface PlannedOffer {
  orderId: string;
  lecturerId: string;
  startsAt: Date;
  /** A stop of a tour after its first: the tour's previous stop. */
  afterOrderId?: string;
}

/** The response to record with a placement made under an Idempotency-Key. */
export interface IdempotentResponse {
  claim: IdempotencyClaim;
  status: number;
  body: unknown;
}

interface SolverOrderRow {
  id: string;
  branch_id: string;
  course_id: string | null;
  topic: string;
  title: string;
  format: string;
  language: string;
  earliest_start: Date;
  latest_start: Date;
  duration_minutes: number;
  latitude: number;
  longitude: number;
  region_level: RegionLevel;
  remote: boolean;
  border: boolean;
  weak: boolean;
  lectures_this_year: number;
  course_lecturer_ids: string[] | null;
  declined: string[] | null;
  preferred_lecturer_id: string | null;
}

/** An outstanding offer's lecture, with the places its drive may start from. */
interface OfferedLectureRow {
  lecturerId: string;
  start: Date;
  minutes: number;
  format: string;
  branchLatitude: number;
  branchLongitude: number;
  homeLatitude: number;
  homeLongitude: number;
  previousLatitude: number | null;
  previousLongitude: number | null;
}

/** The span an offer's booking would block: its lecture, and on site the longer drive of those it may be booked with. */
function offeredSpan(r: OfferedLectureRow, travelSpeedKmh: number): TakenTime['intervals'][number] {
  const branch = { latitude: r.branchLatitude, longitude: r.branchLongitude };
  const drive = (latitude: number | null, longitude: number | null) =>
    latitude === null || longitude === null ? 0 : bookingDriveMinutes(r.format, travelKm({ latitude, longitude }, branch), travelSpeedKmh);
  const minutes = Math.max(drive(r.homeLatitude, r.homeLongitude), drive(r.previousLatitude, r.previousLongitude));
  return { lecturerId: r.lecturerId, ...blockedSpan(new Date(r.start).getTime(), r.minutes, minutes) };
}

/** The order `o`'s branch lies in the region subtree of `regionId`. */
function branchWithinSql(p: SqlParams, regionId: string): string {
  const within = withinSubtreeSql('sr.path', p.add(regionId));
  return `EXISTS (SELECT 1 FROM branches sb JOIN regions sr ON sr.id = sb.region_id WHERE sb.id = o.branch_id AND ${within})`;
}

/** The order `o` is offered to or booked with the lecturer (placeholder `me`). */
function withLecturerSql(me: string, offeredOnly: boolean): string {
  const offered = offeredOnly ? `(o.status = 'offered' AND o.offered_lecturer_id = ${me})` : `o.offered_lecturer_id = ${me}`;
  return `(${offered} OR EXISTS (SELECT 1 FROM bookings lb WHERE lb.order_id = o.id AND lb.lecturer_id = ${me}))`;
}

/**
 * What the actor may see of orders `o`: a branch its own, a lecturer its offers and bookings, an admin its region
 * subtree. Read one at a time (`oneOrder`), a lecturer also sees an order cancelled while it was offered to them,
 * so that the link of the `order.cancelled` notification that told them shows what became of it, and acting on it
 * is a 409, not a 404; and an order offered to or booked with them that went back to the queue (declined, expired,
 * withdrawn, a tour's stop sent back), as long as it waits there: the link of the offer's notification shows what
 * became of it, and a decline sent again (a retry on a bad connection) is a 409, not a 404. Once another has it, it
 * is not theirs any more. Lists keep to the lecturer's current offers and bookings.
 */
function visibleToSql(p: SqlParams, actor: Actor, oneOrder = false): string[] {
  if (actor.role === 'branch') return [`o.branch_id = ${p.add(actor.branchId)}`];
  if (actor.role === 'lecturer') {
    const me = p.add(actor.lecturerId);
    const current = withLecturerSql(me, true);
    const goneFromMe = `EXISTS (SELECT 1 FROM order_history lh WHERE lh.order_id = o.id AND lh.lecturer_id = ${me}
      AND (lh.to_status = 'cancelled' OR (lh.from_status IN ('offered', 'accepted') AND lh.to_status = 'pending' AND o.status = 'pending')))`;
    return [oneOrder ? `(${current} OR ${goneFromMe})` : current];
  }
  return actor.regionId === null ? [] : [branchWithinSql(p, actor.regionId)];
}

/** Orders whose window touches the period [from, to): a lecture could fall in it. */
function periodSql(p: SqlParams, period: { from?: Date; to?: Date }): string[] {
  const where: string[] = [];
  if (period.from) where.push(`o.latest_start >= ${p.add(period.from)}`);
  if (period.to) where.push(`o.earliest_start < ${p.add(period.to)}`);
  return where;
}

function filterSql(p: SqlParams, f: OrderFilter): string[] {
  const where: string[] = [];
  if (f.status !== undefined) where.push(`o.status = ${p.add(f.status)}`);
  if (f.branchId !== undefined) where.push(`o.branch_id = ${p.add(f.branchId)}`);
  if (f.lecturerId !== undefined) where.push(withLecturerSql(p.add(f.lecturerId), false));
  if (f.regionId !== undefined) where.push(branchWithinSql(p, f.regionId));
  where.push(...periodSql(p, f));
  const photos = 'SELECT 1 FROM evidence_photos ep WHERE ep.order_id = o.id';
  if (f.evidence === 'far') where.push(`EXISTS (${photos} AND ep.km_from_branch > ${p.add(FAR_FROM_BRANCH_KM)})`);
  if (f.evidence === 'none') where.push(`o.status = 'completed' AND NOT EXISTS (${photos})`);
  if (f.rated !== undefined) where.push(`o.status = 'completed' AND o.rated_at IS ${f.rated ? 'NOT ' : ''}NULL`);
  return where;
}

/**
 * Whether the counter rows (orders per branch and status) hold the list's total: they do when the list is
 * narrowed by branch, region and status only, not by lecturer or period.
 */
function countsKeepTotal(actor: Actor, f: OrderFilter): boolean {
  return (
    actor.role !== 'lecturer' &&
    f.lecturerId === undefined &&
    f.from === undefined &&
    f.to === undefined &&
    f.evidence === undefined &&
    f.rated === undefined
  );
}

/** Newest first; the id breaks ties. */
const ORDER_SORT: SortColumn[] = [
  { sql: 'o.created_at', kind: 'timestamp', desc: true },
  { sql: 'o.id', kind: 'uuid' },
];

const and = (where: string[]) => (where.length === 0 ? 'true' : where.join(' AND '));

function toSolverOrder(r: SolverOrderRow): SolverOrder {
  return {
    id: r.id,
    branchId: r.branch_id,
    courseId: r.course_id,
    ...(r.course_id !== null ? { courseLecturerIds: r.course_lecturer_ids ?? [] } : {}),
    topic: r.topic,
    title: r.title,
    format: r.format,
    language: r.language,
    earliestStart: new Date(r.earliest_start).getTime(),
    latestStart: new Date(r.latest_start).getTime(),
    durationMinutes: r.duration_minutes,
    branch: {
      latitude: r.latitude,
      longitude: r.longitude,
      regionLevel: r.region_level,
      remote: r.remote,
      border: r.border,
      weak: r.weak,
      lecturesThisYear: r.lectures_this_year,
    },
    declinedLecturerIds: r.declined ?? [],
    ...(r.preferred_lecturer_id !== null ? { namedLecturerId: r.preferred_lecturer_id } : {}),
  };
}

/** Every statement on orders and their history. Writes of a transition run in the caller's transaction (`manager`). */
@Injectable()
export class OrdersRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly listReads: GenericPlanReads,
  ) {}

  /** Now, as a query parameter: the app's clock, not the database's, decides what has passed. */
  private now(): Date {
    return new Date(this.clock.now());
  }

  // ---- placing -----------------------------------------------------------------------------------

  /**
   * Inserts a new pending order with its first history entry, its stored view (the answer's own, the same text
   * the database would work out: a medium test holds the two equal, so the database need not work it out here)
   * and, under an Idempotency-Key, the
   * recorded response: one prepared statement, so the hot path is one round trip and one commit.
   */
  async insertPlaced(order: BranchOrder, view: OrderView, idempotent?: IdempotentResponse): Promise<void> {
    const p = new SqlParams();
    const at = p.add(order.createdAt);
    const by = p.add(order.placedBy);
    const values = [
      order.id,
      order.branchId,
      order.courseId,
      order.topic,
      order.title,
      order.format,
      order.earliestStart,
      order.latestStart,
      order.durationMinutes,
      order.expectedAudience,
      order.language,
      order.preferredLecturerId,
      order.notes,
    ].map((v) => p.add(v));
    const record = idempotent ? `, ${IdempotencyService.recordCte(p, idempotent.claim, idempotent)}` : '';
    await preparedQuery(
      this.dataSource,
      `WITH o AS (
        INSERT INTO orders (id, branch_id, course_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience,
          language, preferred_lecturer_id, notes, status, placed_by, created_at, updated_at)
        VALUES (${values.join(', ')}, 'pending', ${by}, ${at}, ${at}) RETURNING id
      ), h AS (
        INSERT INTO order_history (order_id, at, actor_id, from_status, to_status) SELECT id, ${at}, ${by}, NULL, 'pending' FROM o RETURNING 1
      ), v AS (
        INSERT INTO order_views (order_id, body) SELECT id, ${p.add(asciiJson(view))}::json FROM o RETURNING 1
      )${record} SELECT 1`,
      p.values,
    );
  }

  // ---- views -------------------------------------------------------------------------------------

  /** The order's own columns under their property names, so that a row reads as a BranchOrder. */
  private orderColumnList?: string;
  private get orderColumns(): string {
    this.orderColumnList ??= this.dataSource
      .getMetadata(BranchOrder)
      .columns.map((c) => `o.${c.databaseName} AS "${c.propertyName}"`)
      .join(', ');
    return this.orderColumnList;
  }

  /**
   * Orders `o` with their views as the API's JSON text (`order_views`, kept by triggers; see its migration).
   * `orders` is the FROM list that names the orders `o`, `rest` what follows the join.
   */
  private viewSql(orders: string, rest: string, extraColumns = ''): string {
    return `SELECT o.id, v.body::text AS body${extraColumns} FROM ${orders} JOIN order_views v ON v.order_id = o.id ${rest}`;
  }

  /**
   * One page of the orders the actor may see that pass the filter, newest first, in one prepared statement that
   * answers one row: the page's views folded into one JSON text (foldedPageSql). A page from a cursor (or the
   * first page) reads its rows straight from an index range; a page past an offset first finds its ids over the
   * index alone (skipping rows costs no heap reads), then reads only those views. An offset page's total rides
   * in the same statement (see countSql).
   */
  async pageOfViews(actor: Actor, filter: OrderFilter, q: PageQuery): Promise<JsonPage> {
    const start = pageStart(q, ORDER_SORT);
    const p = new SqlParams();
    const where = and([...visibleToSql(p, actor), ...filterSql(p, filter)]);
    const total = 'offset' in start ? `, (${this.countSql(where, countsKeepTotal(actor, filter))}) AS total` : '';
    const { after, tail } = pageSql(start, (v) => p.add(v));
    const numbered = `${microsSql('o.created_at')} AS cursor_at, row_number() OVER (ORDER BY ${orderBySql(ORDER_SORT)}) AS n`;
    const rows =
      'offset' in start && start.offset > 0
        ? this.viewSql(`(SELECT o.id, o.created_at FROM orders o WHERE ${and([where, after])} ${tail}) o`, '', `, ${numbered}`)
        : this.viewSql('orders o', `WHERE ${and([where, after])} ${tail}`, `, ${numbered}`);
    const [page] = await this.listReads.query<FoldedPageRow>(foldedPageSql(rows, start.limit, total), p.values);
    return foldedPage(page, start);
  }

  /**
   * How many orders pass `where`: a sum over the counter rows (`order_counts`, aliased `o` like the orders,
   * so that the same conditions apply) where they keep that total, else a count of the orders themselves.
   */
  private countSql(where: string, fromCounters: boolean): string {
    return fromCounters
      ? `SELECT coalesce(sum(o.orders), 0)::int FROM order_counts o WHERE ${where}`
      : `SELECT count(*)::int FROM orders o WHERE ${where}`;
  }

  /** The views of the orders with these ids, in this order, as the API's JSON text, in one query. */
  async viewsOf(ids: string[]): Promise<OrderViewJson[]> {
    if (ids.length === 0) return [];
    const rows = await preparedQuery<{ id: string; body: OrderViewJson }>(
      this.dataSource,
      this.viewSql('orders o', 'WHERE o.id = ANY($1::uuid[])'),
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r.body]));
    return ids.map((id) => byId.get(id)).filter((v): v is OrderViewJson => v !== undefined);
  }

  // ---- single orders -----------------------------------------------------------------------------

  /** The order if the actor may see it through its role (not through a claim it could make). */
  async findVisible(actor: Actor, id: string): Promise<BranchOrder | undefined> {
    const p = new SqlParams();
    const where = and([`o.id = ${p.add(id)}`, ...visibleToSql(p, actor, true)]);
    const rows: BranchOrder[] = await this.dataSource.query(`SELECT ${this.orderColumns} FROM orders o WHERE ${where}`, p.values);
    return rows[0];
  }

  /**
   * How the order's last step ended an offer to the lecturer, if the platform ended it: expired unanswered, or withdrawn
   * as a tour's stop whose stop before fell away (they may still try to accept it).
   */
  async howLastOfferEnded(manager: EntityManager, orderId: string, lecturerId: string): Promise<'expired' | 'withdrawn' | undefined> {
    const rows: Array<{ reason: string | null }> = await manager.query(
      `SELECT CASE WHEN from_status = 'offered' AND to_status = 'pending' AND lecturer_id = $2 AND actor_id IS NULL THEN reason END AS reason
       FROM order_history WHERE order_id = $1 ORDER BY id DESC LIMIT 1`,
      [orderId, lecturerId],
    );
    const reason = rows[0]?.reason;
    return reason === OFFER_EXPIRED_REASON ? 'expired' : reason === TOUR_STOP_STRANDED_REASON ? 'withdrawn' : undefined;
  }

  /**
   * Whether the lecturer will be at order `orderId`'s village the day before a later stop of its tour: it is still
   * offered to them, or booked with them. A stop they declined, let expire, or that went to someone else or was
   * cancelled is not on their way.
   */
  async isOnTourOf(manager: EntityManager, orderId: string, lecturerId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM orders o WHERE o.id = $1 AND ${onTourOfSql('o', '$2')}`, [
      orderId,
      lecturerId,
    ]);
    return rows.length > 0;
  }

  /**
   * Tour stops booked coming from, or offered as following, a village their lecturer will no longer be in: the stop
   * before (`of.from`, or any) is no longer on their way (`isOnTourOf`). Each with its lecturer. With `of.stop`, that
   * stop alone if it is one (read again once it is locked: a stop being accepted meanwhile was found offered).
   */
  async strandedStops(manager: EntityManager, of: { from?: string; stop?: string } = {}): Promise<StrandedStop[]> {
    const p = new SqlParams();
    const [from, stop] = [of.from, of.stop].map((id) => (id === undefined ? undefined : p.add(id)));
    const narrowed = (fromColumn: string, stopColumn: string) =>
      [from ? `AND ${fromColumn} = ${from}` : '', stop ? `AND ${stopColumn} = ${stop}` : ''].join(' ');
    return manager.query(
      `SELECT stop.order_id AS "orderId", stop.lecturer_id AS "lecturerId", true AS booked FROM bookings stop JOIN orders o ON o.id = stop.travel_from_order_id
       WHERE stop.released_at IS NULL AND stop.travel_from_order_id IS NOT NULL ${narrowed('stop.travel_from_order_id', 'stop.order_id')}
         AND NOT ${onTourOfSql('o', 'stop.lecturer_id')}
       UNION ALL
       SELECT stop.id, stop.offered_lecturer_id, false FROM orders stop JOIN orders o ON o.id = stop.offered_after_order_id
       WHERE stop.status = 'offered' AND stop.offered_after_order_id IS NOT NULL ${narrowed('stop.offered_after_order_id', 'stop.id')}
         AND NOT ${onTourOfSql('o', 'stop.offered_lecturer_id')}`,
      p.values,
    );
  }

  /**
   * The lecturer's later stops of tours still to come: offers made as following a stop still on their way
   * (`isOnTourOf`), and stops booked coming from the village before, not yet given (a booking's link goes when its
   * stop before leaves their way).
   */
  async tourLinksOf(lecturerId: string): Promise<TourLink[]> {
    return this.dataSource.query(
      `SELECT o.id AS "orderId", o.offered_after_order_id AS "afterOrderId" FROM orders o JOIN orders p ON p.id = o.offered_after_order_id
       WHERE o.status = 'offered' AND o.offered_lecturer_id = $1 AND ${onTourOfSql('p', '$1')}
       UNION ALL
       SELECT b.order_id, b.travel_from_order_id FROM bookings b JOIN orders o ON o.id = b.order_id AND o.status = 'accepted'
       WHERE b.lecturer_id = $1 AND b.released_at IS NULL AND b.travel_from_order_id IS NOT NULL`,
      [lecturerId],
    );
  }

  /** Whether the actor may see order `id` by the rule the lists and GET apply, read in the caller's transaction. */
  async isVisible(manager: EntityManager, actor: Actor, id: string): Promise<boolean> {
    const p = new SqlParams();
    const where = and([`o.id = ${p.add(id)}`, ...visibleToSql(p, actor, true)]);
    const rows: unknown[] = await manager.query(`SELECT 1 FROM orders o WHERE ${where}`, p.values);
    return rows.length > 0;
  }

  async findById(id: string, opts: { status?: OrderStatus } = {}): Promise<BranchOrder | null> {
    return this.dataSource.getRepository(BranchOrder).findOneBy({ id, ...(opts.status ? { status: opts.status } : {}) });
  }

  /**
   * The order row, locked until the transaction ends, so that racing transitions are serialised. FOR NO KEY UPDATE
   * (a transition never changes the order's id): rows that merely reference the order (a tour stop's booking coming
   * from it) are written beside the lock rather than behind it. Under FOR UPDATE, a decline holding the stop before
   * and waiting for the next stop deadlocked with that stop's accept, which held it and waited to reference the first.
   */
  async lock(manager: EntityManager, id: string): Promise<BranchOrder | null> {
    return manager.getRepository(BranchOrder).findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  async save(manager: EntityManager, order: BranchOrder): Promise<void> {
    await manager.getRepository(BranchOrder).save(order);
  }

  async record(manager: EntityManager, entry: HistoryEntry): Promise<void> {
    const repo = manager.getRepository(OrderHistoryEntry);
    await repo.save(
      repo.create({
        orderId: entry.orderId,
        actorId: entry.actorId,
        fromStatus: entry.from,
        toStatus: entry.to,
        lecturerId: entry.lecturerId ?? null,
        reason: entry.reason ?? null,
        at: new Date(),
      }),
    );
  }

  /** The lecturer is not offered the order again. */
  async addDecline(manager: EntityManager, orderId: string, lecturerId: string): Promise<void> {
    await manager.query('INSERT INTO order_declines (order_id, lecturer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [orderId, lecturerId]);
  }

  // ---- as the rules see them ---------------------------------------------------------------------

  /** One order, whatever its state, as the hard rules see it: its branch's place and flags, its course's lecturers, who declined it. */
  async forRules(manager: EntityManager, orderId: string): Promise<SolverOrder | undefined> {
    return (await this.allForRules(manager, [orderId]))[0];
  }

  /** Several orders as the rules see them (in the order they were placed; ids not found are left out). */
  allForRules(manager: EntityManager, orderIds: string[]): Promise<SolverOrder[]> {
    const p = new SqlParams();
    return this.solverOrders(manager, p, [`o.id = ANY(${p.add(orderIds)}::uuid[])`]);
  }

  /**
   * The pending orders in scope whose window has not passed, as the rules and the solver see them, oldest first,
   * each window cut to what is still to come and lies in the period asked for: a run, a ranking or a claim never
   * proposes a start already past (it would be booked, reported at once and counted in a month gone by) or outside
   * the period an admin planned.
   */
  async schedulable(scope: SchedulableScope, manager: EntityManager = this.dataSource.manager): Promise<SolverOrder[]> {
    const earliest = Math.max(this.clock.now() + 1, scope.from?.getTime() ?? -Infinity);
    const latest = scope.to === undefined ? Infinity : scope.to.getTime() - 1;
    const orders = await this.schedulableAsPlaced(scope, manager);
    return orders.map((o) => ({ ...o, earliestStart: Math.max(o.earliestStart, earliest), latestStart: Math.min(o.latestStart, latest) }));
  }

  /**
   * The same orders with their windows as placed: a lecturer's open orders are listed, and paged by cursor, by the
   * stored start of their window (the cut one moves with the clock, so a cursor on it never gets past the orders
   * whose window has begun).
   */
  schedulableAsPlaced(scope: SchedulableScope, manager: EntityManager = this.dataSource.manager): Promise<SolverOrder[]> {
    const p = new SqlParams();
    const where = [`o.status = 'pending'`, `o.latest_start > ${p.add(this.now())}`];
    if (scope.regionId !== null) where.push(withinSubtreeSql('r.path', p.add(scope.regionId)));
    where.push(...periodSql(p, scope));
    if (scope.orderId) where.push(`o.id = ${p.add(scope.orderId)}`);
    if (scope.claimableBy) {
      const l = scope.claimableBy;
      where.push(`o.format = ANY(${p.add(l.formats)}) AND o.language = ANY(${p.add(l.languages)})`);
      where.push(`((o.course_id IS NULL AND o.topic = ANY(${p.add(l.topics)}))
        OR EXISTS (SELECT 1 FROM course_lecturers cl WHERE cl.course_id = o.course_id AND cl.lecturer_id = ${p.add(l.id)}))`);
    }
    return this.solverOrders(manager, p, where);
  }

  private async solverOrders(manager: EntityManager, p: SqlParams, where: string[]): Promise<SolverOrder[]> {
    // The first instant of this local (Asia/Shanghai) year.
    const yearStart = atLocalSql(`date_trunc('year', ${atLocalSql(`${p.add(this.now())}::timestamptz`)})`);
    const rows: SolverOrderRow[] = await manager.query(
      `SELECT o.id, o.branch_id, o.course_id, o.topic, o.title, o.format, o.language, o.earliest_start, o.latest_start, o.duration_minutes,
              o.preferred_lecturer_id, b.latitude, b.longitude, r.level AS region_level, r.remote, r.border, ${weakOnPathSql('r.path')} AS weak,
              (SELECT count(*)::int FROM orders c WHERE c.branch_id = o.branch_id AND c.status = 'completed'
                 AND c.started_at >= ${yearStart})
                 AS lectures_this_year,
              (SELECT array_agg(cl.lecturer_id) FROM course_lecturers cl WHERE cl.course_id = o.course_id) AS course_lecturer_ids,
              (SELECT array_agg(d.lecturer_id) FROM order_declines d WHERE d.order_id = o.id) AS declined
       FROM orders o JOIN branches b ON b.id = o.branch_id JOIN regions r ON r.id = b.region_id
       WHERE ${and(where)}
       ORDER BY o.created_at, o.id`,
      p.values,
    );
    return rows.map(toSolverOrder);
  }

  /**
   * The time outstanding offers touching [from, to) will block once accepted — the lecture with its drive before and
   * after, at `travelSpeedKmh` (on site: from home; a later stop of a tour, from home or its previous village,
   * whichever is longer, as the accept measures from the village only while that stop still stands) — and
   * outstanding offers per lecturer and month.
   */
  async offeredTime(manager: EntityManager, from: Date, to: Date, travelSpeedKmh: number): Promise<TakenTime> {
    const rows: OfferedLectureRow[] = await manager.query(
      `SELECT o.offered_lecturer_id AS "lecturerId", o.offered_starts_at AS start, o.duration_minutes AS minutes, o.format,
              b.latitude AS "branchLatitude", b.longitude AS "branchLongitude", l.latitude AS "homeLatitude", l.longitude AS "homeLongitude",
              pb.latitude AS "previousLatitude", pb.longitude AS "previousLongitude"
       FROM orders o JOIN branches b ON b.id = o.branch_id JOIN lecturers l ON l.id = o.offered_lecturer_id
       LEFT JOIN orders po ON po.id = o.offered_after_order_id LEFT JOIN branches pb ON pb.id = po.branch_id
       WHERE o.status = 'offered' AND o.offered_starts_at < $2::timestamptz + $3 * interval '1 millisecond'
         AND o.offered_starts_at + make_interval(mins => o.duration_minutes) > $1::timestamptz - $3 * interval '1 millisecond'`,
      [from, to, readAroundMs(travelSpeedKmh)],
    );
    const intervals = [...rows.map((r) => offeredSpan(r, travelSpeedKmh)), ...(await this.offeredNights(manager, from, to))].filter(
      (i) => i.start < to.getTime() && i.end > from.getTime(),
    );
    const perMonth: TakenTime['perMonth'] = await manager.query(
      `SELECT offered_lecturer_id AS "lecturerId", to_char(${atLocalSql('offered_starts_at')}, 'YYYY-MM') AS month, count(*)::int AS n
       FROM orders WHERE status = 'offered' GROUP BY 1, 2`,
    );
    return { intervals, perMonth };
  }

  /**
   * The nights before tour stops still offered: from the end of the stop before, still on the lecturer's way (offered
   * to them or booked with them), to the stop's start. (Before a booked stop the bookings' tour time says it.) Nights
   * touching [from, to).
   */
  private async offeredNights(manager: EntityManager, from: Date, to: Date): Promise<TakenTime['intervals']> {
    const rows: Array<{ lecturerId: string; start: Date; end: Date }> = await manager.query(
      `SELECT o.offered_lecturer_id AS "lecturerId", coalesce(pk.ends_at, ${offerEndSql('po')}) AS start, o.offered_starts_at AS "end"
       FROM orders o JOIN orders po ON po.id = o.offered_after_order_id
       LEFT JOIN bookings pk ON pk.order_id = po.id AND pk.released_at IS NULL AND pk.lecturer_id = o.offered_lecturer_id
       WHERE o.status = 'offered' AND o.offered_starts_at > $1 AND o.offered_starts_at < $2::timestamptz + interval '3 days'
         AND (pk.order_id IS NOT NULL OR (po.status = 'offered' AND po.offered_lecturer_id = o.offered_lecturer_id))`,
      [from, to],
    );
    return toTakenIntervals(rows);
  }

  // ---- many at once ------------------------------------------------------------------------------

  /**
   * Offers each planned order to its lecturer, in the caller's transaction, only if it is still pending
   * (compare-and-set), with a history entry each. Returns the ids offered.
   */
  async offerPlanned(
    manager: EntityManager,
    plan: Array<PlannedOffer & { expiresAt: Date }>,
    opts: { actorId: string; reason: string },
  ): Promise<string[]> {
    const rows: Array<{ order_id: string }> = await manager.query(
      `WITH plan AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $7::uuid[])
                       AS p(order_id, lecturer_id, starts_at, expires_at, after_order_id)),
       offered AS (
         UPDATE orders o SET status = 'offered', offered_lecturer_id = p.lecturer_id, offered_starts_at = p.starts_at,
           offered_after_order_id = p.after_order_id, offer_expires_at = p.expires_at, updated_at = now()
         FROM plan p WHERE o.id = p.order_id AND o.status = 'pending' RETURNING o.id, p.lecturer_id
       )
       INSERT INTO order_history (order_id, actor_id, from_status, to_status, lecturer_id, reason)
       SELECT id, $5, 'pending', 'offered', lecturer_id, $6 FROM offered RETURNING order_id`,
      [
        plan.map((o) => o.orderId),
        plan.map((o) => o.lecturerId),
        plan.map((o) => o.startsAt),
        plan.map((o) => o.expiresAt),
        opts.actorId,
        opts.reason,
        plan.map((o) => o.afterOrderId ?? null),
      ],
    );
    return rows.map((r) => r.order_id);
  }

  /** Returns every offer past its expiry (or one order's) to pending, with a history entry each; skips rows locked by a transition. */
  async expireOffers(opts: { orderId?: string } = {}): Promise<number> {
    const p = new SqlParams();
    const one = opts.orderId === undefined ? '' : `AND id = ${p.add(opts.orderId)}`;
    const rows: unknown[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id, offered_lecturer_id FROM orders
         WHERE status = 'offered' AND offer_expires_at <= ${p.add(this.now())} ${one}
         FOR UPDATE SKIP LOCKED
       ), expired AS (
         UPDATE orders o SET status = 'pending', offered_lecturer_id = NULL, offered_starts_at = NULL, offer_expires_at = NULL,
           offered_after_order_id = NULL, updated_at = now()
         FROM due WHERE o.id = due.id RETURNING o.id, due.offered_lecturer_id
       )
       INSERT INTO order_history (order_id, actor_id, from_status, to_status, lecturer_id, reason)
       SELECT id, NULL, 'offered', 'pending', offered_lecturer_id, ${p.add(OFFER_EXPIRED_REASON)} FROM expired RETURNING order_id`,
      p.values,
    );
    return rows.length;
  }
}
