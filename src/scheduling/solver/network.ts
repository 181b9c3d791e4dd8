/**
 * Builds the flow network of one batch from plain data, in typed arrays (no per-arc objects):
 *
 *   order o ──(cap 1, cost c(o,l,t))──▶ slot (l, day, part) ──(cap 1, 0)──▶ lecturer-month (l, m)
 *   lecturer-month ──(unit arcs k = 1…cap, cost fairLoad·(booked + k − 1))──▶ sink
 *   order o ──(cap 1, unserved penalty)──▶ sink
 * Every order supplies one unit; the sink takes them all. An order → slot arc exists exactly when
 * the slot's start is usable by the order (window, day part, fits before the next part) and the
 * lecturer passes every hard rule of eligibility.ts at that start; the monthly cap is the capacity
 * (maxLecturesPerMonth − already booked) of the lecturer-month node.
 */
import {
  resolveWeights,
  coverageCost,
  grassrootsCost,
  namedCost,
  latenessCost,
  priorityCost,
  ratingCost,
  travelCost,
  unservedPenalty,
} from './cost.js';
import {
  RULES,
  bookingTravelMs,
  firstViolationOfTeacher,
  SPAN_RULES,
  SPANS_PER_START,
  timeRuleSpans,
  monthCapLeft,
  notDeclined,
  orderTravelKm,
  prepareLecturer,
  type PreparedLecturer,
} from './eligibility.js';
import { DEFAULT_SLOT_MODEL, forEachSlotTime, parseSlotModel, type ParsedPart } from './slots.js';
import { localDay, localMidnight, localMonthIndex, monthKeyOfIndex, MINUTE_MS } from '../../kernel/time.js';
import type { SlotModel, SolverLecturer, SolverOrder, Weights } from './types.js';

/** Per-order diagnostic counters: lecturers by first failing rule (RULES order), then these. */
export const DIAG_ELIGIBLE = RULES.length;
/** Usable slot start times in the order's window (independent of lecturers). */
export const DIAG_SLOT_TIMES = RULES.length + 1;
export const DIAG_WIDTH = RULES.length + 2;

export interface NetworkInput {
  orders: SolverOrder[];
  lecturers: SolverLecturer[];
  slotModel?: SlotModel;
  weights?: Partial<Weights>;
}

export interface Network {
  orders: SolverOrder[];
  lecturers: SolverLecturer[];
  weights: Weights;
  parts: ParsedPart[];
  nOrders: number;
  nSlots: number;
  nMonths: number;
  nArcs: number;
  /** CSR by order: arcs arcStart[o] … arcStart[o+1]−1, sorted by cost ascending. */
  arcStart: Int32Array;
  arcSlot: Int32Array;
  /** Arc cost without the load (which sits on the lecturer-month → sink unit arcs). */
  arcCost: Int32Array;
  /** Unserved penalty per order. */
  penalty: Float64Array;
  slotLecturer: Int32Array;
  slotStart: Float64Array;
  slotPart: Int32Array;
  slotMonth: Int32Array;
  monthLecturer: Int32Array;
  monthKey: string[];
  /** Capacity of the lecturer-month node: maxLecturesPerMonth − already booked (> 0). */
  monthCap: Int32Array;
  /** Lectures already booked in that month (the load count starts there). */
  monthBooked: Int32Array;
  /** CSR by month: the month's slots. */
  monthSlotStart: Int32Array;
  monthSlots: Int32Array;
  /** n × DIAG_WIDTH counters, see DIAG_*. */
  diag: Int32Array;
  /** Per order: distance to the nearest lecturer failing only the travel radius (Infinity if none). */
  nearestOutOfRangeKm: Float64Array;
  /** When requested: n × lecturers, −1 = has a usable slot, else RULES index of the reason. */
  lecturerOutcome: Int8Array | null;
  /**
   * With `tourStops`: 1 for an arc whose branch lies beyond the lecturer's radius from home (every other
   * rule met), usable only as a tour stop reached from the previous village; null without.
   */
  arcFar: Uint8Array | null;
}

