/**
 * The batch solver with tours (巡回宣讲): the tour model of tours.ts solved by a search seeded with
 * today's exact min-cost flow, with a proven lower bound.
 *
 * 1. Today's optimum: the flow on the network without the tour-only arcs, then chained as well as it
 *    can be (chainPlan). Chaining only ever lowers a plan's cost, so the answer is never worse than
 *    the tour-less optimum.
 * 2. The lower bound: the same flow where every arc also gets the cheapest share of the links it could
 *    be part of (tours.ts `TourGraph.share`) and tour-only arcs that some link can reach are allowed. Every
 *    plan of the tour model is a feasible flow of this network costing at least as much, so its
 *    optimum bounds the tour model's from below. Its plan, chained, is a second candidate.
 * 2b. The bound by lecturer (tour-bound.ts, batches of at most 1,000 orders): the order and month rules
 *    priced by Lagrange multipliers, each lecturer's tours then a shortest path by day; far stronger than
 *    step 2's (on S it reaches the model's LP relaxation), and its tours, made plans, are candidates too.
 * 3. Neighbour pricing (a large-neighbourhood step): re-solve the flow with each arc priced by the
 *    links it would have with the stops the best plan holds the day before and after, chain, keep it
 *    if cheaper; repeat while it improves.
 * 4. Relocation: orders moved next to the best plan's stops (the day before or after, linked to them)
 *    where the link pays for the move; then the reflow: today's flow again for every order outside the
 *    best plan's tours, the tours kept and free to grow by a stop at either end (on small batches each tour
 *    also let go in turn, or its last stop), which moves orders along whole chains of lecturers; then step
 *    2b's tours put in one at a time, the rest reflowed; then insertions of the orders left unserved.
 *    Repeated while a round improves the plan.
 * 5. Branch and bound on small batches (at most BRANCH_ORDERS orders): depth first over the orders'
 *    choices, each node bounded by the flow of step 2 with the choices so far fixed; it stops when
 *    every node is bounded or the node budget is spent. Finished, the plan is proven optimal.
 *
 * A link is worked out by the rules when it is asked for (tours.ts `linkCost`, `linksInto`: too many to keep
 * on a large batch; `linkCost` keeps the last few hundred thousand asked), and the insertions skip moves whose
 * cheap floor cannot beat the best found, before their links are worked out.
 */
import { monthUnitCost, solveFlow, UNSERVED, type FlowResult } from './flow.js';
import { buildNetwork, type Network } from './network.js';
import { flowPrices, PathBound, pathBound, type PathRelaxation } from './tour-bound.js';
import { assemble, solveBatch } from './solve.js';
import {
  buildTourGraph,
  chainPlan,
  cutRunCost,
  forEachLinkFrom,
  legKm,
  linkCost,
  linksInto,
  NO_LINK,
  runAt,
  stopsBySlot,
  type Chaining,
  type TourGraph,
} from './tours.js';
import type { SolveInput, SolveResult, Tour, TourLeg } from './types.js';

/** Batches up to this many orders are searched exhaustively (within the node budget). */
export const BRANCH_ORDERS = 40;
const NODE_BUDGET = 20_000;
const PRICING_ROUNDS = 8;
/** Plans kept for the insertion step, passes over the unserved orders, and free arcs tried for an order moved away. */
const POOL = 4;
/**
 * A pooled plan costing more than this many times the best is not improved: such plans (a bound step's
 * relaxation, many orders left out) never came out best after insertions on S, T, M or L, and on L their
 * insertions took 8.6 of 40 s.
 */
const POOL_WITHIN = 1.5;
const INSERTION_PASSES = 3;
const EJECTION_CHOICES = 4;
/** Passes of moves next to the plan's stops. */
const RELOCATE_PASSES = 3;
/** Subgradient steps of the Lagrangian bound, by batch size. */
const BOUND_STEPS = (orders: number): number => (orders <= 500 ? 40 : orders <= 3000 ? 6 : 2);
/** More steps once the plan is final, for the bound alone (their plans only replace a costlier best). */
const TIGHTEN_STEPS = (orders: number): number => (orders <= 500 ? 80 : orders <= 3000 ? 3 : 0);
/**
 * Subgradient steps of the bound by lecturer (tour-bound.ts), by batch size. Above 1,000 orders a step (a pass
 * over every arc and link) takes tens of ms and hundreds would be needed for the bound (M's 5 s): there only a
 * few, for their tours (tryTours; on M 5 steps and 5 tries a round lower the plan by 1.4 % for 1.6 s and the
 * 170 MiB of the links it keeps), and none above 3,000.
 */
const PATH_STEPS = (orders: number): number => (orders <= 500 ? 1000 : orders <= 1000 ? 300 : orders <= 3000 ? 5 : 0);
/**
 * Rounds of relocation, reflow and insertions into the best plan, while a round improves it, by batch size (on L
 * a round's insertions alone take seconds).
 */
const IMPROVE_ROUNDS = (orders: number): number => (orders <= 3000 ? 3 : 1);
/** Batches up to this many orders have each tour of the best plan let go in turn in the reflow step; passes of it. */
const REFLOW_TOURS_ORDERS = 1000;
const REFLOW_PASSES = 3;
/**
 * Flows tryTours may spend per round, by batch size: the bound by lecturer offers some 230 tours on S, 1,300 on
 * T; a flow takes about 2 ms on S, 4 ms on T, 40 ms on M.
 */
const TOUR_TRIES = (orders: number): number => (orders <= 500 ? 1000 : orders <= 1000 ? 300 : orders <= 3000 ? 5 : 0);
/** Every this many steps of the bound by lecturer, its plan is improved by insertions on the spot. */
const RELAXATION_INSERTS = 25;
/** A penalty that keeps an order on its fixed arc: no plan of the model pays it. */
const FORBIDDEN = 1e12;
const FREE = -3;
const UNLINKED = -0x80000000;
/** A drop no plan being changed may make (its stops beyond the home radius must stay reachable). */
const NO_DROP = (): number => Infinity;

