/**
 * The tour model (巡回宣讲) over the batch network: which on-site lectures of one lecturer may be
 * chained on consecutive days, what a chain saves, and the best way to chain a given plan.
 *
 * A tour is a sequence of stops — arcs of one lecturer in the on-site day part on consecutive local
 * days — of at most maxNights + 1 stops. Every stop meets every hard rule of a single lecture at its
 * start (the network's arcs), except that the travel radius is measured from home for the first stop
 * and from the previous village for the others (arcs beyond the home radius are `arcFar`). A chain
 * link a → b (b the next day) also needs:
 *  - the leg a → b within the lecturer's radius;
 *  - time for the travel as the bookings will block it: b's booking blocks the leg's travel time
 *    before and after b, a's booking at most the radius' travel time after a, so
 *    end(a) + radius time + leg time ≤ start(b);
 *  - b's lecture with that travel free of the lecturer's existing bookings.
 * Cost: a single lecture's travel is travelPerKm × km from home (half the round trip, as ever). A
 * tour drives home → 1 → … → k → home; half of that is Σ single travel + Σ link savings, where the
 * link a → b saves D(a,b) = round(travelPerKm × (leg − km(home,a) − km(home,b)) / 2) ≤ 0 (triangle
 * inequality), and costs nightAway for the night before b. So the tour model's cost is the flow
 * model's plus Σ over links (D + night): a plan without links costs exactly what the flow says.
 */
import { EARTH_RADIUS_KM, travelKm } from '../../kernel/geo.js';
import { localDay, MINUTE_MS } from '../../kernel/time.js';
import { isOnSite } from '../../kernel/vocabulary.js';
import { overlapsAny, sortIntervals, type SortedIntervals } from './eligibility.js';
import { int32s, type Network } from './network.js';
import type { TourOptions } from './types.js';

/** No link. */
export const NO_LINK = Number.POSITIVE_INFINITY;

/** The on-site slots of each lecturer by day, and the arcs into each slot. */
export interface TourGraph {
  net: Network;
  opts: TourOptions;
  /** The day part holding on-site forms, or −1 (then no tours). */
  onSitePart: number;
  /** Per slot: its local day (absolute), and the on-site slot of the same lecturer the next day, or −1. */
  slotDay: Int32Array;
  nextSlot: Int32Array;
  prevSlot: Int32Array;
  /** CSR by slot: the on-site arcs into it. */
  slotArcStart: Int32Array;
  slotArcs: Int32Array;
  /** The order of each arc. */
  arcOrder: Int32Array;
  /** Whether the arc is an on-site lecture in the on-site part (a possible stop). */
  arcStop: Uint8Array;
  /** Km from the lecturer's home to the arc's branch. */
  homeKm: Float64Array;
  bookings: SortedIntervals[];
  nightCost: number;
  /** Per order: its branch as a point of the unit sphere (x, y, z), for a cheap radius prefilter. */
  unit: Float64Array;
  /** Per lecturer: the squared chord of the radius, a hair wide (the haversine decides what passes it). */
  chordLimit: Float64Array;
}

