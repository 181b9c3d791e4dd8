/**
 * The batch solver with tours (巡回宣讲): the tour model of tours.ts solved by a search seeded with
 * today's exact min-cost flow, with a proven lower bound.
 *
 * 1. Today's optimum: the flow on the network without the tour-only arcs, then chained as well as it
 *    can be (chainPlan). Chaining only ever lowers a plan's cost, so the answer is never worse than
 *    the tour-less optimum.
 * 2. The lower bound: the same flow where every arc also gets the cheapest share of the links it could
 *    be part of (tours.ts `linkShares`) and tour-only arcs that some link can reach are allowed. Every
 *    plan of the tour model is a feasible flow of this network costing at least as much, so its
 *    optimum bounds the tour model's from below. Its plan, chained, is a second candidate.
 * 3. Neighbour pricing (a large-neighbourhood step): re-solve the flow with each arc priced by the
 *    links it would have with the stops the best plan holds the day before and after, chain, keep it
 *    if cheaper; repeat while it improves.
 * 4. Branch and bound on small batches (at most BRANCH_ORDERS orders): depth first over the orders'
 *    choices, each node bounded by the flow of step 2 with the choices so far fixed; it stops when
 *    every node is bounded or the node budget is spent. Finished, the plan is proven optimal.
 */
import { monthUnitCost, solveFlow, UNSERVED, type FlowResult } from './flow.js';
import { buildNetwork, type Network } from './network.js';
import { assemble, solveBatch } from './solve.js';
import { buildTourGraph, chainPlan, legKm, linkCost, linkShares, NO_LINK, type Chaining, type TourGraph } from './tours.js';
import type { SolveInput, SolveResult, Tour, TourLeg } from './types.js';

/** Batches up to this many orders are searched exhaustively (within the node budget). */
export const BRANCH_ORDERS = 40;
const NODE_BUDGET = 20_000;
const PRICING_ROUNDS = 8;
/** A penalty that keeps an order on its fixed arc: no plan of the model pays it. */
const FORBIDDEN = 1e12;
const FREE = -3;

/** The network restricted to some arcs at other costs; `orig` maps its arcs back. */
interface Restricted {
  net: Network;
  orig: Int32Array;
}

function restrict(net: Network, keep: (a: number, o: number) => boolean, cost: (a: number) => number, penalty = net.penalty): Restricted {
  const arcStart = new Int32Array(net.nOrders + 1);
  const slot: number[] = [];
  const costs: number[] = [];
  const orig: number[] = [];
  for (let o = 0; o < net.nOrders; o++) {
    for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
      if (!keep(a, o)) continue;
      slot.push(net.arcSlot[a]);
      costs.push(cost(a));
      orig.push(a);
    }
    arcStart[o + 1] = slot.length;
  }
  return {
    net: { ...net, nArcs: slot.length, arcStart, arcSlot: Int32Array.from(slot), arcCost: Int32Array.from(costs), penalty, arcFar: null },
    orig: Int32Array.from(orig),
  };
}