/** The best way found so far to serve an unserved order: the change in the plan's cost and its moves. */
interface Insertion {
  delta: number;
  moves: [number, number][];
}

/** The network restricted to some arcs at other costs; `orig` maps its arcs back, `shift` is added to each order's costs. */
interface Restricted {
  net: Network;
  orig: Int32Array;
  shift: Float64Array;
}

/** The orders' penalties with those fixed to an arc (`fixed[o] ≥ 0`) kept on it: no plan leaves them out. */
function pinnedPenalty(net: Network, fixed: Int32Array): Float64Array {
  return net.penalty.map((p, o) => (fixed[o] >= 0 ? FORBIDDEN : p));
}

/**
 * The network with only the arcs `keep` allows, at `cost`. The flow's searches need costs ≥ 0, so an
 * order whose costs would fall below 0 has all of them (its unserved penalty too) raised by the same
 * amount: each order sends one unit through exactly one of them, so the optimal plan is the same.
 */
function restrict(net: Network, keep: (a: number, o: number) => boolean, cost: (a: number) => number, penalty = net.penalty): Restricted {
  // Counted first: on a large batch the network's arcs are millions, and many are left out.
  let kept = 0;
  for (let o = 0; o < net.nOrders; o++) for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) if (keep(a, o)) kept++;
  const arcStart = new Int32Array(net.nOrders + 1);
  const slot = new Int32Array(kept);
  const costs = new Int32Array(kept);
  const orig = new Int32Array(kept);
  const shift = new Float64Array(net.nOrders);
  const shifted = Float64Array.from(penalty);
  let n = 0;
  for (let o = 0; o < net.nOrders; o++) {
    const first = n;
    let least = 0;
    for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
      if (!keep(a, o)) continue;
      slot[n] = net.arcSlot[a];
      costs[n] = cost(a);
      orig[n] = a;
      least = Math.min(least, costs[n++]);
    }
    if (least < 0) {
      shift[o] = -least;
      for (let k = first; k < n; k++) costs[k] -= least;
      shifted[o] -= least;
    }
    arcStart[o + 1] = n;
  }
  return {
    net: { ...net, nArcs: n, arcStart, arcSlot: slot, arcCost: costs, penalty: shifted, arcFar: null },
    orig,
    shift,
  };
}

/** The flow's plan as arcs of the full network, and its cost under the restricted network's (unshifted) costs. */
function flowPlan(r: Restricted): { orderArc: Int32Array; cost: number } {
  const f = solveFlow(r.net);
  const orderArc = new Int32Array(r.net.nOrders);
  let cost = 0;
  for (let o = 0; o < r.net.nOrders; o++) {
    const a = f.orderArc[o];
    orderArc[o] = a >= 0 ? r.orig[a] : UNSERVED;
    cost += (a >= 0 ? r.net.arcCost[a] : r.net.penalty[o]) - r.shift[o];
  }
  for (let m = 0; m < r.net.nMonths; m++) for (let k = 1; k <= f.monthUsed[m]; k++) cost += monthUnitCost(r.net, m, k);
  return { orderArc, cost };
}

/** The flow state of a plan of the full network. */
function flowOf(net: Network, orderArc: Int32Array): FlowResult {
  const slotOrder = new Int32Array(net.nSlots).fill(-1);
  const monthUsed = new Int32Array(net.nMonths);
  for (let o = 0; o < net.nOrders; o++) {
    const a = orderArc[o];
    if (a < 0) continue;
    slotOrder[net.arcSlot[a]] = o;
    monthUsed[net.slotMonth[net.arcSlot[a]]]++;
  }
  return { orderArc, slotOrder, monthUsed, augmentations: 0 };
}

/** A plan made feasible (stops no tour reaches left out) and its cost in the tour model. */
function planCost(g: TourGraph, plan: Int32Array): { orderArc: Int32Array; cost: number; chaining: Chaining } {
  const { net } = g;
  let orderArc = plan;
  let chaining = chainPlan(g, orderArc);
  if (chaining.dropped.length > 0) {
    orderArc = Int32Array.from(plan);
    for (const a of chaining.dropped) orderArc[g.arcOrder[a]] = UNSERVED;
    chaining = chainPlan(g, orderArc);
    if (chaining.dropped.length > 0) throw new Error('internal: a repaired plan still has unreachable stops');
  }
  let cost = chaining.cost;
  const flow = flowOf(net, orderArc);
  for (let o = 0; o < net.nOrders; o++) cost += orderArc[o] >= 0 ? net.arcCost[orderArc[o]] : net.penalty[o];
  for (let m = 0; m < net.nMonths; m++) for (let k = 1; k <= flow.monthUsed[m]; k++) cost += monthUnitCost(net, m, k);
  return { orderArc, cost, chaining };
}

/** The plan's tours, each its stops in order. */
function toursOf(g: TourGraph, plan: Int32Array): number[][] {
  return toursOfChaining(chainPlan(g, plan));
}

/** A chaining's tours, each its stops in order (in the order of their first stops). */
function toursOfChaining({ next }: Chaining): number[][] {
  const linkedTo = new Set(next.values());
  const tours: number[][] = [];
  for (const first of next.keys()) {
    if (linkedTo.has(first)) continue;
    const stops = [first];
    for (let a = next.get(first); a !== undefined; a = next.get(a)) stops.push(a);
    tours.push(stops);
  }
  return tours;
}

/** A plan being changed in place: its arcs, slots, months and stops, and the cost of a change. */
class PlanState {
  readonly orderArc: Int32Array;
  readonly slotOrder: Int32Array;
  readonly monthUsed: Int32Array;
  readonly arcOfSlot: Int32Array;
  /** Per month (CSR), the load of its first k lectures, k = 0 … its cap: every change asks for it twice. */
  private readonly loadStart: Int32Array;
  private readonly loadOf: Float64Array;

