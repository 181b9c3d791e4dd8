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
import { cosLatitude, EARTH_RADIUS_KM, haversineKmCos, travelKm } from '../../kernel/geo.js';
import { localDay, MINUTE_MS } from '../../kernel/time.js';
import { isOnSite } from '../../kernel/vocabulary.js';
import { overlapsAny, sortIntervals, type SortedIntervals } from './eligibility.js';
import type { Network } from './network.js';
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
  /** Per arc: its index among the stops (its position in slotArcs), or −1. */
  stopOf: Int32Array;
  /**
   * Every link the rules allow, found once (the search asks for the same links many times): CSR by stop
   * (position in slotArcs), the next day's stops it may link to, each as its index among the next day's
   * slot's stops (ascending; 16 bits when every slot has at most 65,535 stops), in chunks of LINK_CHUNK
   * (read by `linkTarget`). Hundreds of millions on a large batch, so they are never copied and no costs are
   * kept: `linkCost` works a link's cost out again.
   */
  linkStart: Int32Array;
  linkTo: (Uint16Array | Int32Array)[];
  /**
   * Per arc, the cheapest share of links it could take part in — half the cheapest link in and half
   * the cheapest link out, each only if negative (floored) —, the least its links can lower a plan's cost
   * (`linkFloor`: the cheapest link in plus the cheapest out, each only if negative), and whether any link
   * can reach it. Every plan's cost is at least Σ (arc cost + share) + load + penalties, so a flow on these
   * costs is a lower bound on the tour model's optimum.
   */
  share: Int32Array;
  linkFloor: Int32Array;
  reachable: Uint8Array;
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
  // Each slot's stops: first those a link may lead to (see findLinks), then the others; each part by
  // latitude (then arc), so the link scan looks only at a band of the next day's.
  const nightCost = Math.round(net.weights.nightAway);
  const isTarget = (a: number): number => (net.arcFar?.[a] || net.weights.travelPerKm * homeKm[a] > nightCost - 0.5 ? 0 : 1);
  const latitude = Float64Array.from(net.orders, (o) => o.branch.latitude);
  // Sorted by a whole-number key (not a comparator: millions of stops): target or not, the order's rank by
  // latitude then index (within a slot an arc's order decides its index), the arc below 2^32.
  const rank = new Float64Array(net.nOrders);
  Int32Array.from(rank.keys())
    .sort((x, y) => latitude[x] - latitude[y] || x - y)
    .forEach((o, r) => (rank[o] = r));
  let maxSlotStops = 0;
  for (let s = 0; s < S; s++) maxSlotStops = Math.max(maxSlotStops, slotArcStart[s + 1] - slotArcStart[s]);
  const keys = new Float64Array(maxSlotStops);
  const slotTargetEnd = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    const n = slotArcStart[s + 1] - slotArcStart[s];
    for (let k = 0; k < n; k++) {
      const a = slotArcs[slotArcStart[s] + k];
      keys[k] = (isTarget(a) * net.nOrders + rank[arcOrder[a]]) * 2 ** 32 + a;
    }
    const sorted = keys.subarray(0, n).sort();
    for (let k = 0; k < n; k++) slotArcs[slotArcStart[s] + k] = sorted[k] % 2 ** 32;
    let end = slotArcStart[s];
    while (end < slotArcStart[s + 1] && isTarget(slotArcs[end]) === 0) end++;
    slotTargetEnd[s] = end;
  }
  const stopOf = new Int32Array(net.nArcs).fill(-1);
  for (let i = 0; i < slotArcs.length; i++) stopOf[slotArcs[i]] = i;
  const g: TourGraph = {
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
    nightCost,
    stopOf,
    linkStart: new Int32Array(slotArcs.length + 1),
    linkTo: [],
    share: new Int32Array(net.nArcs),
    linkFloor: new Int32Array(net.nArcs),
    reachable: new Uint8Array(net.nArcs),
  };
  findLinks(g, latitude, slotTargetEnd, maxSlotStops);
  return g;
}

