/**
 * The scheduling solver's reasons, violations and exclusions in English, rendered from their codes
 * and facts: the API's `message` fields (its `messageZh` fields come from scheduling-zh.ts).
 */
import { formatLocal } from '../kernel/time.js';
import type { Exclusion, LostSlots, OrderAsked, Reason, UnavailableCounts, Violation } from '../scheduling/solver/types.js';

const LANGUAGE_EN: Readonly<Record<string, string>> = { zh: 'Chinese', mn: 'Mongolian' };

const languageEn = (code: string): string => (LANGUAGE_EN[code] ? `${LANGUAGE_EN[code]} (${code})` : code);

/** "as an on_site lecture" / "as a field lecture": formats are named by their codes. */
const asFormat = (format: string): string => `as ${/^[aeiou]/.test(format) ? 'an' : 'a'} ${format} lecture`;

function subjectEn(a: Pick<OrderAsked, 'courseId' | 'title' | 'topic'>): string {
  return a.courseId !== null ? `course ${a.title ? `“${a.title}”` : a.courseId} (${a.topic})` : `the topic ${a.topic}`;
}

/** "the topic policy in Chinese (zh) as an on_site lecture": what a qualified lecturer teaches. */
function askedEn(a: OrderAsked): string {
  return `${subjectEn(a)} in ${languageEn(a.language)} ${asFormat(a.format)}`;
}

/** What keeps qualified lecturers out: for the only one, and for several (with their count). */
const UNAVAILABLE_EN: Record<keyof UnavailableCounts, [one: string, several: string]> = {
  availability: ['not available then (weekly availability)', 'not available then (weekly availability)'],
  exception: ['on leave or away', 'on leave or away'],
  booking: ['already booked', 'already booked'],
  monthly_cap: ['at the monthly cap', 'at their monthly cap'],
};

function unavailableEn(a: OrderAsked, qualified: number, unavailable: UnavailableCounts): string {
  const one = qualified === 1;
  const parts = (Object.keys(UNAVAILABLE_EN) as (keyof UnavailableCounts)[])
    .filter((rule) => unavailable[rule] > 0)
    .map((rule) => {
      const k = unavailable[rule];
      return one ? UNAVAILABLE_EN[rule][0] : `${k} ${k === 1 ? 'is' : 'are'} ${UNAVAILABLE_EN[rule][1]}`;
    });
  const who = one ? `the only lecturer who teaches ${askedEn(a)} is` : `all ${qualified} lecturers who teach ${askedEn(a)} are`;
  return `${who} unavailable in the window: ${parts.join(', ')}`;
}

function lostEn(code: Reason['code'], p: LostSlots): string {
  const lecturers = p.eligibleLecturers === 1 ? 'the only eligible lecturer' : `the ${p.eligibleLecturers} eligible lecturers`;
  if (code === 'monthly_caps_reached') {
    const who = p.eligibleLecturers === 1 ? 'the only eligible lecturer is' : `all ${p.eligibleLecturers} eligible lecturers are`;
    return `monthly caps reached: ${who} filled up by other orders in the month(s) of the window`;
  }
  if (code === 'lost_to_other_orders') {
    const slots = p.usableSlots === 1 ? 'the only usable slot' : `all ${p.usableSlots} usable slots`;
    const caps = p.fullMonths ? ' or their monthly caps are reached' : '';
    return `${slots} of ${lecturers} went to other orders of higher priority${caps} (${p.slotsTaken} taken, ${p.fullMonths} in a full month)`;
  }
  return 'serving it would cost more than its unserved penalty (it would push other orders out)';
}

/** Why an order got no lecturer. */
export function reasonEn(r: Reason): string {
  switch (r.code) {
    case 'no_slot': {
      const p = r.params;
      return `no day part between ${formatLocal(p.earliestStart)} and ${formatLocal(p.latestStart)} holds a ${p.durationMinutes}-minute ${p.format} lecture`;
    }
    case 'no_qualified_lecturer': {
      const p = r.params;
      const within =
        p.nearestOutOfRangeKm !== null ? ` within travel radius (the nearest is ${Math.round(p.nearestOutOfRangeKm)} km away)` : '';
      return `no lecturer teaches ${askedEn(p)}${within}`;
    }
    case 'all_booked':
    case 'not_available':
    case 'no_free_lecturer':
    case 'monthly_caps_reached':
    case 'lost_to_other_orders':
    case 'too_costly':
      return 'unavailable' in r.params ? unavailableEn(r.params, r.params.qualified, r.params.unavailable) : lostEn(r.code, r.params);
    case 'teaches':
      return `${r.count} of ${r.params.lecturers} lecturers do not teach ${subjectEn(r.params)}`;
    case 'language':
      return `${r.count} of ${r.params.lecturers} lecturers do not lecture in ${languageEn(r.params.language)}`;
    case 'format':
      return `${r.count} of ${r.params.lecturers} lecturers do not offer ${r.params.format}`;
    case 'distance':
      return `${r.count} of ${r.params.lecturers} lecturers are beyond their travel radius`;
    case 'declined':
      return `${r.count} of ${r.params.lecturers} lecturers declined this order`;
  }
}

/** A hard rule one lecturer breaks at one start. */
export function violationEn(v: Violation): string {
  switch (v.code) {
    case 'teaches':
      return v.params.courseId !== null
        ? `does not give course ${v.params.title ? `“${v.params.title}”` : v.params.courseId}`
        : `does not teach the topic ${v.params.topic}`;
    case 'language':
      return `does not lecture in ${languageEn(v.params.language)}`;
    case 'format':
      return `does not offer ${v.params.format} lectures`;
    case 'distance':
      return `the branch is ${Math.round(v.params.km)} km away, beyond the ${v.params.travelRadiusKm} km travel radius`;
    case 'declined':
      return 'declined this order';
    case 'window':
      return `${formatLocal(v.params.startsAt)} is outside the order's window`;
    case 'availability':
      return `not available at ${formatLocal(v.params.startsAt)} (weekly availability)`;
    case 'exception':
      return `on leave or away at ${formatLocal(v.params.startsAt)}`;
    case 'booking':
      return `already has a lecture (with travel) at ${formatLocal(v.params.startsAt)}`;
    case 'monthly_cap':
      return `monthly cap of ${v.params.maxLecturesPerMonth} lectures reached in ${v.params.month}`;
  }
}

/** Why a lecturer cannot take an order anywhere in its window. */
export function exclusionEn(e: Exclusion): string {
  switch (e.code) {
    case 'window':
      return 'no usable slot start in the window';
    case 'availability':
      return 'not available (weekly availability) at any usable start in the window';
    case 'exception':
      return 'on leave or away at every otherwise usable start in the window';
    case 'booking':
      return 'already booked at every otherwise usable start in the window';
    case 'monthly_cap':
      return `monthly cap of ${e.params.maxLecturesPerMonth} lectures already reached`;
    default:
      return violationEn(e);
  }
}