  constructor(
    private readonly g: TourGraph,
    plan: Int32Array,
  ) {
    this.orderArc = Int32Array.from(plan);
    ({ slotOrder: this.slotOrder, monthUsed: this.monthUsed } = flowOf(g.net, this.orderArc));
    this.arcOfSlot = stopsBySlot(g, this.orderArc);
    const { net } = g;
    this.loadStart = new Int32Array(net.nMonths + 1);
    for (let m = 0; m < net.nMonths; m++) this.loadStart[m + 1] = this.loadStart[m] + net.monthCap[m] + 1;
    this.loadOf = new Float64Array(this.loadStart[net.nMonths]);
    for (let m = 0; m < net.nMonths; m++)
      for (let k = 1; k <= net.monthCap[m]; k++)
        this.loadOf[this.loadStart[m] + k] = this.loadOf[this.loadStart[m] + k - 1] + monthUnitCost(net, m, k);
  }

  /** The load of month m's first `used` lectures (beyond the cap only while a change is tried). */
  private load(m: number, used: number): number {
    const { net } = this.g;
    if (used <= net.monthCap[m]) return this.loadOf[this.loadStart[m] + used];
    let cost = 0;
    for (let k = 1; k <= used; k++) cost += monthUnitCost(net, m, k);
    return cost;
  }

  /** Moves each order to its arc (or UNSERVED). */
  apply(moves: readonly [number, number][]): void {
    const { net } = this.g;
    for (const [o, a] of moves) {
      const old = this.orderArc[o];
      if (old >= 0) {
        const s = net.arcSlot[old];
        this.slotOrder[s] = -1;
        this.monthUsed[net.slotMonth[s]]--;
        if (this.g.arcStop[old]) this.arcOfSlot[s] = -1;
      }
      this.orderArc[o] = a;
      if (a >= 0) {
        const s = net.arcSlot[a];
        this.slotOrder[s] = o;
        this.monthUsed[net.slotMonth[s]]++;
        if (this.g.arcStop[a]) this.arcOfSlot[s] = a;
      }
    }
  }

  /**
   * The change in the plan's cost if the moves were made (Infinity when they break a rule of the model). The
   * moves never put two orders in one slot, so undoing them restores the plan.
   */
  delta(moves: readonly [number, number][]): number {
    const { net } = this.g;
    const undo = moves.map(([o]) => [o, this.orderArc[o]] as [number, number]).reverse();
    // The rules first: most changes the insertions try break one (a month over its cap), and then no run is cut.
    this.apply(moves);
    const feasible = moves.every(([, a]) => {
      if (a < 0) return true;
      const s = net.arcSlot[a];
      return this.slotOrder[s] >= 0 && this.monthUsed[net.slotMonth[s]] <= net.monthCap[net.slotMonth[s]];
    });
    this.apply(undo);
    if (!feasible) return Infinity;
    const slots: number[] = [];
    const months = new Set<number>();
    let cost = 0;
    for (const [o, a] of moves) {
      const old = this.orderArc[o];
      cost -= old >= 0 ? net.arcCost[old] : net.penalty[o];
      cost += a >= 0 ? net.arcCost[a] : net.penalty[o];
      for (const x of [old, a]) {
        if (x < 0) continue;
        const s = net.arcSlot[x];
        slots.push(s, this.g.prevSlot[s], this.g.nextSlot[s]);
        months.add(net.slotMonth[s]);
      }
    }
    const before = this.localCost(slots, months);
    this.apply(moves);
    const after = this.localCost(slots, months);
    this.apply(undo);
    return cost + after - before;
  }

  /** The links of the runs through these slots (a run no tour can cover: Infinity) and the load of these months. */
  private localCost(slots: readonly number[], months: ReadonlySet<number>): number {
    const { g } = this;
    // Each run once: a slot whose stop is in a run already cut is skipped.
    const cut: number[] = [];
    let cost = 0;
    for (const s of slots) {
      if (s < 0 || this.arcOfSlot[s] < 0 || cut.includes(this.arcOfSlot[s])) continue;
      const { run, links } = runAt(g, this.arcOfSlot, s);
      cut.push(...run);
      cost += cutRunCost(g, run, links, NO_DROP);
    }
    for (const m of months) cost += this.load(m, this.monthUsed[m]);
    return cost;
  }
}

/**
 * Where a flow may grow kept tours (flowAround): per slot, the last stop of a kept tour the day before it may
 * follow, or else the first stop (within the home radius) of one the day after it may lead to — never both, and
 * only while the tour stays within maxNights + 1 stops however the flow fills them.
 */
class TourEnds {
  private readonly after: Int32Array;
  private readonly before: Int32Array;

  constructor(
    private readonly g: TourGraph,
    tours: number[][],
  ) {
    const { net } = g;
    const maxStops = g.opts.maxNights + 1;
    this.after = new Int32Array(net.nSlots).fill(-1);
    this.before = new Int32Array(net.nSlots).fill(-1);
    const taken = new Uint8Array(net.nSlots);
    for (const stops of tours) for (const a of stops) taken[net.arcSlot[a]] = 1;
    for (const stops of tours) {
      const last = stops[stops.length - 1];
      const next = g.nextSlot[net.arcSlot[last]];
      const grows = stops.length < maxStops && next >= 0 && !taken[next];
      if (grows) this.after[next] = last;
      const prev = g.prevSlot[net.arcSlot[stops[0]]];
      if (stops.length + (grows ? 2 : 1) <= maxStops && prev >= 0 && !taken[prev] && !net.arcFar![stops[0]]) this.before[prev] = stops[0];
    }
    for (let s = 0; s < net.nSlots; s++) if (this.after[s] >= 0) this.before[s] = -1;
  }

