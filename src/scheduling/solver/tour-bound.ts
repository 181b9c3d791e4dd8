/**
 * A stronger lower bound on the tour model (tours.ts): Lagrangian relaxation by lecturer.
 *
 * Relax "each order is served at most once (else its penalty)" with a price λ_o per order and "a
 * lecturer-month's lectures are its load units" with a price π_m per month. What is left falls apart by
 * lecturer: each lecturer picks, slot by slot, at most one arc at its reduced cost (arc cost − λ_o + π_m),
 * and in the on-site day part a path over consecutive days — each stop either starts a tour (within the
 * home radius) or is linked from the day before's stop (paying the link, at most maxNights links in a row).
 * That is a shortest path by day (a dynamic programme over the stops and their position in the tour), so
 * the relaxation keeps every rule of a tour exactly: far stops, nights, links. For any prices its value
 * — Σ λ_o + Σ min(0, penalty_o − λ_o) + Σ min(0, load unit − π_m) + Σ lecturers' paths — is at most
 * the tour model's optimum (weak duality), and its best over the prices is at least the model's LP
 * relaxation, since each lecturer's choice is integral. Subgradient steps move the prices.
 *
 * The prices are kept in sixteenths, so every sum is exact in floating point and the bound is proven;
 * costs are whole numbers, so its ceiling is a bound too.
 */
import { monthUnitCost } from './flow.js';
import type { Network } from './network.js';
import { forEachLinkFrom, type TourGraph } from './tours.js';

/** Prices are rounded to this many parts of a cost unit (a power of two: exact sums). */
const PRICE_UNIT = 16;

/** Steps without a better bound before the step is halved. */
const STALL = 20;

/** The relaxation's plan for some prices: its value, and what it chose. */
export interface PathRelaxation {
  value: number;
  /** Per order: how many arcs the lecturers chose for it. */
  taken: Int32Array;
  /** Per order: 1 if its penalty was taken (λ_o above it). */
  unserved: Uint8Array;
  /** Per month: arcs chosen in it less the load units taken. */
  monthExcess: Int32Array;
  /** The arcs chosen. */
  arcs: number[];
}

/** The lecturers' day-by-day choices, with every link worked out once. */
export class PathBound {
  private readonly nStops: number;
  private readonly positions: number;
  /** CSR by stop: the stops it links to (their index among the stops, and their arc) and the link's cost. */
  private readonly linkStart: Int32Array;
  private readonly linkTo: Int32Array;
  private readonly linkArc: Int32Array;
  private readonly linkCost: Int32Array;
  /** CSR by slot: the usable arcs into it that are no stop (online lectures, or any lecture outside the on-site part). */
  private readonly otherStart: Int32Array;
  private readonly otherArcs: Int32Array;
  /** Per stop: whether it may start a tour (within the home radius) and whether any tour may use it at all. */
  private readonly starts: Uint8Array;
  private readonly usable: Uint8Array;
  /** The on-site slots that begin a run of consecutive days, in order. */
  private readonly runFirst: number[] = [];
  // Work arrays of the programme.
  private readonly f: Float64Array;
  private readonly back: Int32Array;
  private readonly rc: Float64Array;