export function buildTourGraph(net: Network, opts: TourOptions): TourGraph {
  const onSitePart = net.parts.findIndex((p) => [...p.formats].some(isOnSite));
  const S = net.nSlots;
  const slotDay = new Int32Array(S);
  for (let s = 0; s < S; s++) slotDay[s] = localDay(net.slotStart[s]);
  const nextSlot = new Int32Array(S).fill(-1);
  const prevSlot = new Int32Array(S).fill(-1);
  const byLecturerDay = new Map<number, number>();
  for (let s = 0; s < S; s++) if (net.slotPart[s] === onSitePart) byLecturerDay.set(net.slotLecturer[s] * 1e6 + slotDay[s], s);
  for (const [key, s] of byLecturerDay) {
    const next = byLecturerDay.get(key + 1);
    if (next !== undefined) {
      nextSlot[s] = next;
      prevSlot[next] = s;
    }
  }
  const arcOrder = new Int32Array(net.nArcs);
  const arcStop = new Uint8Array(net.nArcs);
  const homeKm = new Float64Array(net.nArcs);
  const slotArcStart = new Int32Array(S + 1);
  for (let o = 0; o < net.nOrders; o++) {
    const order = net.orders[o];
    for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
      arcOrder[a] = o;
      const s = net.arcSlot[a];
      homeKm[a] = isOnSite(order.format) ? travelKm(net.lecturers[net.slotLecturer[s]], order.branch) : 0;
      if (net.slotPart[s] === onSitePart && isOnSite(order.format)) {
        arcStop[a] = 1;
        slotArcStart[s + 1]++;
      }
    }
  }
  for (let s = 0; s < S; s++) slotArcStart[s + 1] += slotArcStart[s];
  const fill = slotArcStart.slice(0, S);
  const slotArcs = new Int32Array(slotArcStart[S]);
  for (let a = 0; a < net.nArcs; a++) if (arcStop[a]) slotArcs[fill[net.arcSlot[a]]++] = a;
  return {
    net,
    opts,
    onSitePart,
    slotDay,
    nextSlot,
    prevSlot,
    slotArcStart,
    slotArcs,
    arcOrder,
    arcStop,
    homeKm,
    bookings: net.lecturers.map((l) => sortIntervals(l.bookings)),
    nightCost: Math.round(net.weights.nightAway),
    unit: Float64Array.from(net.orders.flatMap((o) => unitVector(o.branch.latitude, o.branch.longitude))),
    chordLimit: Float64Array.from(net.lecturers, (l) => {
      const chord = 2 * Math.sin(Math.min(Math.PI / 2, l.travelRadiusKm / (2 * EARTH_RADIUS_KM)));
      return chord * chord * (1 + 1e-9) + 1e-12;
    }),
  };
}