export interface BuildOptions {
  lecturerOutcome?: boolean;
  /**
   * Also the arcs a tour of at most this many stops could use beyond the home radius (the branch within
   * stops × radius of home): flagged in `arcFar`, still counted as failing 'distance' in the reasons.
   */
  tourStops?: number;
}

export function buildNetwork(input: NetworkInput, opts: BuildOptions = {}): Network {
  const weights = resolveWeights(input.weights);
  const parts = parseSlotModel(input.slotModel ?? DEFAULT_SLOT_MODEL);
  checkOrders(input.orders);
  const builder = new NetworkBuilder(input.orders, indexLecturers(input.lecturers), parts, weights, opts);
  for (let oi = 0; oi < input.orders.length; oi++) builder.addOrder(oi);
  return builder.finish();
}

/** An array of numbers that grows as values are pushed. */
export class GrowArray<A extends Int32Array | Float64Array> {
  length = 0;
  constructor(public data: A) {}

  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (length: number) => A)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }

  toArray(): A {
    return this.data.slice(0, this.length) as A;
  }
}

export const int32s = (capacity: number): GrowArray<Int32Array> => new GrowArray(new Int32Array(Math.max(16, capacity)));
export const float64s = (capacity: number): GrowArray<Float64Array> => new GrowArray(new Float64Array(Math.max(16, capacity)));

const MAX_COST = 2 ** 31 - 1;
const TEACHES = RULES.indexOf('teaches');
const WINDOW = RULES.indexOf('window');
const MONTHLY_CAP = RULES.indexOf('monthly_cap');
/** RULES index of each of SPAN_RULES. */
const SPAN_RULE_INDEX = Int32Array.from(SPAN_RULES, (rule) => RULES.indexOf(rule));
/** Slots (lecturer, day, part) up to which their time rules' spans are kept once worked out (SPANS_PER_START numbers each). */
const MAX_KEPT_SPANS = 4_000_000;
/** Lecturer-month ids before they are known: not looked at yet, or no lecture left that month. */
const MONTH_UNSEEN = -1;
const MONTH_FULL = -2;

function checkOrder(o: SolverOrder): void {
  if (typeof o.id !== 'string') throw new TypeError('order id must be a string');
  for (const [k, v] of [
    ['earliestStart', o.earliestStart],
    ['latestStart', o.latestStart],
    ['durationMinutes', o.durationMinutes],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new TypeError(`order ${o.id}: ${k} must be a finite number (epoch ms / minutes)`);
  }
  // Whole minutes, as orders are booked: the time rules compare whole-ms spans (timeRuleSpans).
  if (!(o.durationMinutes > 0) || !Number.isInteger(o.durationMinutes))
    throw new RangeError(`order ${o.id}: durationMinutes must be a whole number > 0`);
  checkPlace(`order ${o.id}'s branch`, o.branch.latitude, o.branch.longitude);
}

/** Degrees on the globe: the distance rules and the tours' latitude bands assume them. */
function checkPlace(what: string, latitude: number, longitude: number): void {
  if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180))
    throw new RangeError(`${what}: latitude must be within ±90 and longitude within ±180 degrees`);
}

function checkOrders(orders: readonly SolverOrder[]): void {
  const seen = new Set<string>();
  for (const o of orders) {
    checkOrder(o);
    if (seen.has(o.id)) throw new RangeError(`order ${o.id} appears twice`);
    seen.add(o.id);
  }
}

/** The lecturers with their rules parsed, by id and by topic (the custom orders' candidates). */
interface LecturerPool {
  lecturers: SolverLecturer[];
  prepared: PreparedLecturer[];
  byId: Map<string, number>;
  byTopic: Map<string, Int32Array>;
}

function indexLecturers(lecturers: SolverLecturer[]): LecturerPool {
  const prepared = lecturers.map(prepareLecturer);
  const byId = new Map<string, number>();
  const byTopicLists = new Map<string, number[]>();
  lecturers.forEach((l, i) => {
    if (byId.has(l.id)) throw new RangeError(`lecturer ${l.id} appears twice`);
    checkPlace(`lecturer ${l.id}'s home`, l.latitude, l.longitude);
    byId.set(l.id, i);
    for (const t of prepared[i].topics) {
      let list = byTopicLists.get(t);
      if (!list) byTopicLists.set(t, (list = []));
      list.push(i);
    }
  });
  const byTopic = new Map<string, Int32Array>();
  for (const [t, list] of byTopicLists) byTopic.set(t, Int32Array.from(list));
  return { lecturers, prepared, byId, byTopic };
}