  /**
   * What arc a's link to a kept tour adds to its cost (a stop beyond the home radius must link: NO_LINK when it
   * cannot; one within it only links where that saves).
   */
  link(a: number): number {
    const { g } = this;
    const far = g.net.arcFar![a] === 1;
    if (!g.arcStop[a]) return far ? NO_LINK : 0;
    const s = g.net.arcSlot[a];
    if (this.after[s] >= 0) return far ? linkCost(g, this.after[s], a) : Math.min(0, linkCost(g, this.after[s], a));
    if (this.before[s] >= 0 && !far) return Math.min(0, linkCost(g, a, this.before[s]));
    return far ? NO_LINK : 0;
  }
}

class TourSearch {
  readonly g: TourGraph;
  readonly share: Int32Array;
  readonly linkFloor: Int32Array;
  readonly reachable: Uint8Array;
  /**
   * Lagrange multipliers, per far arc b: the price of "b needs one of its predecessors the day before".
   * Whole numbers (the steps round them), as the arc costs they enter are.
   */
  readonly mu: Int32Array;
  /** Per arc: Σ μ of the far arcs it can lead to (its bonus in the bound). */
  readonly muLed: Int32Array;
  best: Int32Array;
  bestCost: number;
  flowCost: number;
  /** Today's optimum (no tours), whose duals start the bound by lecturer. */
  private readonly flowOptimum: Int32Array;
  lowerBound = -Infinity;
  private pool: { orderArc: Int32Array; cost: number }[] = [];
  nodes = 0;
  private relaxations = 0;
  /** The tours of the bound by lecturer's plans (by their stops), for tryTours. */
  private readonly candidateTours = new Map<string, number[]>();
  rounds = 0;
  proven = false;
  timedOut = false;
  /** The subgradient steps' state: the Polyak step's factor and the steps since the bound last rose. */
  private theta = 1;
  private stall = 0;

  constructor(
    readonly net: Network,
    input: SolveInput,
    /** performance.now() by which the search stops (Infinity: no limit). */
    private readonly deadline: number,
  ) {
    this.g = buildTourGraph(net, input.tours!);
    ({ share: this.share, linkFloor: this.linkFloor, reachable: this.reachable } = this.g);
    this.mu = new Int32Array(net.nArcs);
    this.muLed = new Int32Array(net.nArcs);
    const far = net.arcFar!;
    const today = flowPlan(
      restrict(
        net,
        (a) => !far[a],
        (a) => net.arcCost[a],
      ),
    );
    this.flowCost = today.cost;
    this.flowOptimum = today.orderArc;
    this.best = today.orderArc;
    this.bestCost = this.flowCost;
    this.offer(today.orderArc);
  }

  /** Whether the time budget is spent: the steps check it between their moves and stop. */
  out(): boolean {
    if (!this.timedOut && performance.now() >= this.deadline) this.timedOut = true;
    return this.timedOut;
  }

  private usable(a: number): boolean {
    return !this.net.arcFar![a] || this.reachable[a] === 1;
  }

  /** Takes the plan (improved by insertions) if it beats the best so far. */
  offer(plan: Int32Array): void {
    const { orderArc, cost } = planCost(this.g, plan);
    if (cost < this.bestCost) {
      this.bestCost = cost;
      this.best = orderArc;
    }
    // The few best plans seen, to be improved by insertions at the end.
    this.pool.push({ orderArc, cost });
    this.pool.sort((x, y) => x.cost - y.cost).splice(POOL);
  }

  /** Improves the pooled plans by insertions and keeps the best. */
  improvePool(): void {
    const pool = this.pool.splice(0);
    for (const p of pool) {
      if (this.out()) return;
      if (p.cost > POOL_WITHIN * this.bestCost) continue;
      const { orderArc, cost } = planCost(this.g, this.insertUnserved(p.orderArc));
      if (cost < this.bestCost) {
        this.bestCost = cost;
        this.best = orderArc;
      }
    }
  }

  /**
   * Serves unserved orders, the costliest penalty first, each by the move that lowers the plan's cost
   * most: into a free slot as it is, or — for a stop beyond the home radius whose lecturer has no stop the
   * day before — together with moving another order into that day as the stop it is reached from.
   */
  insertUnserved(plan: Int32Array): Int32Array {
    const state = new PlanState(this.g, plan);
    for (let pass = 0; pass < INSERTION_PASSES; pass++) {
      let improved = false;
      const unserved = [...state.orderArc.keys()]
        .filter((o) => state.orderArc[o] < 0)
        .sort((x, y) => this.net.penalty[y] - this.net.penalty[x] || x - y);
      for (const o of unserved) {
        if (this.out()) return state.orderArc;
        const best: Insertion = { delta: 0, moves: [] };
        for (let b = this.net.arcStart[o]; b < this.net.arcStart[o + 1]; b++) {
          if (!this.usable(b)) continue;
          for (const moves of this.insertions(state, o, b, best)) {
            const delta = state.delta(moves);
            if (delta < best.delta) {
              best.delta = delta;
              best.moves = moves;
            }
          }
        }
        state.apply(best.moves);
        improved ||= best.moves.length > 0;
      }
      if (!improved) break;
    }
    return state.orderArc;
  }

