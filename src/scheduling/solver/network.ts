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
import { resolveWeights, coverageCost, grassrootsCost, latenessCost, priorityCost, ratingCost, travelCost, unservedPenalty } from './cost.js';
import { RULES, firstStaticViolation, firstTimeViolation, monthCapLeft, orderTravelKm, prepareLecturer, type PreparedLecturer, type RuleCode } from './eligibility.js';
import { DEFAULT_SLOT_MODEL, forEachSlotTime, parseSlotModel, type ParsedPart } from './slots.js';
import { localDay, localMidnight, localMonthIndex, monthKeyOfIndex, MINUTE_MS } from '../../kernel/time.js';
import type { SlotModel, SolverLecturer, SolverOrder, Weights } from './types.js';

/** Per-order diagnostic counters: lecturers by first failing rule (RULES order), then these. */
export const DIAG_ELIGIBLE = RULES.length;
/** Usable slot start times in the order's window (independent of lecturers). */
export const DIAG_SLOT_TIMES = RULES.length + 1;
export const DIAG_WIDTH = RULES.length + 2;

export function ruleIndex(code: RuleCode): number {
  return RULES.indexOf(code);
}

export interface NetworkInput {
  orders: SolverOrder[];
  lecturers: SolverLecturer[];
  slotModel?: SlotModel;
  weights?: Partial<Weights>;
}

export interface Network {
  orders: SolverOrder[];
  lecturers: SolverLecturer[];
  prepared: PreparedLecturer[];
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
  buildMs: number;
}

class GrowInt32 {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class GrowFloat64 {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

const MAX_COST = 2 ** 31 - 1;
const TIME_RULE_INDEX = {
  availability: RULES.indexOf('availability'),
  exception: RULES.indexOf('exception'),
  booking: RULES.indexOf('booking'),
  monthly_cap: RULES.indexOf('monthly_cap'),
  window: RULES.indexOf('window'),
} as const;

function validateOrder(o: SolverOrder): void {
  if (typeof o.id !== 'string') throw new TypeError('order id must be a string');
  for (const [k, v] of [['earliestStart', o.earliestStart], ['latestStart', o.latestStart], ['durationMinutes', o.durationMinutes]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`order ${o.id}: ${k} must be a finite number (epoch ms / minutes)`);
  }
  if (!(o.durationMinutes > 0)) throw new RangeError(`order ${o.id}: durationMinutes must be > 0`);
}

export function buildNetwork(input: NetworkInput, opts: { lecturerOutcome?: boolean } = {}): Network {
  const t0 = performance.now();
  const weights = resolveWeights(input.weights);
  const parts = parseSlotModel(input.slotModel ?? DEFAULT_SLOT_MODEL);
  const { orders, lecturers } = input;
  const n = orders.length;
  const nL = lecturers.length;
  const nP = parts.length;

  const seenOrders = new Set<string>();
  for (const o of orders) {
    validateOrder(o);
    if (seenOrders.has(o.id)) throw new RangeError(`order ${o.id} appears twice`);
    seenOrders.add(o.id);
  }
  const prepared = lecturers.map(prepareLecturer);
  const lecturerIdx = new Map<string, number>();
  const byTopicLists = new Map<string, number[]>();
  lecturers.forEach((l, i) => {
    if (lecturerIdx.has(l.id)) throw new RangeError(`lecturer ${l.id} appears twice`);
    lecturerIdx.set(l.id, i);
    for (const t of prepared[i].topics) {
      let list = byTopicLists.get(t);
      if (!list) byTopicLists.set(t, (list = []));
      list.push(i);
    }
  });
  const byTopic = new Map<string, Int32Array>();
  for (const [t, list] of byTopicLists) byTopic.set(t, Int32Array.from(list));

  // Horizon of local days and months covered by the windows.
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const o of orders) {
    if (o.latestStart < o.earliestStart) continue;
    minDay = Math.min(minDay, localDay(o.earliestStart));
    maxDay = Math.max(maxDay, localDay(o.latestStart));
  }
  const nDays = maxDay >= minDay ? maxDay - minDay + 1 : 0;
  const dayMonth = new Int32Array(nDays);
  const minMonth = nDays > 0 ? localMonthIndex(localMidnight(minDay)) : 0;
  for (let d = 0; d < nDays; d++) dayMonth[d] = localMonthIndex(localMidnight(minDay + d)) - minMonth;
  const nMonthsH = nDays > 0 ? dayMonth[nDays - 1] + 1 : 0;