/** The local days and months the orders' windows cover; days and months are counted from their first. */
interface Horizon {
  firstDay: number;
  days: number;
  firstMonth: number;
  months: number;
  /** Month (from firstMonth) of each day. */
  dayMonth: Int32Array;
}

function horizonOf(orders: readonly SolverOrder[]): Horizon {
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const o of orders) {
    if (o.latestStart < o.earliestStart) continue;
    minDay = Math.min(minDay, localDay(o.earliestStart));
    maxDay = Math.max(maxDay, localDay(o.latestStart));
  }
  const days = maxDay >= minDay ? maxDay - minDay + 1 : 0;
  const dayMonth = new Int32Array(days);
  const firstMonth = days > 0 ? localMonthIndex(localMidnight(minDay)) : 0;
  for (let d = 0; d < days; d++) dayMonth[d] = localMonthIndex(localMidnight(minDay + d)) - firstMonth;
  return { firstDay: minDay, days, firstMonth, months: days > 0 ? dayMonth[days - 1] + 1 : 0, dayMonth };
}

/** The usable start times of one order, reused from order to order. */
class OrderSlotTimes {
  count = 0;
  day = int32s(64);
  part = int32s(64);
  start = float64s(64);
  lateness = int32s(64);

  collect(order: SolverOrder, parts: readonly ParsedPart[], firstDay: number, weights: Weights): void {
    this.day.length = this.part.length = this.start.length = this.lateness.length = 0;
    this.count = forEachSlotTime(order, parts, (day, part, start) => {
      this.day.push(day - firstDay);
      this.part.push(part);
      this.start.push(start);
      this.lateness.push(latenessCost(order, start, weights));
    });
  }
}

/** Slots, lecturer-months and arcs, created as the orders are added one by one. */
class NetworkBuilder {
  private readonly horizon: Horizon;
  private readonly nL: number;
  private readonly nP: number;
  /** Slot id by (lecturer, day, part): a flat array while it fits, else a map. */
  private readonly slotIdArr: Int32Array | null;
  private readonly slotIdMap: Map<number, number> | null;
  /** Lecturer-month id by (lecturer, month), or MONTH_UNSEEN / MONTH_FULL. */
  private readonly monthIdOf: Int32Array;
  /**
   * By (lecturer, day, part) while they fit (NaN: not yet), else one slot's at a time: the longest lecture from
   * the part's start each time rule allows (timeRuleSpans) — every order of the batch asks the same slots.
   */
  private readonly spans: Float64Array;
  private readonly spansKept: boolean;
  private readonly slotLecturer = int32s(1024);
  private readonly slotStart = float64s(1024);
  private readonly slotPart = int32s(1024);
  private readonly slotMonth = int32s(1024);
  private readonly monthLecturer = int32s(256);
  private readonly monthCap = int32s(256);
  private readonly monthBooked = int32s(256);
  private readonly monthKey: string[] = [];

  private readonly arcStart: Int32Array;
  private readonly arcSlot: GrowArray<Int32Array>;
  private readonly arcCost: GrowArray<Int32Array>;
  private readonly penalty: Float64Array;
  private readonly diag: Int32Array;
  private readonly nearestOutOfRangeKm: Float64Array;
  private readonly outcome: Int8Array | null;
  private readonly tourStops: number;
  private readonly arcFar: GrowArray<Int32Array> | null;

  /** The current order's arcs before sorting. */
  private readonly times = new OrderSlotTimes();
  private readonly orderArcSlot = int32s(1024);
  private readonly orderArcCost = int32s(1024);
  private readonly orderArcFar = int32s(1024);
  /** The current order's arcs by cost, and the counts that sort them. */
  private byCost = new Int32Array(1024);
  private costCount = new Int32Array(1024);