  /**
   * Moves orders next to the plan's stops — into a free slot of the same lecturer the day before or
   * after, at an arc that links to the stop — where the link pays for the move (first improvement, a few
   * passes) in the best plan: tours the flow's plans do not hold.
   */
  relocate(): void {
    const { net, g } = this;
    const state = new PlanState(g, this.best);
    const tryMove = (b: number): boolean => {
      const w = g.arcOrder[b];
      if (!this.usable(b) || this.moveFloor(state, w, b) >= 0) return false;
      const moves: [number, number][] = [[w, b]];
      if (!(state.delta(moves) < 0)) return false;
      state.apply(moves);
      return true;
    };
    for (let pass = 0; pass < RELOCATE_PASSES && !this.out(); pass++) {
      let improved = false;
      for (let s = 0; s < net.nSlots && !(s % 1024 === 0 && this.out()); s++) {
        const c = state.arcOfSlot[s];
        if (c < 0) continue;
        const t = g.nextSlot[s];
        if (t >= 0 && state.slotOrder[t] < 0) {
          forEachLinkFrom(g, g.stopOf[c], (b) => {
            improved = tryMove(b) || improved;
            return state.slotOrder[t] < 0;
          });
        }
        const p = g.prevSlot[s];
        if (p >= 0 && state.slotOrder[p] < 0 && state.arcOfSlot[s] === c) {
          for (const i of linksInto(g, c)) {
            if (state.slotOrder[p] >= 0) break;
            if (g.stopOrder[i] !== g.arcOrder[c]) improved = tryMove(g.slotArcs[i]) || improved;
          }
        }
      }
      if (!improved) break;
    }
    const { orderArc, cost } = planCost(g, state.orderArc);
    if (cost < this.bestCost) {
      this.bestCost = cost;
      this.best = orderArc;
    }
  }

  /**
   * About the least moving order o to arc a (or UNSERVED) can change the plan's cost, cheap to work out
   * (no runs cut): its new arc with the most its links could save, less its old arc with the load unit it
   * frees. Moves whose floors sum to no less than the best change found so far are not tried.
   */
  private moveFloor(state: PlanState, o: number, a: number): number {
    const { net } = this;
    const old = state.orderArc[o];
    let floor = a >= 0 ? net.arcCost[a] + this.linkFloor[a] : net.penalty[o];
    if (old < 0) floor -= net.penalty[o];
    else {
      const m = net.slotMonth[net.arcSlot[old]];
      floor -= net.arcCost[old] + monthUnitCost(net, m, state.monthUsed[m]);
    }
    return floor;
  }

  /**
   * Ways to serve order o at arc b that might beat `best`: alone, or — b beyond the home radius with no
   * stop the day before that links to it — with another order w moved into that day as b's predecessor,
   * the order there (if any) moved to one of its cheapest free arcs or left out.
   */
  private *insertions(state: PlanState, o: number, b: number, best: Insertion): Generator<[number, number][]> {
    const { net, g } = this;
    const s = net.arcSlot[b];
    const m = net.slotMonth[s];
    if (state.slotOrder[s] >= 0) return;
    const monthFull = state.monthUsed[m] >= net.monthCap[m];
    const base = this.moveFloor(state, o, b);
    const p = g.prevSlot[s];
    if (!net.arcFar![b]) {
      if (base < best.delta && !monthFull) yield [[o, b]];
      return;
    }
    if (p < 0) return;
    const v = state.slotOrder[p];
    const there = v >= 0 ? state.orderArc[v] : -1;
    if (there >= 0 && g.arcStop[there] && linkCost(g, there, b) !== NO_LINK) {
      if (base < best.delta && !monthFull) yield [[o, b]];
      return;
    }
    const moveAway: [number, number][] = [];
    const awayFloor: number[] = [];
    if (v >= 0) {
      moveAway.push([v, UNSERVED]);
      for (let a = net.arcStart[v]; a < net.arcStart[v + 1] && moveAway.length <= EJECTION_CHOICES; a++) {
        const t = net.arcSlot[a];
        if (t !== s && t !== p && state.slotOrder[t] < 0 && this.usable(a) && !net.arcFar![a]) moveAway.push([v, a]);
      }
      for (const [, a] of moveAway) awayFloor.push(this.moveFloor(state, v, a));
    }
    const leastAway = v >= 0 ? Math.min(...awayFloor) : 0;
    const floorOf = (i: number): number => base + this.moveFloor(state, g.stopOrder[i], g.slotArcs[i]);
    // Only stops that could beat the best so far are asked for their link (the best only falls while they are tried).
    const worth = (i: number): boolean =>
      g.stopOrder[i] !== o && g.stopOrder[i] !== v && g.stopNear[i] === 1 && floorOf(i) + leastAway < best.delta;
    for (const i of linksInto(g, b, worth)) {
      const w = g.stopOrder[i];
      const a = g.slotArcs[i];
      const floor = floorOf(i);
      if (floor + leastAway >= best.delta) continue;
      if (v < 0)
        yield [
          [w, a],
          [o, b],
        ];
      else for (let k = 0; k < moveAway.length; k++) if (floor + awayFloor[k] < best.delta) yield [moveAway[k], [w, a], [o, b]];
    }
  }

  /** An arc's cost in the bound: its own, its share of links, and the multipliers' prices. */
  private boundCost(a: number): number {
    return this.net.arcCost[a] + this.share[a] + this.mu[a] - this.muLed[a];
  }

  /** The bound's flow with some orders' choices fixed: its cost (Infinity if a fixed choice cannot hold) and plan. */
  bound(fixed: Int32Array | null): { lb: number; orderArc: Int32Array } {
    const { net } = this;
    const penalty = fixed ? pinnedPenalty(net, fixed) : net.penalty;
    const plan = flowPlan(
      restrict(
        net,
        (a, o) => this.usable(a) && (!fixed || fixed[o] === FREE || fixed[o] === a),
        (a) => this.boundCost(a),
        penalty,
      ),
    );
    return { lb: plan.cost >= FORBIDDEN / 2 ? Infinity : plan.cost, orderArc: plan.orderArc };
  }