  // Slot and lecturer-month ids, created on first use.
  const slotSpace = nL * nDays * nP;
  const slotIdArr = slotSpace <= 64_000_000 ? new Int32Array(slotSpace).fill(-1) : null;
  const slotIdMap = slotIdArr ? null : new Map<number, number>();
  const monthIdOf = new Int32Array(nL * nMonthsH).fill(-1); // −1 unseen, −2 cap reached
  const slotLecturer = new GrowInt32(1024);
  const slotStart = new GrowFloat64(1024);
  const slotPart = new GrowInt32(1024);
  const slotMonth = new GrowInt32(1024);
  const monthLecturer = new GrowInt32(256);
  const monthCap = new GrowInt32(256);
  const monthBooked = new GrowInt32(256);
  const monthKey: string[] = [];

  const arcStart = new Int32Array(n + 1);
  let arcSlot = new Int32Array(Math.max(1024, n * 16));
  let arcCost = new Int32Array(arcSlot.length);
  let nArcs = 0;
  const penalty = new Float64Array(n);
  const diag = new Int32Array(n * DIAG_WIDTH);
  const nearestOutOfRangeKm = new Float64Array(n).fill(Infinity);
  const outcome = opts.lecturerOutcome ? new Int8Array(n * nL).fill(RULES.indexOf('teaches')) : null;

  // Per-order scratch.
  let sDay = new Int32Array(64);
  let sPart = new Int32Array(64);
  let sStart = new Float64Array(64);
  let sLate = new Int32Array(64);
  let aSlot = new Int32Array(1024);
  let aCost = new Int32Array(1024);
  let aKey = new Float64Array(1024);
  const candScratch: number[] = [];

  for (let oi = 0; oi < n; oi++) {
    const order = orders[oi];
    penalty[oi] = unservedPenalty(order, weights);
    const durMs = order.durationMinutes * MINUTE_MS;
    // Usable slot start times of the order.
    let nS = 0;
    forEachSlotTime(order, parts, (day, part, start) => {
      if (nS === sDay.length) {
        const grow = <T extends Int32Array | Float64Array>(a: T): T => {
          const b = new (a.constructor as { new (len: number): T })(a.length * 2);
          b.set(a);
          return b;
        };
        sDay = grow(sDay);
        sPart = grow(sPart);
        sStart = grow(sStart);
        sLate = grow(sLate);
      }
      sDay[nS] = day - minDay;
      sPart[nS] = part;
      sStart[nS] = start;
      sLate[nS] = latenessCost(order, start, weights);
      nS++;
    });
    diag[oi * DIAG_WIDTH + DIAG_SLOT_TIMES] = nS;
    const orderConst = coverageCost(order, weights) + priorityCost(order, weights);

    // Candidate lecturers: a superset of those who teach it; everyone else fails 'teaches'.
    let cands: ArrayLike<number>;
    if (order.courseId !== null && order.courseId !== undefined) {
      candScratch.length = 0;
      const seen = new Set<number>();
      for (const id of order.courseLecturerIds ?? []) {
        const li = lecturerIdx.get(id);
        if (li !== undefined && !seen.has(li)) {
          seen.add(li);
          candScratch.push(li);
        }
      }
      cands = candScratch;
    } else {
      cands = byTopic.get(order.topic) ?? new Int32Array(0);
    }
    diag[oi * DIAG_WIDTH + RULES.indexOf('teaches')] += nL - cands.length;

    let nA = 0;
    for (let ci = 0; ci < cands.length; ci++) {
      const li = cands[ci];
      const p = prepared[li];
      const lecturer = p.lecturer;
      const sv = firstStaticViolation(order, p);
      if (sv !== null) {
        const r = RULES.indexOf(sv);
        diag[oi * DIAG_WIDTH + r]++;
        if (outcome) outcome[oi * nL + li] = r;
        if (sv === 'distance') nearestOutOfRangeKm[oi] = Math.min(nearestOutOfRangeKm[oi], orderTravelKm(order, lecturer));
        continue;
      }
      if (nS === 0) {
        diag[oi * DIAG_WIDTH + TIME_RULE_INDEX.window]++;
        if (outcome) outcome[oi * nL + li] = TIME_RULE_INDEX.window;
        continue;
      }
      const km = orderTravelKm(order, lecturer);
      const lecturerConst = orderConst + travelCost(km, weights) + ratingCost(lecturer, weights) + grassrootsCost(order, lecturer, weights);
      let best = -1;
      const before = nA;
      for (let k = 0; k < nS; k++) {
        const t = sStart[k];
        const tv = firstTimeViolation(p, t, t + durMs);
        if (tv !== null) {
          const r = TIME_RULE_INDEX[tv];
          if (r > best) best = r;
          continue;
        }
        const mKey = li * nMonthsH + dayMonth[sDay[k]];
        let mid = monthIdOf[mKey];
        if (mid === -1) {
          const key = monthKeyOfIndex(minMonth + dayMonth[sDay[k]]);
          const cap = monthCapLeft(lecturer, key);
          if (cap <= 0) {
            mid = -2;
          } else {
            mid = monthLecturer.push(li);
            monthCap.push(cap);
            monthBooked.push(Math.max(0, lecturer.bookedPerMonth[key] ?? 0));
            monthKey.push(key);
          }
          monthIdOf[mKey] = mid;
        }
        if (mid === -2) {
          if (TIME_RULE_INDEX.monthly_cap > best) best = TIME_RULE_INDEX.monthly_cap;
          continue;
        }
        const sKey = (li * nDays + sDay[k]) * nP + sPart[k];
        let sid = slotIdArr ? slotIdArr[sKey] : (slotIdMap!.get(sKey) ?? -1);
        if (sid === -1) {
          sid = slotLecturer.push(li);
          slotStart.push(t);
          slotPart.push(sPart[k]);
          slotMonth.push(mid);
          if (slotIdArr) slotIdArr[sKey] = sid;
          else slotIdMap!.set(sKey, sid);
        }
        const cost = lecturerConst + sLate[k];
        if (!(cost <= MAX_COST)) throw new RangeError(`cost ${cost} of order ${order.id} is too large; lower the weights`);
        if (nA === aSlot.length) {
          const s2 = new Int32Array(nA * 2);
          s2.set(aSlot);
          aSlot = s2;
          const c2 = new Int32Array(nA * 2);
          c2.set(aCost);
          aCost = c2;
          aKey = new Float64Array(nA * 2);
        }
        aSlot[nA] = sid;
        aCost[nA] = cost;
        nA++;
      }
      if (nA > before) {
        diag[oi * DIAG_WIDTH + DIAG_ELIGIBLE]++;
        if (outcome) outcome[oi * nL + li] = -1;
      } else {
        diag[oi * DIAG_WIDTH + best]++;
        if (outcome) outcome[oi * nL + li] = best;
      }
    }

    // Append the order's arcs sorted by cost (ties by generation order: deterministic).
    if (nArcs + nA > arcSlot.length) {
      const cap = Math.max(nArcs + nA, Math.ceil(arcSlot.length * 1.6));
      const s2 = new Int32Array(cap);
      s2.set(arcSlot.subarray(0, nArcs));
      arcSlot = s2;
      const c2 = new Int32Array(cap);
      c2.set(arcCost.subarray(0, nArcs));
      arcCost = c2;
    }
    let scale = 1;
    while (scale < nA) scale *= 2;
    for (let k = 0; k < nA; k++) aKey[k] = aCost[k] * scale + k;
    const keys = aKey.subarray(0, nA).sort();
    for (let k = 0; k < nA; k++) {
      const local = keys[k] % scale;
      arcSlot[nArcs + k] = aSlot[local];
      arcCost[nArcs + k] = aCost[local];
    }
    nArcs += nA;
    arcStart[oi + 1] = nArcs;
  }