  constructor(private readonly g: TourGraph) {
    const { net } = g;
    const far = net.arcFar!;
    this.nStops = g.slotArcs.length;
    this.positions = g.opts.maxNights + 1;
    this.starts = new Uint8Array(this.nStops);
    this.usable = new Uint8Array(this.nStops);
    for (let i = 0; i < this.nStops; i++) {
      const a = g.slotArcs[i];
      this.starts[i] = far[a] ? 0 : 1;
      this.usable[i] = !far[a] || g.reachable[a] ? 1 : 0;
    }
    this.linkStart = new Int32Array(this.nStops + 1);
    const to: number[] = [];
    const cost: number[] = [];
    for (let i = 0; i < this.nStops; i++) {
      const a = g.slotArcs[i];
      if (g.nextSlot[net.arcSlot[a]] >= 0)
        forEachLinkFrom(g, i, (b, c) => {
          to.push(g.stopOf[b]);
          cost.push(c);
          return true;
        });
      this.linkStart[i + 1] = to.length;
    }
    this.linkTo = Int32Array.from(to);
    this.linkArc = this.linkTo.map((j) => g.slotArcs[j]);
    this.linkCost = Int32Array.from(cost);
    this.otherStart = new Int32Array(net.nSlots + 1);
    for (let a = 0; a < net.nArcs; a++) if (!g.arcStop[a] && !far[a]) this.otherStart[net.arcSlot[a] + 1]++;
    for (let s = 0; s < net.nSlots; s++) this.otherStart[s + 1] += this.otherStart[s];
    const fill = this.otherStart.slice(0, net.nSlots);
    this.otherArcs = new Int32Array(this.otherStart[net.nSlots]);
    for (let a = 0; a < net.nArcs; a++) if (!g.arcStop[a] && !far[a]) this.otherArcs[fill[net.arcSlot[a]]++] = a;
    for (let s = 0; s < net.nSlots; s++) if (net.slotPart[s] === g.onSitePart && g.prevSlot[s] < 0) this.runFirst.push(s);
    this.f = new Float64Array(this.nStops * this.positions);
    this.back = new Int32Array(this.nStops * this.positions);
    this.rc = new Float64Array(net.nArcs);
  }

  /** The relaxation at these prices (λ per order, π per month; both in PRICE_UNIT parts). */
  evaluate(lambda: Float64Array, pi: Float64Array): PathRelaxation {
    const { g } = this;
    const { net } = g;
    const taken = new Int32Array(net.nOrders);
    const unserved = new Uint8Array(net.nOrders);
    const monthExcess = new Int32Array(net.nMonths);
    const arcs: number[] = [];
    let value = 0;
    for (let o = 0; o < net.nOrders; o++) {
      value += lambda[o];
      if (net.penalty[o] < lambda[o]) {
        value += net.penalty[o] - lambda[o];
        unserved[o] = 1;
      }
      for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++)
        this.rc[a] = net.arcCost[a] - lambda[o] + pi[net.slotMonth[net.arcSlot[a]]];
    }
    for (let m = 0; m < net.nMonths; m++)
      for (let k = 1; k <= net.monthCap[m]; k++) {
        const c = monthUnitCost(net, m, k) - pi[m];
        if (c >= 0) break; // the units cost more and more
        value += c;
        monthExcess[m]--;
      }
    const choose = (a: number): void => {
      arcs.push(a);
      taken[g.arcOrder[a]]++;
      monthExcess[net.slotMonth[net.arcSlot[a]]]++;
    };
    // Slots outside the on-site part: the cheapest arc, if it pays.
    for (let s = 0; s < net.nSlots; s++) {
      if (net.slotPart[s] === g.onSitePart) continue;
      const a = this.cheapestOther(s);
      if (a >= 0) {
        value += this.rc[a];
        choose(a);
      }
    }
    for (const first of this.runFirst) value += this.run(first, choose);
    return { value, taken, unserved, monthExcess, arcs };
  }

  /** The slot's cheapest non-stop arc if its reduced cost is < 0, else −1. */
  private cheapestOther(s: number): number {
    let best = -1;
    let least = 0;
    for (let i = this.otherStart[s]; i < this.otherStart[s + 1]; i++) {
      const a = this.otherArcs[i];
      if (this.rc[a] < least) {
        least = this.rc[a];
        best = a;
      }
    }
    return best;
  }

  /**
   * The best path over a run of on-site slots on consecutive days: f[stop, p] is the least cost of the days so
   * far ending at this stop as the p-th link of its tour (p = 0: the tour starts there). Chooses its arcs.
   */
  private run(first: number, choose: (a: number) => void): number {
    const { g, f, back, positions: P } = this;
    const slots: number[] = [];
    for (let s = first; s >= 0; s = g.nextSlot[s]) slots.push(s);
    // Per day: the best cost so far, and how it ends (−1: nothing; −2 − arc: a non-stop arc; else stop·P + p).
    const best = new Float64Array(slots.length + 1);
    const how = new Int32Array(slots.length);
    for (let k = 0; k < slots.length; k++) {
      const s = slots[k];
      const lo = g.slotArcStart[s];
      const hi = g.slotArcStart[s + 1];
      for (let i = lo * P; i < hi * P; i++) f[i] = Infinity;
      const before = best[k];
      for (let i = lo; i < hi; i++) if (this.usable[i] && this.starts[i]) f[i * P] = before + this.rc[g.slotArcs[i]];
      if (k > 0) {
        const p0 = g.slotArcStart[slots[k - 1]];
        const p1 = g.slotArcStart[slots[k - 1] + 1];
        // Each link once for all of i's positions (each cell still sees its candidates in the same order, and
        // the sums are exact, so the same choices).
        const { linkStart, linkTo, linkArc, linkCost, rc } = this;
        for (let i = p0; i < p1; i++) {
          const fi = i * P;
          let reached = false;
          for (let p = 0; p + 1 < P; p++) reached ||= f[fi + p] !== Infinity;
          if (!reached) continue;
          for (let l = linkStart[i], end = linkStart[i + 1]; l < end; l++) {
            const j = linkTo[l];
            const step = linkCost[l] + rc[linkArc[l]];
            for (let p = 0, fj = j * P + 1; p + 1 < P; p++) {
              const c = f[fi + p] + step;
              if (c < f[fj + p]) {
                f[fj + p] = c;
                back[fj + p] = i;
              }
            }
          }
        }
      }
      const other = this.cheapestOther(s);
      best[k + 1] = before + (other >= 0 ? this.rc[other] : 0);
      how[k] = other >= 0 ? -2 - other : -1;
      for (let i = lo * P; i < hi * P; i++)
        if (f[i] < best[k + 1]) {
          best[k + 1] = f[i];
          how[k] = i;
        }
    }
    // Back from the last day.
    for (let k = slots.length - 1; k >= 0;) {
      let state = how[k];
      if (state < 0) {
        if (state < -1) choose(-2 - state);
        k--;
        continue;
      }
      // Along the tour to its first stop, then on from the day before it.
      for (;;) {
        choose(g.slotArcs[Math.floor(state / P)]);
        const p = state % P;
        k--;
        if (p === 0) break;
        state = back[state] * P + p - 1;
      }
    }
    return best[slots.length];
  }
}