function unitVector(latitude: number, longitude: number): [number, number, number] {
  const phi = (latitude * Math.PI) / 180;
  const lambda = (longitude * Math.PI) / 180;
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

/** A degree of latitude is at least this many km (the haversine's sphere): a cheap, safe prefilter. */
const KM_PER_DEGREE_LATITUDE = 111;

/** The first index in [lo, hi) whose value is ≥ x in an array sorted there (hi if none). */
function lowerBound(sorted: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every link a tour may need (`linkStart`, `linkTo`, `linkCosts`): per slot, each stop against the band of
 * the next day's stops within the radius north or south, then a chord test on the unit sphere (cheap,
 * a hair wide), then the rules (see the head of this file); only the stops of the next day's slot before its
 * `slotTargetEnd` are looked at. A link into a stop within the home radius is kept only
 * if it costs < 0: else the tour may as well start there, at no more cost, so no optimal chaining needs
 * it. It costs < 0 only if travelPerKm × min(home km of both) > night − ½ (its saving is at most
 * travelPerKm × the nearer one's home km, by the triangle inequality): most pairs near home fail that
 * before any distance is computed, and a stop that fails it alone is no target at all.
 */
function findLinks(g: TourGraph, latitude: Float64Array, slotTargetEnd: Int32Array, maxSlotStops: number): void {
  const { net, slotArcs, slotArcStart, homeKm, arcOrder } = g;
  const far = net.arcFar;
  const perKm = net.weights.travelPerKm;
  const savingFloor = g.nightCost - 0.5;
  const speed = g.opts.travelSpeedKmh;
  const unit = Float64Array.from(net.orders.flatMap((o) => unitVector(o.branch.latitude, o.branch.longitude)));
  const longitude = Float64Array.from(net.orders, (o) => o.branch.longitude);
  const cosLat = latitude.map(cosLatitude);
  const durationMs = Float64Array.from(net.orders, (o) => o.durationMinutes * MINUTE_MS);
  // Per stop (position in slotArcs), so the scan reads the next day's stops in sequence, not arcs all
  // over the network; the cheapest link into each stop and whether any link reaches it too.
  const nStops = slotArcs.length;
  const stopLat = new Float64Array(nStops);
  const stopOrder = new Int32Array(nStops);
  const stopHome = new Float64Array(nStops);
  const stopNear = new Uint8Array(nStops);
  for (let i = 0; i < nStops; i++) {
    stopOrder[i] = arcOrder[slotArcs[i]];
    stopLat[i] = latitude[stopOrder[i]];
    stopHome[i] = homeKm[slotArcs[i]];
    stopNear[i] = far?.[slotArcs[i]] ? 0 : 1;
  }
  const inMin = new Int32Array(nStops);
  const reached = new Uint8Array(nStops);
  // A link into a stop within the home radius is kept only if it costs < 0, i.e. (rounding included)
  // leg < home km of both − nearSlack; the chord (≤ the leg) rules most of the others out before the
  // haversine (1 m spares float error).
  const nearSlack = g.nightCost < 0 ? -Infinity : perKm > 0 ? (2 * (g.nightCost + 0.5)) / perKm : Infinity;
  // Fixed-size chunks: a growing buffer would double (and copy) hundreds of MB.
  const Targets = maxSlotStops <= 0xffff ? Uint16Array : Int32Array;
  const chunks = g.linkTo;
  let chunk = new Targets(0);
  let n = 0;
  for (let s = 0; s < net.nSlots; s++) {
    const t = g.nextSlot[s];
    if (t < 0) {
      g.linkStart.fill(n, slotArcStart[s] + 1, slotArcStart[s + 1] + 1);
      continue;
    }
    const li = net.slotLecturer[s];
    const radius = net.lecturers[li].travelRadiusKm;
    const bookings = g.bookings[li];
    const span = radius / KM_PER_DEGREE_LATITUDE;
    const chord = 2 * Math.sin(Math.min(Math.PI / 2, radius / (2 * EARTH_RADIUS_KM)));
    const chordLimit = chord * chord * (1 + 1e-9) + 1e-12;
    // As the bookings will block it: a's lecture and the radius' travel after it, the leg's before b.
    const radiusMs = travelMinutes(radius, speed) * MINUTE_MS;
    const startB = net.slotStart[t];
    const first = slotArcStart[t];
    const end = slotTargetEnd[t];
    for (let i = slotArcStart[s]; i < slotArcStart[s + 1]; i++) {
      const oa = stopOrder[i];
      const readyA = net.slotStart[s] + durationMs[oa] + radiusMs;
      if (readyA <= startB) {
        const lat = stopLat[i];
        const u = 3 * oa;
        const homeA = stopHome[i];
        const savesFromA = perKm * homeA > savingFloor;
        let outMin = 0;
        for (let j = lowerBound(stopLat, lat - span, first, end); j < end && stopLat[j] <= lat + span; j++) {
          const nearB = stopNear[j] === 1;
          const ob = stopOrder[j];
          const homeB = stopHome[j];
          if (ob === oa || (nearB && !(savesFromA && perKm * homeB > savingFloor))) continue;
          const v = 3 * ob;
          const dx = unit[u] - unit[v];
          const dy = unit[u + 1] - unit[v + 1];
          const dz = unit[u + 2] - unit[v + 2];
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 > chordLimit) continue;
          if (nearB && EARTH_RADIUS_KM * Math.sqrt(d2) - 1e-3 >= homeA + homeB - nearSlack) continue;
          const leg = haversineKmCos(latitude[oa], longitude[oa], cosLat[oa], latitude[ob], longitude[ob], cosLat[ob]);
          if (leg > radius) continue;
          const legMs = travelMinutes(leg, speed) * MINUTE_MS;
          if (readyA + legMs > startB || overlapsAny(bookings, startB - legMs, startB + durationMs[ob] + legMs)) continue;
          const c = linkCostOf(perKm, leg, homeA, homeB, g.nightCost);
          if (nearB && c >= 0) continue;
          if (n % LINK_CHUNK === 0) chunks.push((chunk = new Targets(LINK_CHUNK)));
          chunk[n++ % LINK_CHUNK] = j - first;
          reached[j] = 1;
          if (c < outMin) outMin = c;
          if (c < inMin[j]) inMin[j] = c;
        }
        g.linkFloor[slotArcs[i]] = outMin;
      }
      g.linkStart[i + 1] = n;
    }
  }
  // The cheapest link out (in linkFloor so far) and in, only where negative: the shares and floors.
  for (let j = 0; j < nStops; j++) {
    const b = slotArcs[j];
    const cout = g.linkFloor[b];
    g.reachable[b] = reached[j];
    g.share[b] = Math.floor(inMin[j] / 2) + Math.floor(cout / 2);
    g.linkFloor[b] = inMin[j] + cout;
  }
}

/** Links per chunk (2–4 MB). */
const LINK_SHIFT = 20;
const LINK_CHUNK = 1 << LINK_SHIFT;

/** The k-th link's target: its index among the next day's slot's stops. */
function linkTarget(g: TourGraph, k: number): number {
  return g.linkTo[k >>> LINK_SHIFT][k & (LINK_CHUNK - 1)];
}

/** A link's cost: its saving (see the head of this file) and the night. */
function costOfLink(g: TourGraph, leg: number, a: number, b: number): number {
  return linkCostOf(g.net.weights.travelPerKm, leg, g.homeKm[a], g.homeKm[b], g.nightCost);
}

function linkCostOf(perKm: number, leg: number, homeA: number, homeB: number, nightCost: number): number {
  return Math.min(0, Math.round((perKm * (leg - homeA - homeB)) / 2)) + nightCost;
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

/** Whether the rules allow linking stop a to stop b the next day. */
export function hasLink(g: TourGraph, a: number, b: number): boolean {
  const i = g.stopOf[a];
  const j = g.stopOf[b];
  const t = g.net.arcSlot[b];
  if (i < 0 || j < 0 || g.nextSlot[g.net.arcSlot[a]] !== t) return false;
  const target = j - g.slotArcStart[t];
  let lo = g.linkStart[i];
  let hi = g.linkStart[i + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (linkTarget(g, mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo < g.linkStart[i + 1] && linkTarget(g, lo) === target;
}

/** The cost of linking stop a to stop b the next day (saving + night), or NO_LINK when the rules forbid it. */
export function linkCost(g: TourGraph, a: number, b: number): number {
  return hasLink(g, a, b) ? costOfLink(g, legKm(g, a, b), a, b) : NO_LINK;
}

/** Calls fn(b) for every stop b that stop i (position in slotArcs) links to, while fn returns true. */
export function forEachLinkFrom(g: TourGraph, i: number, fn: (b: number) => boolean): void {
  const first = g.slotArcStart[g.nextSlot[g.net.arcSlot[g.slotArcs[i]]]];
  for (let k = g.linkStart[i]; k < g.linkStart[i + 1] && fn(g.slotArcs[first + linkTarget(g, k)]); k++);
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