  constructor(
    private readonly orders: SolverOrder[],
    private readonly pool: LecturerPool,
    private readonly parts: ParsedPart[],
    private readonly weights: Weights,
    opts: BuildOptions,
  ) {
    const n = orders.length;
    this.nL = pool.lecturers.length;
    this.nP = parts.length;
    this.horizon = horizonOf(orders);
    const slotSpace = this.nL * this.horizon.days * this.nP;
    this.slotIdArr = slotSpace <= 64_000_000 ? new Int32Array(slotSpace).fill(-1) : null;
    this.slotIdMap = this.slotIdArr ? null : new Map<number, number>();
    this.monthIdOf = new Int32Array(this.nL * this.horizon.months).fill(MONTH_UNSEEN);
    this.spansKept = slotSpace <= MAX_KEPT_SPANS;
    this.spans = new Float64Array(SPANS_PER_START * (this.spansKept ? slotSpace : 1)).fill(NaN);
    this.arcStart = new Int32Array(n + 1);
    this.arcSlot = int32s(n * 16);
    this.arcCost = int32s(n * 16);
    this.penalty = new Float64Array(n);
    this.diag = new Int32Array(n * DIAG_WIDTH);
    this.nearestOutOfRangeKm = new Float64Array(n).fill(Infinity);
    this.outcome = opts.lecturerOutcome ? new Int8Array(n * this.nL).fill(TEACHES) : null;
    this.tourStops = opts.tourStops ?? 0;
    this.arcFar = this.tourStops > 0 ? int32s(n * 16) : null;
  }

  /** The order's unserved penalty, its arcs to every usable slot of every eligible lecturer, and why the others fail. */
  addOrder(oi: number): void {
    const order = this.orders[oi];
    this.penalty[oi] = unservedPenalty(order, this.weights);
    this.times.collect(order, this.parts, this.horizon.firstDay, this.weights);
    this.diag[oi * DIAG_WIDTH + DIAG_SLOT_TIMES] = this.times.count;
    const candidates = this.candidatesOf(order);
    this.diag[oi * DIAG_WIDTH + TEACHES] += this.nL - candidates.length;
    this.orderArcSlot.length = this.orderArcCost.length = this.orderArcFar.length = 0;
    const orderConst = coverageCost(order, this.weights) + priorityCost(order, this.weights);
    for (let ci = 0; ci < candidates.length; ci++) this.addLecturerArcs(oi, candidates[ci], orderConst);
    this.appendArcsByCost(oi);
  }

  /** The lecturers who teach the order: everyone else fails 'teaches'. */
  private candidatesOf(order: SolverOrder): ArrayLike<number> {
    if (order.courseId === null || order.courseId === undefined) return this.pool.byTopic.get(order.topic) ?? new Int32Array(0);
    const found = new Set<number>();
    for (const id of order.courseLecturerIds ?? []) {
      const li = this.pool.byId.get(id);
      if (li !== undefined) found.add(li);
    }
    return [...found];
  }