/** A price rounded to PRICE_UNIT parts. */
export function roundPrice(x: number): number {
  return Math.round(x * PRICE_UNIT) / PRICE_UNIT;
}

/**
 * Subgradient steps on the prices (Polyak's step towards `target`, the best plan's cost, halved when the
 * bound stalls). Starts from `lambda`/`pi` and leaves them at the best prices found. Returns the best bound
 * (a whole number) and calls `candidate` with each step's relaxation (for plans built from it).
 */
export function pathBound(
  pb: PathBound,
  net: { nOrders: number; nMonths: number },
  lambda: Float64Array,
  pi: Float64Array,
  steps: number,
  target: () => number,
  out: () => boolean,
  candidate: (r: PathRelaxation) => void,
): number {
  let bestValue = -Infinity;
  let bestLambda = Float64Array.from(lambda);
  let bestPi = Float64Array.from(pi);
  let theta = 1;
  let stall = 0;
  for (let step = 0; step < steps && !(step > 0 && out()); step++) {
    const r = pb.evaluate(lambda, pi);
    if (r.value > bestValue + 1e-9) {
      bestValue = r.value;
      bestLambda = Float64Array.from(lambda);
      bestPi = Float64Array.from(pi);
      stall = 0;
    } else if (++stall >= STALL) {
      theta /= 2;
      stall = 0;
    }
    candidate(r);
    if (Math.ceil(bestValue - 1e-9) >= target()) break;
    // Subgradient: 1 − taken − unserved per order, arcs − units per month.
    let norm = 0;
    for (let o = 0; o < net.nOrders; o++) {
      const x = 1 - r.taken[o] - r.unserved[o];
      norm += x * x;
    }
    for (let m = 0; m < net.nMonths; m++) norm += r.monthExcess[m] * r.monthExcess[m];
    if (norm === 0) break; // the relaxation's plan is feasible: the bound is its value
    const t = (theta * Math.max(1, target() - r.value)) / norm;
    for (let o = 0; o < net.nOrders; o++) lambda[o] = roundPrice(lambda[o] + t * (1 - r.taken[o] - r.unserved[o]));
    for (let m = 0; m < net.nMonths; m++) pi[m] = Math.max(0, roundPrice(pi[m] + t * r.monthExcess[m]));
  }
  lambda.set(bestLambda);
  pi.set(bestPi);
  return Math.ceil(bestValue - 1e-9);
}