  /**
   * The Lagrangian bound: the constraint "a stop b beyond the home radius needs one of the stops that can
   * link to it the day before" (x_b ≤ Σ x_pred), priced by μ_b ≥ 0 and moved into the costs (b pays μ_b,
   * each predecessor earns it). Every μ ≥ 0 gives a lower bound; subgradient steps (Polyak) raise it.
   * Each step's plan is offered as a candidate too. `more`: further steps will follow from where these end.
   */
  lagrangianBound(steps: number, more: boolean): void {
    const { net, g } = this;
    // The first step of all always runs: it is the bound.
    const far = net.arcFar!;
    for (let step = 0; step < steps && !(this.lowerBound > -Infinity && this.out()); step++) {
      const { lb, orderArc } = this.bound(null);
      this.offer(orderArc);
      if (lb > this.lowerBound) {
        this.lowerBound = lb;
        this.stall = 0;
      } else if (++this.stall >= 3) {
        this.theta /= 2;
        this.stall = 0;
      }
      if (this.bestCost <= this.lowerBound || this.out() || (step === steps - 1 && !more)) return;
      // Subgradient per far arc: used (1) minus its predecessors used; only the plan's stops and the far
      // arcs they link to are ≠ 0.
      const sub = new Map<number, number>();
      for (const a of orderArc) {
        if (a < 0) continue;
        if (far[a]) sub.set(a, (sub.get(a) ?? 0) + 1);
        if (g.stopOf[a] >= 0 && g.nextSlot[net.arcSlot[a]] >= 0)
          forEachLinkFrom(g, g.stopOf[a], (b) => {
            if (far[b]) sub.set(b, (sub.get(b) ?? 0) - 1);
            return true;
          });
      }
      let norm = 0;
      for (const [b, x] of sub) if (x > 0 || (this.mu[b] > 0 && x < 0)) norm += x * x;
      if (norm === 0) return; // the bound's plan keeps every constraint: nothing more to gain here
      const t = (this.theta * (this.bestCost - lb)) / norm;
      for (const [b, x] of sub) {
        if (x === 0) continue;
        const mu = Math.max(0, Math.round(this.mu[b] + t * x));
        if (mu === this.mu[b]) continue;
        // Each predecessor's bonus follows b's multiplier (the links into b: the day before's stops that link to it).
        for (const i of linksInto(g, b)) this.muLed[g.slotArcs[i]] += mu - this.mu[b];
        this.mu[b] = mu;
      }
    }
  }

  /**
   * Today's flow again for every order outside the best plan's tours, its tours kept as they are: the other
   * orders move along whole chains of lecturers (an order to a nearer lecturer, whose slot then serves another)
   * that single moves do not find. On batches of at most REFLOW_TOURS_ORDERS orders, then each tour let go in
   * turn as well, its stops free to go to nearer lecturers or other tours' ends. Never worse: the plan before is one the flow may keep,
   * and chaining finds its tours again.
   */
  reflow(): void {
    const { net, g } = this;
    const letGo = net.nOrders <= REFLOW_TOURS_ORDERS;
    for (let pass = 0; pass < REFLOW_PASSES && !this.out(); pass++) {
      const before = this.bestCost;
      const tours = toursOf(g, this.best);
      this.offer(this.flowAround(tours, -1));
      for (let t = 0; letGo && t < tours.length && !this.out(); t++) {
        const cost = this.bestCost;
        this.offer(this.flowAround(tours, t));
        // Else only its last stop let go: the flow may give that order to another tour's end, or the tour another.
        if (this.bestCost >= cost) this.offer(this.flowAround(tours.with(t, tours[t].slice(0, -1)), -1));
        // The tours changed: go on from the new best plan's.
        if (this.bestCost < cost) break;
      }
      if (this.bestCost >= before) return;
    }
  }

  /**
   * The flow with the stops of `tours` (but `free`'s) fixed on their arcs and every other order free within the
   * home radius, or one day beyond a kept tour's end at the cost of the link to it (`TourEnds`): a stop that
   * grows a tour, which a tour beyond the radius needs and the drive from home may forbid an order near home.
   * The kept stops stay, so those links hold and the flow's cost is one of its plan's chainings.
   */
  private flowAround(tours: number[][], free: number): Int32Array {
    const { net, g } = this;
    const fixed = new Int32Array(net.nOrders).fill(FREE);
    const kept = tours.filter((_, t) => t !== free);
    for (const stops of kept) for (const a of stops) fixed[g.arcOrder[a]] = a;
    const penalty = pinnedPenalty(net, fixed);
    const ends = new TourEnds(g, kept);
    return flowPlan(
      restrict(
        net,
        (a, o) => (fixed[o] === FREE ? ends.link(a) !== NO_LINK : fixed[o] === a),
        (a) => net.arcCost[a] + (fixed[g.arcOrder[a]] === FREE ? ends.link(a) : 0),
        penalty,
      ),
    ).orderArc;
  }

  /**
   * The relaxation's tours (step 2b) put into the best plan one at a time: the tours that share an order or a
   * slot with it let go, the others kept, every other order reflowed (flowAround). Such a tour often needs
   * orders moved along chains of lecturers to free its slots and months — an insertion's single moves do not.
   * Passes while one improves, at most TOUR_TRIES(orders) flows in all (a flow is 2 ms on S, 40 ms on M).
   */
  tryTours(): void {
    const { net, g } = this;
    let tries = TOUR_TRIES(net.nOrders);
    for (let pass = 0; pass < REFLOW_PASSES && tries > 0 && !this.out(); pass++) {
      const before = this.bestCost;
      // The tours' own change first (their orders moved onto them): the cheapest first, none that cannot pay.
      const candidates = [...this.candidateTours.values()]
        .map((stops) => ({ stops, change: this.ownChange(stops) }))
        .filter((c) => c.change < 0)
        .sort((x, y) => x.change - y.change);
      let tours = toursOf(g, this.best);
      for (const { stops } of candidates) {
        if (tries <= 0 || this.out()) break;
        const orders = new Set(stops.map((a) => g.arcOrder[a]));
        const slots = new Set(stops.map((a) => net.arcSlot[a]));
        if (tours.some((t) => t.length === stops.length && t.every((a, k) => a === stops[k]))) continue;
        tries--;
        const others = tours.filter((t) => !t.some((a) => orders.has(g.arcOrder[a]) || slots.has(net.arcSlot[a])));
        const cost = this.bestCost;
        this.offer(this.flowAround([...others, stops], -1));
        if (this.bestCost < cost) tours = toursOf(g, this.best);
      }
      if (this.bestCost >= before) return;
    }
  }

