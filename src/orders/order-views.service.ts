import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { EligibilityService } from '../bookings/eligibility.service.js';
import { type JsonPage, jsonPage, keysetPage, pageStart, type SortColumn, type SortKey } from '../common/pagination.js';
import { validationFailed } from '../common/domain-error.js';
import { resolvePeriod } from '../common/period.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import type { BranchOrder } from './branch-order.entity.js';
import { asciiJson } from '../common/ascii-json.js';
import { seenByLecturer } from './order-view.js';
import type { SolverOrder } from '../scheduling/solver/types.js';
import type { OrderQuery, OrderView } from './orders.dto.js';
import { OrderErrors } from './orders.errors.js';
import { OrdersRepository } from './orders.repository.js';

/** Open orders to claim: soonest window first; the id breaks ties. */
const OPEN_SORT: SortColumn[] = [
  { sql: 'earliest_start', kind: 'timestamp' },
  { sql: 'id', kind: 'uuid' },
];

/** What an open-orders list reads of its query: its period and its page; `status` only as what they are, pending. */
const OPEN_LIST_FIELDS: ReadonlySet<string> = new Set(['open', 'from', 'to', 'limit', 'offset', 'cursor']);

/** ?open=true lists pending orders to claim: a filter it does not read is refused, not ignored. */
function openListClash(q: OrderQuery): string | undefined {
  return Object.entries(q).find(
    ([field, v]) => v !== undefined && !OPEN_LIST_FIELDS.has(field) && !(field === 'status' && v === 'pending'),
  )?.[0];
}

/**
 * Whether the query asks for open orders to claim: `?open=true`, or a lecturer's `?status=pending` with nothing
 * else the open list refuses (their own offers and bookings are never pending: a declined or expired offer leaves
 * them, so the pending orders a lecturer may see are the ones they could claim).
 */
const listsOpenOrders = (actor: Actor, q: OrderQuery): boolean =>
  q.open ?? (actor.role === 'lecturer' && q.status === 'pending' && openListClash(q) === undefined);

/** The view as `actor` reads it: a lecturer without other lecturers' reasons (seenByLecturer). */
const seenBy = (actor: Actor, view: OrderView): OrderView => (actor.role === 'lecturer' ? seenByLecturer(view, actor.lecturerId) : view);

/** A page of views as `actor` reads them; a lecturer's (a few orders) read back and written again only where they differ. */
function pageSeenBy(actor: Actor, page: JsonPage): JsonPage {
  if (actor.role !== 'lecturer' || page.itemsJson === '') return page;
  const views = JSON.parse(`[${page.itemsJson}]`) as OrderView[];
  const seen = views.map((v) => seenBy(actor, v));
  return seen.every((v, i) => v === views[i]) ? page : { ...page, itemsJson: seen.map(asciiJson).join(',') };
}

const compareKeys = (a: SortKey, b: SortKey): number => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1]));

/** Reading orders: lists in the actor's scope, open orders a lecturer may claim (抢单), one order. */
@Injectable()
export class OrderViewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly lecturers: LecturersService,
  ) {}

  /** A page of the orders the actor may see, each as the API's JSON text (written out as it is). */
  async list(actor: Actor, q: OrderQuery): Promise<JsonPage> {
    return pageSeenBy(actor, listsOpenOrders(actor, q) ? await this.listOpenForLecturer(actor, q) : await this.listVisible(actor, q));
  }

  private listVisible(actor: Actor, q: OrderQuery): Promise<JsonPage> {
    const { from, to } = resolvePeriod({ from: q.from, to: q.to });
    return this.orders.pageOfViews(
      actor,
      {
        status: q.status,
        branchId: q.branchId,
        lecturerId: q.lecturerId,
        regionId: q.regionId,
        from,
        to,
        evidence: q.evidence,
        rated: q.rated,
      },
      q,
    );
  }

  /** Open orders (pending, window not passed) a lecturer qualifies for, to claim (抢单), soonest first. */
  private async listOpenForLecturer(actor: Actor, q: OrderQuery): Promise<JsonPage> {
    const clash = openListClash(q);
    if (clash) throw validationFailed([{ field: clash, message: `${clash} does not apply to open orders (pending, to claim)` }]);
    const period = resolvePeriod({ from: q.from, to: q.to });
    const start = pageStart(q, OPEN_SORT);
    const none = { itemsJson: '', nextCursor: null, ...('offset' in start ? { total: 0 } : {}) };
    // An office's open orders are its queue: the pending ones it sees (nobody else claims).
    if (actor.role !== 'lecturer') return this.listVisible(actor, { ...q, open: undefined, status: 'pending' });
    const lecturer = await this.lecturers.findById(actor.lecturerId);
    if (!lecturer) return none;
    const open = await this.orders.schedulableAsPlaced({ regionId: null, claimableBy: lecturer, ...period });
    const keyOf = (o: SolverOrder): SortKey => [o.earliestStart * 1000, o.id];
    const qualifying = open
      .filter((o) => EligibilityService.qualifiesStatically(o, lecturer))
      .sort((a, b) => a.earliestStart - b.earliestStart || a.id.localeCompare(b.id));
    // Computed in memory: a cursor names the last order shown, and the page starts past it.
    const from = 'offset' in start ? start.offset : qualifying.findIndex((o) => compareKeys(keyOf(o), start.after) > 0);
    const rows = from < 0 ? [] : qualifying.slice(from, from + start.limit + 1);
    const page = keysetPage(rows, start, keyOf);
    const items = await this.orders.viewsOf(page.items.map((o) => o.id));
    return jsonPage({ items, nextCursor: page.nextCursor, ...('offset' in start ? { total: qualifying.length } : {}) });
  }

  /** Whether the lecturer meets the rules that do not depend on time for this order (as claims check them). */
  async mayClaim(orderId: string, lecturerId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const lecturer = await this.lecturers.findById(lecturerId, manager);
    if (!lecturer) return false;
    const order = await this.orders.forRules(manager, orderId);
    return order !== undefined && EligibilityService.qualifiesStatically(order, lecturer);
  }

  /** One order the actor may see (else not found), as it stands. */
  async findVisible(actor: Actor, id: string): Promise<BranchOrder> {
    const order = await this.orders.findVisible(actor, id);
    if (order) return order;
    // A lecturer may also read an open order they could claim.
    if (actor.role === 'lecturer') {
      const open = await this.orders.findById(id, { status: 'pending' });
      if (open && (await this.mayClaim(open.id, actor.lecturerId))) return open;
    }
    throw OrderErrors.ORDER_NOT_FOUND();
  }

  /** The order as the API shows it to `viewer` (after a transition the caller has checked). */
  async view(id: string, viewer: Actor): Promise<OrderView> {
    const [view] = await this.orders.viewsOf([id]);
    if (!view) throw OrderErrors.ORDER_NOT_FOUND();
    return seenBy(viewer, JSON.parse(view) as OrderView);
  }
}
