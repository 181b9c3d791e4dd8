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
 *  - b's lecture with that travel free of the lecturer's existing bookings;
 *  - the night, from the end of a to the start of b, free of them too (the lecturer is away).
 * Cost: a single lecture's travel is travelPerKm × km from home (half the round trip, as ever). A
 * tour drives home → 1 → … → k → home; half of that is Σ single travel + Σ link savings, where the
 * link a → b saves D(a,b) = round(travelPerKm × (leg − km(home,a) − km(home,b)) / 2) ≤ 0 (triangle
 * inequality), and costs nightAway for the night before b. So the tour model's cost is the flow
 * model's plus Σ over links (D + night): a plan without links costs exactly what the flow says.
 */
import { cosLatitude, EARTH_RADIUS_KM, haversineKmCos, travelKm, travelMinutes } from '../../kernel/geo.js';
import { localDay, MINUTE_MS } from '../../kernel/time.js';
import { isOnSite } from '../../kernel/vocabulary.js';
import { overlapsAny, sortIntervals, type SortedIntervals } from './eligibility.js';
import { float64s, int32s, type GrowArray, type Network } from './network.js';
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
  /** Per slot: the end of its stops a link may lead to (the first part of its stops, see LinkRule). */
  slotTargetEnd: Int32Array;
  /**
   * Per stop (position in slotArcs): its order, km from home, and 1 if within the home radius — read in slot
   * order by the link rules, which work every link out when it is asked for (hundreds of millions on a large
   * batch: too many to keep).
   */
  stopOrder: Int32Array;
  stopHome: Float64Array;
  stopNear: Uint8Array;
  /** Per order: what the link rules read of its branch and lecture. */
  places: Places;
  /** The link rules as `linkCost` last set them (the search asks many links of one stop in a row). */
  rule: LinkRule;
  /** The links `linkCost` worked out last. */
  memo: LinkMemo;
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

/** What the link rules read of the graph. */
type LinkGraph = Omit<TourGraph, 'rule' | 'memo'>;

/** Per order: its branch as a unit vector (the chord test), in degrees with cos(latitude) (the haversine), and its lecture's length. */
interface Places {
  unit: Float64Array;
  latitude: Float64Array;
  longitude: Float64Array;
  cosLat: Float64Array;
  durationMs: Float64Array;
  /** The longest of the lectures. */
  longestMs: number;
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
  // Each slot's stops: first those a link may lead to (see LinkRule), then the others; each part by
  // latitude (then arc), so that a lookup of the links of one stop looks only at a band of the other day's.
  const nightCost = Math.round(net.weights.nightAway);
  checkLinkCostRange(net.weights.travelPerKm, homeKm, nightCost);
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
  const stopOrder = new Int32Array(slotArcs.length);
  const stopHome = new Float64Array(slotArcs.length);
  const stopNear = new Uint8Array(slotArcs.length);
  for (let i = 0; i < slotArcs.length; i++) {
    stopOrder[i] = arcOrder[slotArcs[i]];
    stopHome[i] = homeKm[slotArcs[i]];
    stopNear[i] = net.arcFar?.[slotArcs[i]] ? 0 : 1;
  }
  const base: LinkGraph = {
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
    slotTargetEnd,
    stopOrder,
    stopHome,
    stopNear,
    places: placesOf(net, latitude),
    share: new Int32Array(net.nArcs),
    linkFloor: new Int32Array(net.nArcs),
    reachable: new Uint8Array(net.nArcs),
  };
  const g: TourGraph = { ...base, rule: new LinkRule(base), memo: new LinkMemo(slotArcs.length) };
  findLinks(g);
  return g;
}

function placesOf(net: Network, latitude: Float64Array): Places {
  const unit = new Float64Array(3 * net.nOrders);
  const durationMs = Float64Array.from(net.orders, (o) => o.durationMinutes * MINUTE_MS);
  net.orders.forEach((o, k) => unit.set(unitVector(o.branch.latitude, o.branch.longitude), 3 * k));
  return {
    unit,
    latitude,
    longitude: Float64Array.from(net.orders, (o) => o.branch.longitude),
    cosLat: latitude.map(cosLatitude),
    durationMs,
    longestMs: durationMs.reduce((a, b) => Math.max(a, b), 0),
  };
}