  // Lecturer-month → slots (CSR), for the reverse arcs month → used slot.
  const nSlots = slotLecturer.length;
  const nMonths = monthLecturer.length;
  const slotMonthArr = slotMonth.toArray();
  const monthSlotStart = new Int32Array(nMonths + 1);
  for (let s = 0; s < nSlots; s++) monthSlotStart[slotMonthArr[s] + 1]++;
  for (let m = 0; m < nMonths; m++) monthSlotStart[m + 1] += monthSlotStart[m];
  const fill = monthSlotStart.slice(0, nMonths);
  const monthSlots = new Int32Array(nSlots);
  for (let s = 0; s < nSlots; s++) monthSlots[fill[slotMonthArr[s]]++] = s;

  return {
    orders,
    lecturers,
    prepared,
    weights,
    parts,
    nOrders: n,
    nSlots,
    nMonths,
    nArcs,
    arcStart,
    arcSlot: arcSlot.length === nArcs ? arcSlot : arcSlot.slice(0, nArcs),
    arcCost: arcCost.length === nArcs ? arcCost : arcCost.slice(0, nArcs),
    penalty,
    slotLecturer: slotLecturer.toArray(),
    slotStart: slotStart.toArray(),
    slotPart: slotPart.toArray(),
    slotMonth: slotMonthArr,
    monthLecturer: monthLecturer.toArray(),
    monthKey,
    monthCap: monthCap.toArray(),
    monthBooked: monthBooked.toArray(),
    monthSlotStart,
    monthSlots,
    diag,
    nearestOutOfRangeKm,
    lecturerOutcome: outcome,
    buildMs: performance.now() - t0,
  };
}