/**
 * Prices to start from: the duals of the tour-less optimum `plan` (an optimal flow on the arcs `inModel`
 * allows), as shortest-path labels d in its residual network (Bellman–Ford from every node at once, which
 * ends since an optimal flow leaves no negative cycle): λ_o = d(sink) − d(o), π_m = d(sink) − d(m). At
 * them every arc's reduced cost is at least minus its slot's price, so the relaxation starts at the flow's
 * optimum less what tours save.
 */
export function flowPrices(net: Network, plan: Int32Array, inModel: (a: number) => boolean): { lambda: Float64Array; pi: Float64Array } {
  const { nOrders: n, nSlots: S, nMonths: M } = net;
  const T = n + S + M;
  const d = new Float64Array(T + 1);
  const slotUsed = new Uint8Array(S);
  const used = new Int32Array(M);
  for (let o = 0; o < n; o++)
    if (plan[o] >= 0) {
      slotUsed[net.arcSlot[plan[o]]] = 1;
      used[net.slotMonth[net.arcSlot[plan[o]]]]++;
    }
  const relax = (u: number, v: number, c: number): boolean => {
    if (d[u] + c < d[v]) {
      d[v] = d[u] + c;
      return true;
    }
    return false;
  };
  for (let changed = true, pass = 0; changed; pass++) {
    if (pass > T + 1) throw new Error('internal: the flow given for prices is not optimal (a negative cycle)');
    changed = false;
    for (let o = 0; o < n; o++) {
      for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
        if (!inModel(a)) continue;
        const s = n + net.arcSlot[a];
        changed = (plan[o] === a ? relax(s, o, -net.arcCost[a]) : relax(o, s, net.arcCost[a])) || changed;
      }
      changed = (plan[o] >= 0 ? relax(o, T, net.penalty[o]) : relax(T, o, -net.penalty[o])) || changed;
    }
    for (let s = 0; s < S; s++) {
      const m = n + S + net.slotMonth[s];
      changed = (slotUsed[s] ? relax(m, n + s, 0) : relax(n + s, m, 0)) || changed;
    }
    for (let m = 0; m < M; m++) {
      if (used[m] < net.monthCap[m]) changed = relax(n + S + m, T, monthUnitCost(net, m, used[m] + 1)) || changed;
      if (used[m] > 0) changed = relax(T, n + S + m, -monthUnitCost(net, m, used[m])) || changed;
    }
  }
  const lambda = new Float64Array(n);
  const pi = new Float64Array(M);
  for (let m = 0; m < M; m++) pi[m] = Math.max(0, d[T] - d[n + S + m]);
  // An order the flow leaves out at no more than its cheapest arc: else every lecturer who may reach it
  // on a tour would take it, on every day, at its penalty.
  for (let o = 0; o < n; o++) {
    lambda[o] = d[T] - d[o];
    if (plan[o] < 0)
      for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++)
        lambda[o] = Math.min(lambda[o], net.arcCost[a] + pi[net.slotMonth[net.arcSlot[a]]]);
  }
  return { lambda, pi };
}