function unitVector(latitude: number, longitude: number): [number, number, number] {
  const phi = (latitude * Math.PI) / 180;
  const lambda = (longitude * Math.PI) / 180;
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

/** A degree of latitude is at least this many km (the haversine's sphere): a cheap, safe prefilter. */
const KM_PER_DEGREE_LATITUDE = 111;

/** The first stop in [lo, hi) (a run of stops sorted by latitude) at latitude ≥ x (hi if none). */
function firstAtLatitude(g: LinkGraph, x: number, lo: number, hi: number): number {
  const { stopOrder } = g;
  const { latitude } = g.places;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (latitude[stopOrder[mid]] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rules of a link (see the head of this file) from a stop of slot s to a stop of the same lecturer's
 * slot t the next day, with what depends only on the lecturer, the slot or the stop worked out once. A link
 * is a matter of place — the two branches and the lecturer (`placeCost`: the same every day) — and of time
 * (`timeFits`: the day's start, the lecture and the bookings). The scan of all links (`findLinks`) and every
 * lookup (`costTo`) go through both, so they agree on every link.
 *
 * Only the stops of t before its `slotTargetEnd` are linked to; a link into a stop within the home radius
 * exists only if it costs < 0: else the tour may as well start there, at no more cost, so no optimal
 * chaining needs it. It costs < 0 only if travelPerKm × min(home km of both) > night − ½ (its saving is at
 * most travelPerKm × the nearer one's home km, by the triangle inequality), i.e. (rounding included) leg <
 * home km of both − nearSlack: most pairs near home fail that before any distance is computed. Before the
 * haversine, a chord test on the unit sphere (a hair wide) rules out most places beyond the radius.
 */
class LinkRule {
  /** The lecturer, slot and stop set last (−1: none). */
  private li = -1;
  private s = -1;
  private i = -1;
  /** The next day's slot (−1: none) and its stops a link may lead to: first … end − 1. */
  t = -1;
  first = 0;
  end = 0;
  /** Degrees of latitude the radius spans at most. */
  span = 0;
  private radius = 0;
  /** sin of half the angle the radius spans (a hair wide), for lonSpanWithin. */
  private sinHalfRadius = 0;
  /** The squared chord (on the unit sphere) the radius spans, a hair wide: a pair beyond it has no link. */
  chordLimit = 0;
  private radiusMs = 0;
  private startB = 0;
  private bookings: SortedIntervals | null = null;
  /** The place a link leaves from: its order, latitude, home km, and whether a link out of it could save its night (see above). */
  private oa = -1;
  lat = 0;
  private homeA = 0;
  private savesFromA = false;
  /** When the stop's lecture and the radius' travel after it end, and whether a link can still follow. */
  readyMs = 0;
  private ready = false;
  /** Ms of travel the leg of the link `placeCost` last found takes, as a booking blocks it. */
  legMs = 0;
  /** Whether the lecturer's bookings leave the next day's slot free of any lecture with the radius' travel. */
  private dayFree = false;
  private readonly perKm: number;
  private readonly savingFloor: number;
  private readonly nearSlack: number;
  /** Read for every pair of places (kept here rather than looked up through the graph). */
  private readonly places: Places;
  private readonly nightCost: number;
  private readonly speedKmh: number;
  private readonly longestMs: number;

  constructor(private readonly g: LinkGraph) {
    this.places = g.places;
    this.nightCost = g.nightCost;
    this.speedKmh = g.opts.travelSpeedKmh;
    this.longestMs = g.places.longestMs;
    this.perKm = g.net.weights.travelPerKm;
    this.savingFloor = g.nightCost - 0.5;
    this.nearSlack = g.nightCost < 0 ? -Infinity : this.perKm > 0 ? (2 * (g.nightCost + 0.5)) / this.perKm : Infinity;
  }

  /** Links of lecturer li's stops. */
  forLecturer(li: number): void {
    if (li === this.li) return;
    const { g } = this;
    this.li = li;
    this.radius = g.net.lecturers[li].travelRadiusKm;
    this.bookings = g.bookings[li];
    this.span = this.radius / KM_PER_DEGREE_LATITUDE;
    this.sinHalfRadius = Math.sin(Math.min(Math.PI / 2, (this.radius * (1 + 1e-6) + 1e-3) / (2 * EARTH_RADIUS_KM)));
    const chord = 2 * Math.sin(Math.min(Math.PI / 2, this.radius / (2 * EARTH_RADIUS_KM)));
    this.chordLimit = chord * chord * (1 + 1e-9) + 1e-12;
    // As the bookings will block it: a's lecture and the radius' travel after it, the leg's before b.
    this.radiusMs = travelMinutes(this.radius, g.opts.travelSpeedKmh) * MINUTE_MS;
  }

  /** Links out of slot s's stops: false when its lecturer has no on-site slot the next day. */
  fromSlot(s: number): boolean {
    if (s === this.s) return this.t >= 0;
    const { g } = this;
    this.s = s;
    this.i = -1;
    this.t = g.nextSlot[s];
    if (this.t < 0) return false;
    this.forLecturer(g.net.slotLecturer[s]);
    this.startB = g.net.slotStart[this.t];
    this.dayFree = !overlapsAny(this.bookings!, this.startB - this.radiusMs, this.startB + this.longestMs + this.radiusMs);
    this.first = g.slotArcStart[this.t];
    this.end = g.slotTargetEnd[this.t];
    return true;
  }

  /**
   * Degrees of longitude the radius spans at most between two places within `band` degrees of latitude `lat`
   * (Infinity near a pole).
   */
  lonSpanWithin(lat: number, band: number): number {
    // Within the radius, cos φa · cos φb · sin²(Δλ / 2) ≤ sin²(radius / 2R) (the haversine).
    const cosLeast = Math.cos(Math.min(90, Math.abs(lat) + band) * (Math.PI / 180));
    const sinHalfLon = cosLeast > 0 ? this.sinHalfRadius / cosLeast : Infinity;
    return sinHalfLon < 1 ? (2 * Math.asin(sinHalfLon) * 180) / Math.PI + 1e-9 : Infinity;
  }

  /**
   * Links out of stop i of that slot: false when its lecture and the radius' travel end too late for any, or the
   * lecturer has a booking between its end and the next day's slot (the night away).
   */
  fromStop(i: number): boolean {
    if (i === this.i) return this.ready;
    const { g } = this;
    this.fromPlace(g.stopOrder[i], g.stopHome[i]);
    this.i = i;
    const endMs = g.net.slotStart[this.s] + g.places.durationMs[this.oa];
    this.readyMs = endMs + this.radiusMs;
    this.ready = this.readyMs <= this.startB && !overlapsAny(this.bookings!, endMs, this.startB);
    return this.ready;
  }

  /** Links out of order oa's branch, `homeKm` from the lecturer's home, on any day. */
  fromPlace(oa: number, homeKm: number): void {
    this.i = -1;
    this.oa = oa;
    this.lat = this.g.places.latitude[oa];
    this.homeA = homeKm;
    this.savesFromA = this.perKm * homeKm > this.savingFloor;
  }

  /** The cost of the link from the stop to stop j of the next day's slot (saving + night), or NO_LINK. */
  costTo(j: number): number {
    const { g } = this;
    if (j < this.first || j >= this.end) return NO_LINK;
    const ob = g.stopOrder[j];
    const latB = g.places.latitude[ob];
    if (latB < this.lat - this.span || latB > this.lat + this.span) return NO_LINK;
    const c = this.placeCost(ob, g.stopHome[j], g.stopNear[j] === 1);
    return c !== NO_LINK && this.timeFits(this.readyMs, this.legMs, g.places.durationMs[ob]) ? c : NO_LINK;
  }

  /**
   * The cost of a link from the place to order ob's branch, `homeB` km from home and within the home radius
   * if `nearB`, as far as place decides it (saving + night), or NO_LINK; sets legMs.
   */
  placeCost(ob: number, homeB: number, nearB: boolean): number {
    const { unit } = this.places;
    const d2 = squaredChord(unit, 3 * this.oa, unit, 3 * ob);
    return d2 > this.chordLimit ? NO_LINK : this.placeCostWithin(ob, homeB, nearB, d2);
  }

  /** placeCost of a branch whose squared chord `d2` from the place is within chordLimit. */
  placeCostWithin(ob: number, homeB: number, nearB: boolean, d2: number): number {
    const { perKm, oa, nightCost } = this;
    if (ob === oa || (nearB && !(this.savesFromA && perKm * homeB > this.savingFloor))) return NO_LINK;
    const { latitude, longitude, cosLat } = this.places;
    // 1 m spares float error.
    const chordKm = EARTH_RADIUS_KM * Math.sqrt(d2) - 1e-3;
    if (nearB && chordKm >= this.homeA + homeB - this.nearSlack) return NO_LINK;
    const leg = haversineKmCos(latitude[oa], longitude[oa], cosLat[oa], latitude[ob], longitude[ob], cosLat[ob]);
    if (leg > this.radius) return NO_LINK;
    const c = linkCostOf(perKm, leg, this.homeA, homeB, nightCost);
    if (nearB && c >= 0) return NO_LINK;
    this.legMs = travelMinutes(leg, this.speedKmh) * MINUTE_MS;
    return c;
  }

  /**
   * Whether a lecturer ready to leave at `readyMs` (see fromStop) makes a leg of `legMs` to the next day's
   * slot in time, and that lecture of `durationMs` with the leg's travel before and after is free of bookings.
   */
  timeFits(readyMs: number, legMs: number, durationMs: number): boolean {
    if (readyMs + legMs > this.startB) return false;
    // A leg is never longer than the radius' travel (placeCost), nor a lecture than the longest.
    return this.dayFree || !overlapsAny(this.bookings!, this.startB - legMs, this.startB + durationMs + legMs);
  }
}

/** The cheapest link out of and into each stop (0 when none is negative), and whether any link reaches it. */
interface LinkMins {
  outMin: Int32Array;
  inMin: Int32Array;
  reached: Uint8Array;
}

/**
 * The cheapest link out of and into each stop, and whether any link reaches it (`share`, `linkFloor`,
 * `reachable`), lecturer by lecturer (`LecturerLinks`).
 */
function findLinks(g: TourGraph): void {
  const { net, slotArcs, nextSlot } = g;
  const nStops = slotArcs.length;
  const mins: LinkMins = { outMin: new Int32Array(nStops), inMin: new Int32Array(nStops), reached: new Uint8Array(nStops) };
  // The slots followed by an on-site slot the next day, by lecturer (CSR).
  const start = new Int32Array(net.lecturers.length + 1);
  for (let s = 0; s < net.nSlots; s++) if (nextSlot[s] >= 0) start[net.slotLecturer[s] + 1]++;
  for (let li = 0; li < net.lecturers.length; li++) start[li + 1] += start[li];
  const fill = start.slice(0, net.lecturers.length);
  const slots = new Int32Array(start[net.lecturers.length]);
  for (let s = 0; s < net.nSlots; s++) if (nextSlot[s] >= 0) slots[fill[net.slotLecturer[s]]++] = s;
  const links = new LecturerLinks(g, mins);
  for (let li = 0; li < net.lecturers.length; li++) if (start[li + 1] > start[li]) links.scan(li, slots.subarray(start[li], start[li + 1]));
  // The cheapest link out and in, only where negative: the shares and floors.
  const { outMin, inMin, reached } = mins;
  for (let j = 0; j < nStops; j++) {
    const b = slotArcs[j];
    g.reachable[b] = reached[j];
    g.share[b] = Math.floor(inMin[j] / 2) + Math.floor(outMin[j] / 2);
    g.linkFloor[b] = inMin[j] + outMin[j];
  }
}

/**
 * The links of one lecturer's stops. A link's place part (`placeCost`: the two branches and the lecturer) is
 * the same every day, so it is worked out once per pair of the lecturer's branches where the second holds a
 * stop on a day after one of the first's (`PlacesByDay`), and each day then looks up only the pairs found for
 * the time part (`timeFits`). On L that is 162 M pairs of places instead of 492 M pairs of stops of
 * consecutive days, 48 M of them links, each found on three days on average.
 */
class LecturerLinks {
  private readonly rule: LinkRule;
  /** The places links leave from, and those they lead to with 1 if within the home radius and the branch as a unit vector (x, y, z). */
  private readonly from: StopPlaces;
  private readonly to: StopPlaces;
  private readonly toNear = int32s(256);
  private readonly toUnit = float64s(768);
  /** Per place a link leaves from (CSR): the places it links to on a day both hold a stop, their cost and leg. */
  private readonly pairStart = int32s(256);
  private readonly pairTo = int32s(1024);
  private readonly pairCost = int32s(1024);
  private readonly pairLegMs = float64s(1024);
  /** Per place a link leads to: its stop in the day's slot being scanned, or −1. */
  private stopAt = new Int32Array(256).fill(-1);

  constructor(
    private readonly g: TourGraph,
    private readonly mins: LinkMins,
  ) {
    this.rule = new LinkRule(g);
    this.from = new StopPlaces(g.net.nOrders);
    this.to = new StopPlaces(g.net.nOrders);
  }

  /** Lecturer li's links out of its `slots` (each followed by an on-site slot the next day). */
  scan(li: number, slots: Int32Array): void {
    this.rule.forLecturer(li);
    this.collectPlaces(slots);
    this.pairPlaces();
    if (this.stopAt.length < this.to.order.length) this.stopAt = new Int32Array(this.to.order.data.length).fill(-1);
    for (let k = 0; k < slots.length; k++) this.linkDay(slots[k]);
    this.from.clear();
    this.to.clear();
  }

  private collectPlaces(slots: Int32Array): void {
    const { g, from, to } = this;
    this.toNear.length = this.toUnit.length = 0;
    for (let k = 0; k < slots.length; k++) {
      const s = slots[k];
      const t = g.nextSlot[s];
      for (let i = g.slotArcStart[s]; i < g.slotArcStart[s + 1]; i++) from.add(g.stopOrder[i], g.stopHome[i], g.slotDay[s]);
      for (let j = g.slotArcStart[t]; j < g.slotTargetEnd[t]; j++) {
        const o = g.stopOrder[j];
        if (!to.add(o, g.stopHome[j], g.slotDay[t])) continue;
        this.toNear.push(g.stopNear[j]);
        for (let x = 3 * o; x < 3 * o + 3; x++) this.toUnit.push(g.places.unit[x]);
      }
    }
  }

  /** The place part of every link between the lecturer's places that two consecutive days hold. */
  private pairPlaces(): void {
    const { rule, from, to } = this;
    const days = new PlacesByDay(to.first, to.last);
    this.pairStart.length = this.pairTo.length = this.pairCost.length = this.pairLegMs.length = 0;
    this.pairStart.push(0);
    for (let a = 0; a < from.order.length; a++) {
      rule.fromPlace(from.order.data[a], from.home.data[a]);
      days.within(from.first.data[a] + 1, from.last.data[a] + 1);
      this.pairWith(from.order.data[a], days.going, days.goingFrom, days.goingTo);
      this.pairWith(from.order.data[a], days.starting, days.startingFrom, days.startingTo);
      this.pairStart.push(this.pairTo.length);
    }
  }

  /** The links from order oa's place (the rule's) to places[lo … hi − 1]. */
  private pairWith(oa: number, places: Int32Array, lo: number, hi: number): void {
    const { rule, to } = this;
    const { unit } = this.g.places;
    const toUnit = this.toUnit.data;
    const { chordLimit } = rule;
    for (let k = lo; k < hi; k++) {
      const b = places[k];
      // The chord first, on the places' own copy of the unit vectors: most pairs fail it.
      const d2 = squaredChord(unit, 3 * oa, toUnit, 3 * b);
      if (d2 > chordLimit) continue;
      const c = rule.placeCostWithin(to.order.data[b], to.home.data[b], this.toNear.data[b] === 1, d2);
      if (c === NO_LINK) continue;
      this.pairTo.push(b);
      this.pairCost.push(c);
      this.pairLegMs.push(rule.legMs);
    }
  }

  /** The links out of slot s's stops into the next day's, by the pairs of places. */
  private linkDay(s: number): void {
    const { g, rule, stopAt } = this;
    const toIndex = this.to.index;
    const fromIndex = this.from.index;
    const { outMin, inMin, reached } = this.mins;
    const { durationMs } = g.places;
    rule.fromSlot(s);
    for (let j = rule.first; j < rule.end; j++) stopAt[toIndex[g.stopOrder[j]]] = j;
    const pairStart = this.pairStart.data;
    const pairTo = this.pairTo.data;
    const pairCost = this.pairCost.data;
    const pairLegMs = this.pairLegMs.data;
    for (let i = g.slotArcStart[s]; i < g.slotArcStart[s + 1]; i++) {
      if (!rule.fromStop(i)) continue;
      const a = fromIndex[g.stopOrder[i]];
      let least = 0;
      for (let k = pairStart[a]; k < pairStart[a + 1]; k++) {
        const j = stopAt[pairTo[k]];
        if (j < 0 || !rule.timeFits(rule.readyMs, pairLegMs[k], durationMs[g.stopOrder[j]])) continue;
        const c = pairCost[k];
        reached[j] = 1;
        if (c < least) least = c;
        if (c < inMin[j]) inMin[j] = c;
      }
      outMin[i] = least;
    }
    for (let j = rule.first; j < rule.end; j++) stopAt[toIndex[g.stopOrder[j]]] = -1;
  }
}

/** The branches of one lecturer's stops, each with its km from home and the first and last day of a stop there. */
class StopPlaces {
  readonly order = int32s(256);
  readonly home = float64s(256);
  readonly first = int32s(256);
  readonly last = int32s(256);
  /** Per order: its index here, or −1. */
  readonly index: Int32Array;

  constructor(nOrders: number) {
    this.index = new Int32Array(nOrders).fill(-1);
  }

  /** A stop at order o's branch on `day`: true if the branch is new. */
  add(o: number, homeKm: number, day: number): boolean {
    const k = this.index[o];
    if (k >= 0) {
      this.first.data[k] = Math.min(this.first.data[k], day);
      this.last.data[k] = Math.max(this.last.data[k], day);
      return false;
    }
    this.index[o] = this.order.push(o);
    this.home.push(homeKm);
    this.first.push(day);
    this.last.push(day);
    return true;
  }

  clear(): void {
    for (let k = 0; k < this.order.length; k++) this.index[this.order.data[k]] = -1;
    this.order.length = this.home.length = this.first.length = this.last.length = 0;
  }
}

/**
 * Places by the days they hold a stop, from the first day to the last (a superset: a lecturer may be away
 * some days between): the places whose first day is d, and those whose first day is before d and last day
 * on or after it, so that every place with a day in a range is found exactly once.
 */
class PlacesByDay {
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** CSR by day from firstDay: the places that start then, and those that started before and go on. */
  private readonly startStart: Int32Array;
  readonly starting: Int32Array;
  private readonly goingStart: Int32Array;
  readonly going: Int32Array;
  /** What `within` found. */
  goingFrom = 0;
  goingTo = 0;
  startingFrom = 0;
  startingTo = 0;

  constructor(first: GrowArray<Int32Array>, last: GrowArray<Int32Array>) {
    let [lo, hi] = [Infinity, -Infinity];
    for (let b = 0; b < first.length; b++) [lo, hi] = [Math.min(lo, first.data[b]), Math.max(hi, last.data[b])];
    const days = first.length > 0 ? hi - lo + 1 : 0;
    [this.firstDay, this.lastDay] = [lo, hi];
    this.startStart = new Int32Array(days + 1);
    this.goingStart = new Int32Array(days + 1);
    for (let b = 0; b < first.length; b++) {
      this.startStart[first.data[b] - lo + 1]++;
      for (let d = first.data[b] + 1; d <= last.data[b]; d++) this.goingStart[d - lo + 1]++;
    }
    for (let d = 0; d < days; d++) {
      this.startStart[d + 1] += this.startStart[d];
      this.goingStart[d + 1] += this.goingStart[d];
    }
    const startFill = this.startStart.slice(0, days);
    const goingFill = this.goingStart.slice(0, days);
    this.starting = new Int32Array(this.startStart[days]);
    this.going = new Int32Array(this.goingStart[days]);
    for (let b = 0; b < first.length; b++) {
      this.starting[startFill[first.data[b] - lo]++] = b;
      for (let d = first.data[b] + 1; d <= last.data[b]; d++) this.going[goingFill[d - lo]++] = b;
    }
  }

  /** The places whose days meet from … to: going[goingFrom … goingTo − 1] and starting[startingFrom … startingTo − 1]. */
  within(from: number, to: number): void {
    const lo = Math.max(from, this.firstDay) - this.firstDay;
    const hi = Math.min(to, this.lastDay) - this.firstDay;
    if (!(lo <= hi)) {
      // Nothing in range, or no places at all.
      this.goingFrom = this.goingTo = this.startingFrom = this.startingTo = 0;
      return;
    }
    [this.goingFrom, this.goingTo] = [this.goingStart[lo], this.goingStart[lo + 1]];
    [this.startingFrom, this.startingTo] = [this.startStart[lo], this.startStart[hi + 1]];
  }
}

/** The squared distance between the unit vectors at u[i … i + 2] and v[j … j + 2]: a chord on the unit sphere. */
function squaredChord(u: Float64Array, i: number, v: Float64Array, j: number): number {
  const dx = u[i] - v[j];
  const dy = u[i + 1] - v[j + 1];
  const dz = u[i + 2] - v[j + 2];
  return dx * dx + dy * dy + dz * dz;
}

/**
 * A link costs its night plus at most the km saved (≤ the farther stop's home km): kept below 2^30 so that
 * links, and a stop's cheapest link in plus out, fit the 32-bit integers they are held in.
 */
function checkLinkCostRange(perKm: number, homeKm: Float64Array, nightCost: number): void {
  let farthest = 0;
  for (let a = 0; a < homeKm.length; a++) farthest = Math.max(farthest, homeKm[a]);
  const largest = Math.max(nightCost, perKm * farthest);
  if (!(largest < 2 ** 30)) throw new RangeError(`tour links would cost up to ${largest}; lower nightAway or travelPerKm`);
}

function linkCostOf(perKm: number, leg: number, homeA: number, homeB: number, nightCost: number): number {
  return Math.min(0, Math.round((perKm * (leg - homeA - homeB)) / 2)) + nightCost;
}

/** Km of the leg between the branches of arcs a and b. */
export function legKm(g: TourGraph, a: number, b: number): number {
  const { orders } = g.net;
  return travelKm(orders[g.arcOrder[a]].branch, orders[g.arcOrder[b]].branch);
}

/**
 * The links `linkCost` worked out last, in a table of fixed size by a hash of the pair (a pair overwrites
 * another of the same hash): the search asks the same links again and again — on M some 330,000 links 5.7
 * million times, mostly the plan's own, as its runs are cut anew for every move tried —, while keeping every
 * link does not fit a large batch. At most 2^20 pairs (16 MiB).
 */
class LinkMemo {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly cost: Float64Array;
  private readonly shift: number;

  constructor(stops: number) {
    const bits = Math.min(20, Math.max(10, Math.ceil(Math.log2(stops + 1))));
    this.shift = 32 - bits;
    this.from = new Int32Array(1 << bits).fill(-1);
    this.to = new Int32Array(1 << bits);
    this.cost = new Float64Array(1 << bits);
  }

  /** Where the link a → b is kept, if it is. */
  place(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> this.shift;
  }
}

/** The cost of linking stop a to stop b the next day (saving + night), or NO_LINK when the rules forbid it. */
export function linkCost(g: TourGraph, a: number, b: number): number {
  const { memo } = g;
  const k = memo.place(a, b);
  if (memo.from[k] === a && memo.to[k] === b) return memo.cost[k];
  memo.from[k] = a;
  memo.to[k] = b;
  return (memo.cost[k] = workLinkCost(g, a, b));
}

function workLinkCost(g: TourGraph, a: number, b: number): number {
  const i = g.stopOf[a];
  const j = g.stopOf[b];
  const { rule } = g;
  if (i < 0 || j < 0 || !rule.fromSlot(g.net.arcSlot[a]) || rule.t !== g.net.arcSlot[b] || !rule.fromStop(i)) return NO_LINK;
  return rule.costTo(j);
}

/**
 * Calls fn(b, cost) for every stop b that stop i (position in slotArcs) links to and the link's cost, in slot
 * order, while fn returns true.
 */
export function forEachLinkFrom(g: TourGraph, i: number, fn: (b: number, cost: number) => boolean): void {
  // A rule of its own: fn may look links up.
  const rule = new LinkRule(g);
  if (!rule.fromSlot(g.net.arcSlot[g.slotArcs[i]]) || !rule.fromStop(i)) return;
  const { lat, span, end } = rule;
  const { latitude } = g.places;
  for (let j = firstAtLatitude(g, lat - span, rule.first, end); j < end && latitude[g.stopOrder[j]] <= lat + span; j++) {
    const c = rule.costTo(j);
    if (c !== NO_LINK && !fn(g.slotArcs[j], c)) return;
  }
}

/**
 * The stops of the day before that link to stop b (positions in slotArcs), in slot order; with `wanted`, only
 * those it accepts (asked first: cheaper than the link).
 */
export function linksInto(g: TourGraph, b: number, wanted: (i: number) => boolean = () => true): number[] {
  const j = g.stopOf[b];
  const p = j >= 0 ? g.prevSlot[g.net.arcSlot[b]] : -1;
  const found: number[] = [];
  const rule = new LinkRule(g);
  if (p < 0 || !rule.fromSlot(p)) return found;
  const { latitude, longitude } = g.places;
  const lat = latitude[g.stopOrder[j]];
  const lon = longitude[g.stopOrder[j]];
  // p's stops are two runs by latitude (targets, then the others); the band around b of each, a hair wide, and
  // east or west no further than the radius spans from anywhere in it (costTo decides).
  const span = rule.span * (1 + 1e-9) + 1e-9;
  const lonSpan = rule.lonSpanWithin(lat, 2 * span);
  for (const [lo, hi] of [
    [g.slotArcStart[p], g.slotTargetEnd[p]],
    [g.slotTargetEnd[p], g.slotArcStart[p + 1]],
  ])
    for (let i = firstAtLatitude(g, lat - span, lo, hi); i < hi && latitude[g.stopOrder[i]] <= lat + span; i++) {
      const dLon = Math.abs(longitude[g.stopOrder[i]] - lon);
      if ((dLon <= lonSpan || 360 - dLon <= lonSpan) && wanted(i) && rule.fromStop(i) && rule.costTo(j) !== NO_LINK) found.push(i);
    }
  return found;
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
  // Back to its first stop (run and links reversed on the way), then on from s.
  const run = [arcOfSlot[s]];
  const links: number[] = [];
  for (let p = g.prevSlot[s]; p >= 0 && arcOfSlot[p] >= 0; p = g.prevSlot[p]) {
    const c = linkCost(g, arcOfSlot[p], run[run.length - 1]);
    if (c === NO_LINK) break;
    links.push(c);
    run.push(arcOfSlot[p]);
  }
  run.reverse();
  links.reverse();
  for (let t = g.nextSlot[s]; t >= 0 && arcOfSlot[t] >= 0; t = g.nextSlot[t]) {
    const c = linkCost(g, run[run.length - 1], arcOfSlot[t]);
    if (c === NO_LINK) break;
    links.push(c);
    run.push(arcOfSlot[t]);
  }
  return { run, links };
}

let cutCosts = new Float64Array(64);
let cutFrom = new Int32Array(64);

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
  const cost = cutRunCost(g, run, links, dropCost);
  const from = cutFrom;
  const pairs: [number, number][] = [];
  const dropped: number[] = [];
  for (let j = run.length; j > 0;) {
    if (from[j] < 0) {
      dropped.push(run[j - 1]);
      j--;
      continue;
    }
    for (let k = from[j]; k < j - 1; k++) pairs.push([run[k], run[k + 1]]);
    j = from[j];
  }
  return { cost, pairs, dropped };
}

/** The cost of `cutRun`'s cut alone (the search prices millions of changes by it). */
export function cutRunCost(g: TourGraph, run: readonly number[], links: readonly number[], dropCost: (arc: number) => number): number {
  const far = g.net.arcFar;
  const maxStops = g.opts.maxNights + 1;
  const m = run.length;
  // f[j]: least cost of the first j stops; from[j]: where the last tour starts, or −1 when stop j−1 is dropped.
  // In buffers kept between calls (the search cuts millions of short runs).
  if (cutCosts.length <= m) {
    cutCosts = new Float64Array(2 * (m + 1));
    cutFrom = new Int32Array(2 * (m + 1));
  }
  const f = cutCosts.fill(Infinity, 0, m + 1);
  const from = cutFrom.fill(0, 0, m + 1);
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
  return f[m];
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
