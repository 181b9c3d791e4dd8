/** Why orders could not be placed and lecturers are excluded: codes and their facts (src/i18n words them). */
import { RULES, STATIC_RULES, orderAsked, staticViolation, type RuleCode } from './eligibility.js';
import { DIAG_ELIGIBLE, DIAG_SLOT_TIMES, DIAG_WIDTH, type Network } from './network.js';
import type { Exclusion, LostSlots, OrderAsked, Reason, SolverLecturer, SolverOrder, UnavailableCounts } from './types.js';

/** Why one lecturer is excluded by `code` over the whole window (no single start time). */
export function exclusionOf(code: RuleCode, order: SolverOrder, lecturer: SolverLecturer): Exclusion {
  switch (code) {
    case 'window':
    case 'availability':
    case 'exception':
    case 'booking':
      return { code, params: {} };
    case 'monthly_cap':
      return { code, params: { maxLecturesPerMonth: lecturer.maxLecturesPerMonth } };
    default:
      return staticViolation(code, order, lecturer);
  }
}

/**
 * Why order `oi` got no lecturer: a headline reason, then how many lecturers fail at which static
 * rule. `lost` describes the final plan (for orders that had usable slots but lost them to other
 * orders); omit it for a single-order ranking.
 */
export function explainOrder(net: Network, oi: number, lost?: LostSlots): Reason[] {
  const order = net.orders[oi];
  const base = oi * DIAG_WIDTH;
  const count = (code: RuleCode): number => net.diag[base + RULES.indexOf(code)];
  const slotTimes = net.diag[base + DIAG_SLOT_TIMES];
  const asked = orderAsked(order);
  const reasons: Reason[] = [];

  if (slotTimes === 0) {
    const { earliestStart, latestStart, durationMinutes, format } = order;
    reasons.push({ code: 'no_slot', params: { earliestStart, latestStart, durationMinutes, format } });
  }
  const eligible = net.diag[base + DIAG_ELIGIBLE];
  const unavailable: UnavailableCounts = {
    availability: count('availability'),
    exception: count('exception'),
    booking: count('booking'),
    monthly_cap: count('monthly_cap'),
  };
  const qualified =
    count('window') + unavailable.availability + unavailable.exception + unavailable.booking + unavailable.monthly_cap + eligible;
  if (qualified === 0) {
    const nearest = net.nearestOutOfRangeKm[oi];
    reasons.push({
      code: 'no_qualified_lecturer',
      count: 0,
      params: { ...asked, nearestOutOfRangeKm: Number.isFinite(nearest) ? nearest : null },
    });
  } else if (eligible === 0 && slotTimes > 0) {
    reasons.push(unavailableReason(asked, qualified, unavailable));
  } else if (lost && slotTimes > 0) {
    // An order with no slot at all lost nothing to other orders, nor was it left as too costly: no_slot says it.
    reasons.push(lostReason(lost));
  }

  for (const code of STATIC_RULES) {
    const k = count(code);
    if (k > 0) reasons.push({ code, count: k, params: { ...asked, lecturers: net.lecturers.length } });
  }
  return reasons;
}

/** Every qualified lecturer is kept out by time rules: named after the one rule that covers them all, if any. */
function unavailableReason(asked: OrderAsked, qualified: number, unavailable: UnavailableCounts): Reason {
  const code =
    unavailable.booking === qualified
      ? 'all_booked'
      : unavailable.monthly_cap === qualified
        ? 'monthly_caps_reached'
        : unavailable.availability + unavailable.exception === qualified
          ? 'not_available'
          : 'no_free_lecturer';
  return { code, count: qualified, params: { ...asked, qualified, unavailable } };
}

function lostReason(lost: LostSlots): Reason {
  const code =
    lost.fullMonths > 0 && lost.slotsTaken === 0
      ? 'monthly_caps_reached'
      : lost.slotsTaken + lost.fullMonths > 0
        ? 'lost_to_other_orders'
        : 'too_costly';
  return { code, count: lost.eligibleLecturers, params: lost };
}