function unitVector(latitude: number, longitude: number): [number, number, number] {
  const phi = (latitude * Math.PI) / 180;
  const lambda = (longitude * Math.PI) / 180;
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

/** Whether the branches of arcs a and b may lie within lecturer li's radius (false: surely not). */
function mayBeWithinRadius(g: TourGraph, a: number, b: number, li: number): boolean {
  const i = 3 * g.arcOrder[a];
  const j = 3 * g.arcOrder[b];
  const dx = g.unit[i] - g.unit[j];
  const dy = g.unit[i + 1] - g.unit[j + 1];
  const dz = g.unit[i + 2] - g.unit[j + 2];
  return dx * dx + dy * dy + dz * dz <= g.chordLimit[li];
}

/** A degree of latitude is at least this many km (the haversine's sphere): a cheap, safe prefilter. */
const KM_PER_DEGREE_LATITUDE = 111;

/** The first index whose value is ≥ x in a sorted array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Minutes of travel a booking blocks for `km` (as the app books it: ceil(km / speed · 60)). */
export function travelMinutes(km: number, speedKmh: number): number {
  return Math.ceil((km / speedKmh) * 60);
}

/** Km of the leg between the branches of arcs a and b. */
export function legKm(g: TourGraph, a: number, b: number): number {
  const { orders } = g.net;
  return travelKm(orders[g.arcOrder[a]].branch, orders[g.arcOrder[b]].branch);
}

/** The cost of linking stop a to stop b the next day (saving + night), or NO_LINK when the rules forbid it. */
export function linkCost(g: TourGraph, a: number, b: number): number {
  const { net, opts } = g;
  if (g.arcOrder[a] === g.arcOrder[b]) return NO_LINK;
  const li = net.slotLecturer[net.arcSlot[a]];
  const lecturer = net.lecturers[li];
  const startA = net.slotStart[net.arcSlot[a]];
  const endA = startA + net.orders[g.arcOrder[a]].durationMinutes * MINUTE_MS;
  const startB = net.slotStart[net.arcSlot[b]];
  const radiusMs = travelMinutes(lecturer.travelRadiusKm, opts.travelSpeedKmh) * MINUTE_MS;
  if (endA + radiusMs > startB || !mayBeWithinRadius(g, a, b, li)) return NO_LINK;
  const leg = legKm(g, a, b);
  if (leg > lecturer.travelRadiusKm) return NO_LINK;
  const endB = startB + net.orders[g.arcOrder[b]].durationMinutes * MINUTE_MS;
  const legMs = travelMinutes(leg, opts.travelSpeedKmh) * MINUTE_MS;
  if (endA + radiusMs + legMs > startB) return NO_LINK;
  if (overlapsAny(g.bookings[net.slotLecturer[net.arcSlot[b]]], startB - legMs, endB + legMs)) return NO_LINK;
  const saving = Math.min(0, Math.round((net.weights.travelPerKm * (leg - g.homeKm[a] - g.homeKm[b])) / 2));
  return saving + g.nightCost;
}

/**
 * Per arc, the cheapest share of links it could take part in — half the cheapest link in and half
 * the cheapest link out, each only if negative (floored) —, whether any link can reach it, and the
 * links into stops beyond the home radius (pairs predecessor → far stop). Every plan's cost is at least
 * Σ (arc cost + share) + load + penalties, so a flow on these costs is a lower bound on the tour model's optimum.
 */
export function linkShares(g: TourGraph): { share: Int32Array; reachable: Uint8Array; farPred: Int32Array; farStop: Int32Array } {
  const { net } = g;
  const inMin = new Float64Array(net.nArcs);
  const outMin = new Float64Array(net.nArcs);
  const reachable = new Uint8Array(net.nArcs);
  const farPred = int32s(1024);
  const farStop = int32s(1024);
  const latOf = (a: number) => net.orders[g.arcOrder[a]].branch.latitude;
  for (let s = 0; s < net.nSlots; s++) {
    const t = g.nextSlot[s];
    if (t < 0) continue;
    // The next day's stops by latitude: only those within the radius north or south can be linked.
    const next = Array.from(g.slotArcs.subarray(g.slotArcStart[t], g.slotArcStart[t + 1])).sort((x, y) => latOf(x) - latOf(y));
    const lats = Float64Array.from(next, latOf);
    const span = net.lecturers[net.slotLecturer[s]].travelRadiusKm / KM_PER_DEGREE_LATITUDE;
    for (let i = g.slotArcStart[s]; i < g.slotArcStart[s + 1]; i++) {
      const a = g.slotArcs[i];
      const lat = latOf(a);
      for (let j = lowerBound(lats, lat - span); j < next.length && lats[j] <= lat + span; j++) {
        const b = next[j];
        const c = linkCost(g, a, b);
        if (c === NO_LINK) continue;
        reachable[b] = 1;
        if (net.arcFar?.[b]) {
          farPred.push(a);
          farStop.push(b);
        }
        if (c < outMin[a]) outMin[a] = c;
        if (c < inMin[b]) inMin[b] = c;
      }
    }
  }
  const share = new Int32Array(net.nArcs);
  for (let a = 0; a < net.nArcs; a++) share[a] = Math.floor(inMin[a] / 2) + Math.floor(outMin[a] / 2);
  return { share, reachable, farPred: farPred.toArray(), farStop: farStop.toArray() };
}

/** A chained plan: the links chosen and what they cost, and the stops beyond the home radius no tour can reach. */
export interface Chaining {
  /** Σ link costs chosen. */
  cost: number;
  /** Per stop of the plan in a tour but its last: the arc of the tour's next stop. */
  next: Map<number, number>;
  /** Stops beyond the home radius that no tour of the plan reaches: the plan must leave them out. */
  dropped: number[];
}

/** The plan's stops by slot (−1: the slot holds no stop). */
export function stopsBySlot(g: TourGraph, orderArc: Int32Array): Int32Array {
  const arcOfSlot = new Int32Array(g.net.nSlots).fill(-1);
  for (let o = 0; o < g.net.nOrders; o++) {
    const a = orderArc[o];
    if (a >= 0 && g.arcStop[a]) arcOfSlot[g.net.arcSlot[a]] = a;
  }
  return arcOfSlot;
}

/** The stops of the run that holds slot s: consecutive days, each linkable to the next; and the links' costs. */
export function runAt(g: TourGraph, arcOfSlot: Int32Array, s: number): { run: number[]; links: number[] } {
  let first = s;
  for (let p = g.prevSlot[first]; p >= 0 && arcOfSlot[p] >= 0 && linkCost(g, arcOfSlot[p], arcOfSlot[first]) !== NO_LINK; p = g.prevSlot[p])
    first = p;
  const run = [arcOfSlot[first]];
  const links: number[] = [];
  for (let t = g.nextSlot[first]; t >= 0 && arcOfSlot[t] >= 0; t = g.nextSlot[t]) {
    const c = linkCost(g, run[run.length - 1], arcOfSlot[t]);
    if (c === NO_LINK) break;
    links.push(c);
    run.push(arcOfSlot[t]);
  }
  return { run, links };
}

/**
 * The best way to cut one run into tours (dynamic programme): each tour at most maxNights + 1 stops and
 * starting within the home radius; a stop beyond it that no tour can reach is dropped at `dropCost`.
 * Returns the cost (links + drops), the links kept (as pairs) and the dropped stops.
 */
export function cutRun(
  g: TourGraph,
  run: readonly number[],
  links: readonly number[],
  dropCost: (arc: number) => number,
): { cost: number; pairs: [number, number][]; dropped: number[] } {
  const far = g.net.arcFar;
  const maxStops = g.opts.maxNights + 1;
  const m = run.length;
  // f[j]: least cost of the first j stops; from[j]: where the last tour starts, or −1 when stop j−1 is dropped.
  const f = new Float64Array(m + 1).fill(Infinity);
  const from = new Int32Array(m + 1);
  f[0] = 0;
  for (let j = 1; j <= m; j++) {
    if (far && far[run[j - 1]]) {
      f[j] = f[j - 1] + dropCost(run[j - 1]);
      from[j] = -1;
    }
    let inner = 0; // Σ links inside stops i … j−1, grown as i moves left
    for (let i = j - 1; i >= Math.max(0, j - maxStops); i--) {
      if (i < j - 1) inner += links[i];
      if (far && far[run[i]]) continue; // a tour starts within the home radius
      if (f[i] + inner < f[j]) {
        f[j] = f[i] + inner;
        from[j] = i;
      }
    }
  }
  const pairs: [number, number][] = [];
  const dropped: number[] = [];
  for (let j = m; j > 0;) {
    if (from[j] < 0) {
      dropped.push(run[j - 1]);
      j--;
      continue;
    }
    for (let k = from[j]; k < j - 1; k++) pairs.push([run[k], run[k + 1]]);
    j = from[j];
  }
  return { cost: f[m], pairs, dropped };
}

/**
 * The best chaining of a plan (arc per order, or < 0): per lecturer, the stops on consecutive days
 * whose links the rules allow form runs, each cut into tours by `cutRun`. A stop beyond the home
 * radius that no tour reaches is dropped (its order's penalty replaces its arc).
 */
export function chainPlan(g: TourGraph, orderArc: Int32Array): Chaining {
  const { net } = g;
  const arcOfSlot = stopsBySlot(g, orderArc);
  const next = new Map<number, number>();
  const dropped: number[] = [];
  const dropCost = (a: number) => net.penalty[g.arcOrder[a]] - net.arcCost[a];
  let cost = 0;
  for (let s = 0; s < net.nSlots; s++) {
    const a0 = arcOfSlot[s];
    // Each run once, from its first stop: one whose previous day's stop is unused or cannot link to it.
    if (a0 < 0) continue;
    const p = g.prevSlot[s];
    if (p >= 0 && arcOfSlot[p] >= 0 && linkCost(g, arcOfSlot[p], a0) !== NO_LINK) continue;
    const { run, links } = runAt(g, arcOfSlot, s);
    const cut = cutRun(g, run, links, dropCost);
    for (const [a, b] of cut.pairs) next.set(a, b);
    dropped.push(...cut.dropped);
    cost += cut.cost;
  }
  return { cost, next, dropped };
}