  /** The change of moving a tour's orders onto its stops in the best plan, its links included, all else as it is. */
  private ownChange(stops: number[]): number {
    const { net, g } = this;
    let change = 0;
    stops.forEach((a, k) => {
      const o = g.arcOrder[a];
      const old = this.best[o];
      change += net.arcCost[a] - (old >= 0 ? net.arcCost[old] : net.penalty[o]) + (k > 0 ? linkCost(g, stops[k - 1], a) : 0);
    });
    return change;
  }

  /** Re-solves with every arc priced by its links to the best plan's neighbouring stops, while that improves. */
  neighbourPricing(): void {
    for (let round = 0; round < PRICING_ROUNDS && !this.out(); round++) {
      this.rounds++;
      const before = this.bestCost;
      this.offer(this.pricedBy(stopsBySlot(this.g, this.best)));
      if (this.bestCost >= before) return;
    }
  }

  /**
   * The flow's plan with every stop priced by half its links to the neighbouring stops given (by slot):
   * a far stop with no link in from them is left out.
   */
  private pricedBy(arcOfSlot: Int32Array): Int32Array {
    const { net, g } = this;
    // Whole numbers; UNLINKED: left out (no price is that low).
    const price = new Int32Array(net.nArcs);
    for (let a = 0; a < net.nArcs; a++) {
      if (!g.arcStop[a]) continue;
      const s = net.arcSlot[a];
      const before = g.prevSlot[s] >= 0 ? arcOfSlot[g.prevSlot[s]] : -1;
      const after = g.nextSlot[s] >= 0 ? arcOfSlot[g.nextSlot[s]] : -1;
      const cin = before >= 0 ? linkCost(g, before, a) : NO_LINK;
      if (net.arcFar![a] && cin === NO_LINK) {
        price[a] = UNLINKED;
        continue;
      }
      const cout = after >= 0 ? linkCost(g, a, after) : NO_LINK;
      price[a] = Math.floor(Math.min(0, cin) / 2) + Math.floor(Math.min(0, cout) / 2);
    }
    return flowPlan(
      restrict(
        net,
        (a) => price[a] !== UNLINKED && this.usable(a),
        (a) => net.arcCost[a] + price[a],
      ),
    ).orderArc;
  }

  /**
   * The bound by lecturer (tour-bound.ts), its prices started from the duals of today's optimum. Each
   * step's choices — tours by lecturer — made a plan (an order chosen twice kept once, a month over its
   * cap cut) are offered as candidates, every RELAXATION_INSERTS-th improved by insertions first.
   */
  pathBound(steps: number): void {
    const { net } = this;
    if (steps <= 0 || this.out()) return;
    const pb = new PathBound(this.g);
    const { lambda, pi } = flowPrices(net, this.flowOptimum, (a) => !net.arcFar![a]);
    const lb = pathBound(
      pb,
      net,
      lambda,
      pi,
      steps,
      () => this.bestCost,
      () => this.out(),
      (r) => this.offerRelaxation(r),
    );
    if (lb > this.lowerBound) this.lowerBound = lb;
  }

  /** The relaxation's choices as a plan: each order at its first arc chosen, no month over its cap. */
  private offerRelaxation(r: PathRelaxation): void {
    const { net } = this;
    const plan = new Int32Array(net.nOrders).fill(UNSERVED);
    const used = new Int32Array(net.nMonths);
    for (const a of r.arcs) {
      const o = this.g.arcOrder[a];
      const m = net.slotMonth[net.arcSlot[a]];
      if (plan[o] >= 0 || used[m] >= net.monthCap[m]) continue;
      plan[o] = a;
      used[m]++;
    }
    this.offer(plan);
    for (const stops of toursOf(this.g, plan)) this.candidateTours.set(stops.join(), stops);
    if (++this.relaxations % RELAXATION_INSERTS === 0) this.offer(this.insertUnserved(planCost(this.g, plan).orderArc));
  }

  /** Depth-first branch and bound; true when it finished within the node budget. */
  branch(fixed: Int32Array): boolean {
    if (++this.nodes > NODE_BUDGET || this.out()) return false;
    const { lb, orderArc } = this.bound(fixed);
    if (lb >= this.bestCost) return true;
    this.offer(orderArc);
    if (lb >= this.bestCost) return true;
    const { net, share } = this;
    // Branch on the free order whose bound leans most on links it may not get.
    let pick = -1;
    let lean = -1;
    for (let o = 0; o < net.nOrders; o++) {
      if (fixed[o] !== FREE) continue;
      const a = orderArc[o];
      const w = a >= 0 ? -share[a] + (net.arcFar![a] ? 1 : 0) : -1;
      if (w > lean) {
        lean = w;
        pick = o;
      }
    }
    if (pick < 0) return true;
    const choices: number[] = [];
    if (orderArc[pick] >= 0) choices.push(orderArc[pick]);
    for (let a = net.arcStart[pick]; a < net.arcStart[pick + 1]; a++) if (a !== orderArc[pick] && this.usable(a)) choices.push(a);
    if (orderArc[pick] >= 0) choices.push(UNSERVED);
    else choices.unshift(UNSERVED);
    for (const c of choices) {
      fixed[pick] = c;
      const done = this.branch(fixed);
      if (!done) return false;
    }
    fixed[pick] = FREE;
    return true;
  }
}