/** The flow's plan as arcs of the full network, and its cost under the restricted network's costs. */
function flowPlan(r: Restricted): { orderArc: Int32Array; cost: number } {
  const f = solveFlow(r.net);
  const orderArc = new Int32Array(r.net.nOrders);
  let cost = 0;
  for (let o = 0; o < r.net.nOrders; o++) {
    const a = f.orderArc[o];
    orderArc[o] = a >= 0 ? r.orig[a] : UNSERVED;
    cost += a >= 0 ? r.net.arcCost[a] : r.net.penalty[o];
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

/** A plan's cost in the tour model (Infinity when a tour-only arc cannot be reached). */
function planCost(g: TourGraph, orderArc: Int32Array): { cost: number; chaining: Chaining } {
  const { net } = g;
  const chaining = chainPlan(g, orderArc);
  if (!chaining.feasible) return { cost: Infinity, chaining };
  let cost = chaining.cost;
  const flow = flowOf(net, orderArc);
  for (let o = 0; o < net.nOrders; o++) cost += orderArc[o] >= 0 ? net.arcCost[orderArc[o]] : net.penalty[o];
  for (let m = 0; m < net.nMonths; m++) for (let k = 1; k <= flow.monthUsed[m]; k++) cost += monthUnitCost(net, m, k);
  return { cost, chaining };
}

class TourSearch {
  readonly g: TourGraph;
  readonly share: Int32Array;
  readonly reachable: Uint8Array;
  best: Int32Array;
  bestCost: number;
  flowCost: number;
  lowerBound = 0;
  nodes = 0;
  rounds = 0;
  proven = false;

  constructor(
    readonly net: Network,
    input: SolveInput,
  ) {
    this.g = buildTourGraph(net, input.tours!);
    ({ share: this.share, reachable: this.reachable } = linkShares(this.g));
    const far = net.arcFar!;
    const today = flowPlan(
      restrict(
        net,
        (a) => !far[a],
        (a) => net.arcCost[a],
      ),
    );
    this.flowCost = today.cost;
    this.best = today.orderArc;
    this.bestCost = planCost(this.g, today.orderArc).cost;
  }

  private usable(a: number): boolean {
    return !this.net.arcFar![a] || this.reachable[a] === 1;
  }

  offer(orderArc: Int32Array): void {
    const { cost } = planCost(this.g, orderArc);
    if (cost < this.bestCost) {
      this.bestCost = cost;
      this.best = orderArc;
    }
  }

  /** The bound's flow with some orders' choices fixed: its cost (Infinity if a fixed choice cannot hold) and plan. */
  bound(fixed: Int32Array | null): { lb: number; orderArc: Int32Array } {
    const { net, share } = this;
    const penalty = fixed ? net.penalty.map((p, o) => (fixed[o] >= 0 ? FORBIDDEN : p)) : net.penalty;
    const r = restrict(
      net,
      (a, o) => this.usable(a) && (!fixed || fixed[o] === FREE || fixed[o] === a),
      (a) => net.arcCost[a] + share[a],
      penalty,
    );
    const plan = flowPlan(r);
    return { lb: plan.cost >= FORBIDDEN ? Infinity : plan.cost, orderArc: plan.orderArc };
  }

  /** Re-solves with every arc priced by its links to the best plan's neighbouring stops, while that improves. */
  neighbourPricing(): void {
    const { net, g } = this;
    for (let round = 0; round < PRICING_ROUNDS; round++) {
      this.rounds++;
      const arcOfSlot = new Int32Array(net.nSlots).fill(-1);
      for (let o = 0; o < net.nOrders; o++) if (this.best[o] >= 0) arcOfSlot[net.arcSlot[this.best[o]]] = this.best[o];
      const price = new Float64Array(net.nArcs);
      for (let a = 0; a < net.nArcs; a++) {
        if (!g.arcStop[a]) continue;
        const s = net.arcSlot[a];
        const before = g.prevSlot[s] >= 0 ? arcOfSlot[g.prevSlot[s]] : -1;
        const after = g.nextSlot[s] >= 0 ? arcOfSlot[g.nextSlot[s]] : -1;
        const cin = before >= 0 ? linkCost(g, before, a) : NO_LINK;
        const cout = after >= 0 ? linkCost(g, a, after) : NO_LINK;
        if (net.arcFar![a] && cin === NO_LINK) price[a] = NO_LINK;
        else price[a] = Math.floor(Math.min(0, cin) / 2) + Math.floor(Math.min(0, cout) / 2);
      }
      const before = this.bestCost;
      const plan = flowPlan(
        restrict(
          net,
          (a) => price[a] !== NO_LINK && this.usable(a),
          (a) => net.arcCost[a] + price[a],
        ),
      );
      this.offer(plan.orderArc);
      if (this.bestCost >= before) return;
    }
  }

  /** Depth-first branch and bound; true when it finished within the node budget. */
  branch(fixed: Int32Array): boolean {
    if (++this.nodes > NODE_BUDGET) return false;
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
  const t0 = performance.now();
  const net = buildNetwork(input, { tourStops: maxNights + 1 });
  const t1 = performance.now();
  const search = new TourSearch(net, input);
  const root = search.bound(null);
  search.lowerBound = root.lb;
  search.offer(root.orderArc);
  if (search.bestCost > search.lowerBound) search.neighbourPricing();
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

/** Adds the best plan's tours to the assembled plan: link savings and nights on the stops, the tours and the figures. */
function withTours(search: TourSearch, result: SolveResult): SolveResult {
  const { g, net } = search;
  const { chaining } = planCost(g, search.best);
  const byOrder = new Map(result.assigned.map((a) => [a.orderId, a]));
  const linkedTo = new Set(chaining.next.values());
  const tours: Tour[] = [];
  let saving = 0;
  let nights = 0;
  for (const [first] of chaining.next) {
    if (linkedTo.has(first)) continue;
    const stops = [first];
    for (let a = chaining.next.get(first); a !== undefined; a = chaining.next.get(a)) stops.push(a);
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
      assignment.travelKm = (legs[i].km + legs[i + 1].km) / 2;
      assignment.tourIndex = index;
      saving += link - night;
      nights += i > 0 ? 1 : 0;
    });
    tours.push({
      lecturerId: net.lecturers[net.slotLecturer[net.arcSlot[first]]].id,
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
  stats.travelKm = result.assigned.reduce((s, a) => s + a.travelKm, 0);
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
  };
  return { ...result, totalCost, tours };
}

/** The batch as asked: with tours when the input asks for them, else today's exact flow. */
export function solvePlan(input: SolveInput): SolveResult {
  return input.tours ? solveBatchWithTours(input) : solveBatch(input);
}