  /** Arcs from order oi to lecturer li's usable slots, or the first rule li fails (counted in diag). */
  private addLecturerArcs(oi: number, li: number, orderConst: number): void {
    const order = this.orders[oi];
    const p = this.pool.prepared[li];
    const lecturer = p.lecturer;
    const km = orderTravelKm(order, lecturer);
    // The candidates are exactly the lecturers who teach the order (candidatesOf).
    const staticRule = firstViolationOfTeacher(order, p, km);
    // Beyond the radius but within a tour's reach: arcs for tours, while the reasons still say 'distance'.
    const far = staticRule === 'distance' && this.withinTourReach(order, lecturer, km);
    if (staticRule !== null) {
      if (staticRule === 'distance') this.nearestOutOfRangeKm[oi] = Math.min(this.nearestOutOfRangeKm[oi], km);
      this.recordOutcome(oi, li, RULES.indexOf(staticRule));
      if (!far) return;
    }
    if (this.times.count === 0) {
      this.recordOutcome(oi, li, WINDOW);
      return;
    }
    const lecturerConst =
      orderConst +
      travelCost(km, this.weights) +
      ratingCost(lecturer, this.weights) +
      grassrootsCost(order, lecturer, this.weights) +
      namedCost(order, lecturer, this.weights);
    const durMs = order.durationMinutes * MINUTE_MS;
    // A stop beyond the radius is reached from the village before: its link checks the leg's travel (tours.ts).
    const travelMs = far ? 0 : bookingTravelMs(order, lecturer, km);
    const { day, part, start, lateness } = this.times;
    // The latest rule (in RULES order) that ruled out a start: the reason when none is left.
    let latestRule = -1;
    const before = this.orderArcSlot.length;
    for (let k = 0; k < this.times.count; k++) {
      const t = start.data[k];
      const at = this.spansAt(li, day.data[k], part.data[k], t);
      const s = this.spans;
      const broken = durMs > s[at] ? 0 : durMs > s[at + 1] ? 1 : durMs + travelMs > s[at + 2] || travelMs > s[at + 3] ? 2 : -1;
      if (broken >= 0) {
        latestRule = Math.max(latestRule, SPAN_RULE_INDEX[broken]);
        continue;
      }
      const mid = this.monthIdAt(li, day.data[k]);
      if (mid === MONTH_FULL) {
        latestRule = Math.max(latestRule, MONTHLY_CAP);
        continue;
      }
      const sid = this.slotIdAt(li, day.data[k], part.data[k], t, mid);
      const cost = lecturerConst + lateness.data[k];
      if (!(cost <= MAX_COST)) throw new RangeError(`cost ${cost} of order ${order.id} is too large; lower the weights`);
      this.orderArcSlot.push(sid);
      this.orderArcCost.push(cost);
      this.orderArcFar.push(far ? 1 : 0);
    }
    if (far) return;
    if (this.orderArcSlot.length > before) {
      this.diag[oi * DIAG_WIDTH + DIAG_ELIGIBLE]++;
      if (this.outcome) this.outcome[oi * this.nL + li] = -1;
    } else this.recordOutcome(oi, li, latestRule);
  }

  private withinTourReach(order: SolverOrder, lecturer: SolverLecturer, km: number): boolean {
    return this.tourStops > 1 && notDeclined(order, lecturer) && km <= this.tourStops * lecturer.travelRadiusKm;
  }

  private recordOutcome(oi: number, li: number, rule: number): void {
    this.diag[oi * DIAG_WIDTH + rule]++;
    if (this.outcome) this.outcome[oi * this.nL + li] = rule;
  }

  /** Where lecturer li's spans from `start` (day, part) are in `spans`, worked out on first use. */
  private spansAt(li: number, day: number, part: number, start: number): number {
    const at = this.spansKept ? SPANS_PER_START * ((li * this.horizon.days + day) * this.nP + part) : 0;
    if (!this.spansKept || Number.isNaN(this.spans[at])) timeRuleSpans(this.pool.prepared[li], start, this.spans, at);
    return at;
  }

  /** Lecturer li's month of the given day: its id, created on first use, or MONTH_FULL. */
  private monthIdAt(li: number, day: number): number {
    const key = li * this.horizon.months + this.horizon.dayMonth[day];
    if (this.monthIdOf[key] === MONTH_UNSEEN) {
      const lecturer = this.pool.lecturers[li];
      const month = monthKeyOfIndex(this.horizon.firstMonth + this.horizon.dayMonth[day]);
      const cap = monthCapLeft(lecturer, month);
      if (cap <= 0) this.monthIdOf[key] = MONTH_FULL;
      else {
        this.monthIdOf[key] = this.monthLecturer.push(li);
        this.monthCap.push(cap);
        this.monthBooked.push(Math.max(0, lecturer.bookedPerMonth[month] ?? 0));
        this.monthKey.push(month);
      }
    }
    return this.monthIdOf[key];
  }

  /** Lecturer li's slot at (day, part), created on first use. */
  private slotIdAt(li: number, day: number, part: number, start: number, month: number): number {
    const key = (li * this.horizon.days + day) * this.nP + part;
    let sid = this.slotIdArr ? this.slotIdArr[key] : (this.slotIdMap!.get(key) ?? -1);
    if (sid === -1) {
      sid = this.slotLecturer.push(li);
      this.slotStart.push(start);
      this.slotPart.push(part);
      this.slotMonth.push(month);
      if (this.slotIdArr) this.slotIdArr[key] = sid;
      else this.slotIdMap!.set(key, sid);
    }
    return sid;
  }

