/**
 * Top candidates for one order (the "candidates" endpoint): who is free when, what it would cost
 * and why, and why every other lecturer is excluded. Same network, rules and costs as the batch
 * solver; the load cost is that of one more lecture in the lecturer's month.
 */
import { assignmentCost } from './cost.js';
import { RULES } from './eligibility.js';
import { exclusionOf, explainOrder } from './explain.js';
import { buildNetwork } from './network.js';
import { orderTravelKm } from './eligibility.js';
import type { CostBreakdown, Exclusion, Reason, SlotModel, SolverLecturer, SolverOrder, Weights } from './types.js';

export interface RankedCandidate {
  lecturerId: string;
  startsAt: number;
  part: string;
  travelKm: number;
  cost: number;
  breakdown: CostBreakdown;
  /** Other usable starts of this lecturer in the window (a later one may be picked if this is taken). */
  otherStarts: number[];
}

export type ExcludedLecturer = { lecturerId: string } & Exclusion;

export interface CandidateRanking {
  orderId: string;
  candidates: RankedCandidate[];
  /** Eligible lecturers ranked below `limit`. */
  moreEligible: number;
  excluded: ExcludedLecturer[];
  /** When nobody is eligible: why, in summary (the batch solver's reasons). */
  reasons: Reason[];
}

export function rankCandidates(
  order: SolverOrder,
  lecturers: SolverLecturer[],
  slotModel: SlotModel,
  weights: Partial<Weights> | undefined,
  limit: number,
): CandidateRanking {
  const net = buildNetwork({ orders: [order], lecturers, slotModel, weights }, { lecturerOutcome: true });
  const nL = lecturers.length;
  // Best slot per lecturer: cost including one more lecture in that month.
  const best = new Map<number, { cost: number; slot: number; starts: number[] }>();
  for (let a = net.arcStart[0]; a < net.arcStart[1]; a++) {
    const s = net.arcSlot[a];
    const m = net.slotMonth[s];
    const cost = net.arcCost[a] + Math.round(net.weights.fairLoad * net.monthBooked[m]);
    const li = net.slotLecturer[s];
    const cur = best.get(li);
    if (!cur) best.set(li, { cost, slot: s, starts: [net.slotStart[s]] });
    else {
      cur.starts.push(net.slotStart[s]);
      if (cost < cur.cost || (cost === cur.cost && net.slotStart[s] < net.slotStart[cur.slot])) {
        cur.cost = cost;
        cur.slot = s;
      }
    }
  }
  const ranked = [...best.entries()].sort(
    (x, y) =>
      x[1].cost - y[1].cost || net.slotStart[x[1].slot] - net.slotStart[y[1].slot] || lecturers[x[0]].id.localeCompare(lecturers[y[0]].id),
  );
  const top = ranked.slice(0, Math.max(0, limit));
  const candidates: RankedCandidate[] = top.map(([li, b]) => {
    const lecturer = lecturers[li];
    const startsAt = net.slotStart[b.slot];
    const km = orderTravelKm(order, lecturer);
    const breakdown = assignmentCost(order, lecturer, startsAt, net.monthBooked[net.slotMonth[b.slot]] + 1, net.weights, km);
    return {
      lecturerId: lecturer.id,
      startsAt,
      part: net.parts[net.slotPart[b.slot]].name,
      travelKm: km,
      cost: breakdown.total,
      breakdown,
      otherStarts: b.starts.filter((t) => t !== startsAt).sort((x, y) => x - y),
    };
  });
  const excluded: ExcludedLecturer[] = [];
  const outcome = net.lecturerOutcome!;
  for (let li = 0; li < nL; li++) {
    const r = outcome[li];
    if (r < 0) continue;
    const code = RULES[r];
    excluded.push({ lecturerId: lecturers[li].id, ...exclusionOf(code, order, lecturers[li]) });
  }
  return {
    orderId: order.id,
    candidates,
    moreEligible: Math.max(0, ranked.length - top.length),
    excluded,
    reasons: ranked.length === 0 ? explainOrder(net, 0) : [],
  };
}
