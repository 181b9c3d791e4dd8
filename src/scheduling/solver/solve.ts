/**
 * The batch solver: pending orders × lecturers → the cheapest feasible plan of the whole batch.
 *
 * Model (batch min-cost flow, exact):
 *
 *   source ─1─▶ order ─1, c(o,l,t)─▶ slot (lecturer, local day, day part) ─1─▶ (lecturer, month) ─▶ sink
 *                 └────────────── 1, unserved penalty ─────────────────────────────────────────▶ sink
 *
 * - Days have parts with fixed local start times (Asia/Shanghai, UTC+8), e.g. the day part 09:00 for
 *   the on-site forms (one on-site lecture per lecturer per day: at most one part may hold them) and
 *   19:30 for online lectures. A lecture given in a part must end before the next part starts, so
 *   slots of one lecturer never overlap; each slot holds at most one lecture.
 * - An order → slot arc exists when the slot's start lies in the order's window, the part holds the
 *   order's format, and the lecturer passes every hard rule of eligibility.ts at that start (teaches
 *   it, language, format, travel radius for on-site forms, not declined, weekly availability for
 *   the whole lecture, no exception, no existing booking). The lecturer-month node's capacity is
 *   maxLecturesPerMonth − lectures already booked that month.
 * - Fair load is convex: the lecturer-month → sink capacity is split into unit arcs whose costs rise
 *   (the j-th lecture of the month costs fairLoad × (j − 1)), so the flow fills them in order and the
 *   model stays an exact min-cost flow.
 * - Every order has a way to the sink (the unserved arc, with a large penalty that is larger for
 *   remote, border, weak and rarely reached branches), so every order carries one unit of flow.
 * - Arc costs: cost.ts (travel, rating, coverage, region priority, grassroots tilt, lateness).
 *
 * Algorithm: successive shortest paths with Dijkstra and potentials (flow.ts). The network is a pure
 * network LP, so the optimum is integral and equals the LP optimum (the tests and the benchmark check
 * this against HiGHS).
 *
 * The entry point `solveBatch` takes and returns plain, structured-cloneable data (no closures), so
 * the app can run big batches in a worker thread.
 */
import { assignmentCost } from './cost.js';
import { explainOrder } from './explain.js';
import { monthUnitCost, solveFlow, type FlowResult } from './flow.js';
import { buildNetwork, DIAG_ELIGIBLE, DIAG_WIDTH, type Network } from './network.js';
import { orderTravelKm } from './eligibility.js';
import type { Assignment, CostBreakdown, LostSlots, SolveInput, SolveResult, UnassignedOrder } from './types.js';

export function solveBatch(input: SolveInput): SolveResult {
  const t0 = performance.now();
  const net = buildNetwork(input);
  const t1 = performance.now();
  const flow = solveFlow(net);
  const t2 = performance.now();
  return assemble(net, flow, { buildMs: t1 - t0, solveMs: t2 - t1, t0 });
}

/** Turns a flow state (optimal or not) into the plain result: assignments, reasons, costs. */
export function assemble(net: Network, flow: FlowResult, timing: { buildMs: number; solveMs: number; t0: number }): SolveResult {
  const { orders, lecturers, weights } = net;
  const n = net.nOrders;
  // j (1-based, counting earlier bookings) of every assigned slot within its lecturer-month,
  // in start order: the breakdown's load is the cost of that unit arc.
  const monthSlotsUsed: number[][] = Array.from({ length: net.nMonths }, () => []);
  for (let o = 0; o < n; o++) {
    const a = flow.orderArc[o];
    if (a >= 0) monthSlotsUsed[net.slotMonth[net.arcSlot[a]]].push(net.arcSlot[a]);
  }
  const jOfSlot = new Map<number, number>();
  let loadSum = 0;
  for (let m = 0; m < net.nMonths; m++) {
    const list = monthSlotsUsed[m].sort((x, y) => net.slotStart[x] - net.slotStart[y] || x - y);
    list.forEach((s, i) => jOfSlot.set(s, net.monthBooked[m] + i + 1));
    for (let k = 1; k <= list.length; k++) loadSum += monthUnitCost(net, m, k);
  }

  const assigned: Assignment[] = [];
  const unassigned: UnassignedOrder[] = [];
  const byComponent = { travel: 0, rating: 0, coverage: 0, priority: 0, grassroots: 0, lateness: 0, load: 0, named: 0, unserved: 0 };
  let travelKmSum = 0;
  let totalCost = 0;
  for (let o = 0; o < n; o++) {
    const order = orders[o];
    const a = flow.orderArc[o];
    if (a >= 0) {
      const s = net.arcSlot[a];
      const lecturer = lecturers[net.slotLecturer[s]];
      const startsAt = net.slotStart[s];
      const km = orderTravelKm(order, lecturer);
      const breakdown: CostBreakdown = assignmentCost(order, lecturer, startsAt, jOfSlot.get(s)!, weights, km);
      if (breakdown.total - breakdown.load !== net.arcCost[a]) {
        throw new Error(
          `internal: cost of order ${order.id} disagrees with its arc (${breakdown.total - breakdown.load} ≠ ${net.arcCost[a]})`,
        );
      }
      assigned.push({
        orderId: order.id,
        lecturerId: lecturer.id,
        startsAt,
        part: net.parts[net.slotPart[s]].name,
        travelKm: km,
        cost: breakdown.total,
        breakdown,
      });
      for (const key of ['travel', 'rating', 'coverage', 'priority', 'grassroots', 'lateness', 'load'] as const)
        byComponent[key] += breakdown[key];
      byComponent.named += breakdown.named ?? 0;
      travelKmSum += km;
      totalCost += breakdown.total;
    } else {
      const penalty = net.penalty[o];
      byComponent.unserved += penalty;
      totalCost += penalty;
      unassigned.push({ orderId: order.id, penalty, reasons: explainOrder(net, o, lostSlotsOf(net, flow, o)) });
    }
  }
  if (byComponent.load !== loadSum) throw new Error(`internal: load ${byComponent.load} ≠ ${loadSum}`);

  return {
    assigned,
    unassigned,
    totalCost,
    stats: {
      orders: n,
      lecturers: lecturers.length,
      served: assigned.length,
      unserved: unassigned.length,
      arcs: net.nArcs,
      slots: net.nSlots,
      lecturerMonths: net.nMonths,
      augmentations: flow.augmentations,
      buildMs: Math.round(timing.buildMs),
      solveMs: Math.round(timing.solveMs),
      totalMs: Math.round(performance.now() - timing.t0),
      costByComponent: byComponent,
      travelKm: travelKmSum,
    },
  };
}

/** For an unserved order with usable slots: how they were lost (slot taken / month full). */
function lostSlotsOf(net: Network, flow: Pick<FlowResult, 'slotOrder' | 'monthUsed'>, o: number): LostSlots {
  let slotsTaken = 0;
  let fullMonths = 0;
  const lecturersSeen = new Set<number>();
  for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
    const s = net.arcSlot[a];
    lecturersSeen.add(net.slotLecturer[s]);
    if (flow.slotOrder[s] >= 0) slotsTaken++;
    else if (flow.monthUsed[net.slotMonth[s]] >= net.monthCap[net.slotMonth[s]]) fullMonths++;
  }
  const eligibleLecturers = Math.max(net.diag[o * DIAG_WIDTH + DIAG_ELIGIBLE], lecturersSeen.size);
  return { eligibleLecturers, usableSlots: net.arcStart[o + 1] - net.arcStart[o], slotsTaken, fullMonths };
}