  /** Appends the order's arcs sorted by cost (ties by generation order: deterministic). */
  private appendArcsByCost(oi: number): void {
    const byCost = this.arcsByCost();
    for (let k = 0; k < byCost.length; k++) {
      const local = byCost[k];
      this.arcSlot.push(this.orderArcSlot.data[local]);
      this.arcCost.push(this.orderArcCost.data[local]);
      this.arcFar?.push(this.orderArcFar.data[local]);
    }
    this.arcStart[oi + 1] = this.arcSlot.length;
  }

  /**
   * The order's arcs (their places among its own) by cost, ties by place: counted when the costs span a range not
   * much wider than their number (whole numbers, most within a few thousand), else sorted by a whole-number key.
   */
  private arcsByCost(): Int32Array {
    const nA = this.orderArcSlot.length;
    const cost = this.orderArcCost.data;
    if (this.byCost.length < nA) this.byCost = new Int32Array(this.orderArcSlot.data.length);
    let [lo, hi] = [Infinity, -Infinity];
    for (let k = 0; k < nA; k++) [lo, hi] = [Math.min(lo, cost[k]), Math.max(hi, cost[k])];
    const span = hi - lo + 1;
    if (span <= 4 * nA + 1024) {
      if (this.costCount.length < span + 1) this.costCount = new Int32Array(span + 1);
      const count = this.costCount.fill(0, 0, span + 1);
      for (let k = 0; k < nA; k++) count[cost[k] - lo + 1]++;
      for (let c = 0; c < span; c++) count[c + 1] += count[c];
      for (let k = 0; k < nA; k++) this.byCost[count[cost[k] - lo]++] = k;
    } else {
      let scale = 1;
      while (scale < nA) scale *= 2;
      const keys = Float64Array.from({ length: nA }, (_, k) => cost[k] * scale + k).sort();
      for (let k = 0; k < nA; k++) this.byCost[k] = keys[k] % scale;
    }
    return this.byCost.subarray(0, nA);
  }

  finish(): Network {
    const slotMonth = this.slotMonth.toArray();
    const nMonths = this.monthLecturer.length;
    return {
      orders: this.orders,
      lecturers: this.pool.lecturers,
      weights: this.weights,
      parts: this.parts,
      nOrders: this.orders.length,
      nSlots: slotMonth.length,
      nMonths,
      nArcs: this.arcSlot.length,
      arcStart: this.arcStart,
      arcSlot: this.arcSlot.toArray(),
      arcCost: this.arcCost.toArray(),
      penalty: this.penalty,
      slotLecturer: this.slotLecturer.toArray(),
      slotStart: this.slotStart.toArray(),
      slotPart: this.slotPart.toArray(),
      slotMonth,
      monthLecturer: this.monthLecturer.toArray(),
      monthKey: this.monthKey,
      monthCap: this.monthCap.toArray(),
      monthBooked: this.monthBooked.toArray(),
      ...slotsByMonth(slotMonth, nMonths),
      diag: this.diag,
      nearestOutOfRangeKm: this.nearestOutOfRangeKm,
      lecturerOutcome: this.outcome,
      arcFar: this.arcFar ? Uint8Array.from(this.arcFar.toArray()) : null,
    };
  }
}

/** Lecturer-month → its slots (CSR), for the residual arcs month → used slot. */
function slotsByMonth(slotMonth: Int32Array, nMonths: number): { monthSlotStart: Int32Array; monthSlots: Int32Array } {
  const nSlots = slotMonth.length;
  const monthSlotStart = new Int32Array(nMonths + 1);
  for (let s = 0; s < nSlots; s++) monthSlotStart[slotMonth[s] + 1]++;
  for (let m = 0; m < nMonths; m++) monthSlotStart[m + 1] += monthSlotStart[m];
  const fill = monthSlotStart.slice(0, nMonths);
  const monthSlots = new Int32Array(nSlots);
  for (let s = 0; s < nSlots; s++) monthSlots[fill[slotMonth[s]]++] = s;
  return { monthSlotStart, monthSlots };
}