/** The whole batch with tours: the plan, its tours, and how far it may lie from the optimum. */
export function solveBatchWithTours(input: SolveInput): SolveResult {
  if (!input.tours) throw new RangeError('solveBatchWithTours needs tour options');
  const { maxNights, travelSpeedKmh } = input.tours;
  if (!Number.isInteger(maxNights) || maxNights < 0) throw new RangeError('tours.maxNights must be an integer ≥ 0');
  if (!(travelSpeedKmh > 0)) throw new RangeError('tours.travelSpeedKmh must be > 0');
  if (input.tours.timeBudgetMs !== undefined && !(input.tours.timeBudgetMs >= 0)) throw new RangeError('tours.timeBudgetMs must be ≥ 0');
  const t0 = performance.now();
  const net = buildNetwork(input, { tourStops: maxNights + 1 });
  const t1 = performance.now();
  const search = new TourSearch(net, input, t0 + (input.tours.timeBudgetMs ?? Infinity));
  const tighten = TIGHTEN_STEPS(net.nOrders);
  search.lagrangianBound(BOUND_STEPS(net.nOrders), tighten > 0);
  search.pathBound(PATH_STEPS(net.nOrders));
  search.improvePool();
  if (search.bestCost > search.lowerBound) search.neighbourPricing();
  search.improvePool();
  for (let round = 0; round < IMPROVE_ROUNDS(net.nOrders) && search.bestCost > search.lowerBound && !search.out(); round++) {
    const before = search.bestCost;
    search.relocate();
    search.reflow();
    search.tryTours();
    search.offer(search.insertUnserved(search.best));
    if (search.bestCost >= before) break;
  }
  if (search.bestCost > search.lowerBound) search.lagrangianBound(tighten, false);
  if (search.bestCost > search.lowerBound && net.nOrders <= BRANCH_ORDERS) {
    search.proven = search.branch(new Int32Array(net.nOrders).fill(FREE));
    if (search.proven) search.lowerBound = search.bestCost;
  }
  if (search.bestCost <= search.lowerBound) {
    search.proven = true;
    search.lowerBound = search.bestCost;
  }
  if (search.bestCost > search.flowCost) throw new Error('internal: the tour plan costs more than the flow optimum');
  const t2 = performance.now();
  return withTours(search, assemble(net, flowOf(net, search.best), { buildMs: t1 - t0, solveMs: t2 - t1, t0 }));
}

/**
 * The bound by lecturer alone (step 2b: `steps` subgradient steps from the duals of today's optimum), for
 * the proof test to check against HiGHS: on small batches the branch and bound proves the plan, so the
 * bound the answer reports is the plan's cost there.
 */
export function boundByLecturer(input: SolveInput, steps: number): number {
  const net = buildNetwork(input, { tourStops: input.tours!.maxNights + 1 });
  const search = new TourSearch(net, input, Infinity);
  search.pathBound(steps);
  return search.lowerBound;
}

/** Adds the best plan's tours to the assembled plan: link savings and nights on the stops, the tours and the figures. */
function withTours(search: TourSearch, result: SolveResult): SolveResult {
  const { g, net } = search;
  const { chaining } = planCost(g, search.best);
  const byOrder = new Map(result.assigned.map((a) => [a.orderId, a]));
  const tours: Tour[] = [];
  let saving = 0;
  let nights = 0;
  for (const stops of toursOfChaining(chaining)) {
    const orderOf = (a: number) => net.orders[g.arcOrder[a]];
    const legs: TourLeg[] = [{ fromOrderId: null, toOrderId: orderOf(stops[0]).id, km: g.homeKm[stops[0]] }];
    for (let i = 1; i < stops.length; i++)
      legs.push({ fromOrderId: orderOf(stops[i - 1]).id, toOrderId: orderOf(stops[i]).id, km: legKm(g, stops[i - 1], stops[i]) });
    legs.push({ fromOrderId: orderOf(stops[stops.length - 1]).id, toOrderId: null, km: g.homeKm[stops[stops.length - 1]] });
    const index = tours.length;
    stops.forEach((a, i) => {
      const assignment = byOrder.get(orderOf(a).id)!;
      const b = assignment.breakdown;
      const link = i > 0 ? linkCost(g, stops[i - 1], a) : 0;
      const night = i > 0 ? g.nightCost : 0;
      b.travel += link - night;
      b.nights = night;
      b.total += link;
      assignment.cost = b.total;
      assignment.tourIndex = index;
      saving += link - night;
      nights += i > 0 ? 1 : 0;
    });
    tours.push({
      lecturerId: net.lecturers[net.slotLecturer[net.arcSlot[stops[0]]]].id,
      stops: stops.map((a) => ({ orderId: orderOf(a).id, branchId: orderOf(a).branchId, startsAt: net.slotStart[net.arcSlot[a]] })),
      legs,
      km: legs.reduce((s, l) => s + l.km, 0),
      kmIfSeparate: 2 * stops.reduce((s, a) => s + g.homeKm[a], 0),
      nights: stops.length - 1,
    });
  }
  const totalCost = result.totalCost + chaining.cost;
  if (totalCost !== search.bestCost) throw new Error(`internal: tour plan cost ${totalCost} ≠ ${search.bestCost}`);
  const stats = result.stats;
  stats.costByComponent.travel += saving;
  stats.costByComponent.nights = nights * g.nightCost;
  stats.travelKm =
    result.assigned.reduce((s, a) => s + (a.tourIndex === undefined ? a.travelKm : 0), 0) + tours.reduce((s, t) => s + t.km / 2, 0);
  stats.tours = {
    flowCost: search.flowCost,
    lowerBound: search.lowerBound,
    gap: search.lowerBound > 0 ? (totalCost - search.lowerBound) / search.lowerBound : 0,
    proven: search.proven,
    tours: tours.length,
    nights,
    farArcs: net.arcFar!.reduce((s, f) => s + f, 0),
    nodes: search.nodes,
    rounds: search.rounds,
    timedOut: search.timedOut,
  };
  return { ...result, totalCost, tours };
}

/** The batch as asked: with tours when the input asks for them, else today's exact flow. */
export function solvePlan(input: SolveInput): SolveResult {
  return input.tours ? solveBatchWithTours(input) : solveBatch(input);
}
