/**
 * The hard rules (never broken), one implementation shared by the batch solver, the candidate
 * ranking and the app's claim / offer code.
 *
 * A lecturer may give an order's lecture starting at `startsAt` when:
 *  - teaches:      a menu order: the lecturer is one of the course's lecturers; a custom order: the
 *                  topic is among the lecturer's topics;
 *  - language:     the lecturer speaks the order's language;
 *  - format:       the lecturer offers the order's format;
 *  - distance:     for on-site forms (on_site, field, mobile) the branch lies within the lecturer's
 *                  travel radius (haversine, km);
 *  - declined:     the lecturer has not declined this order;
 *  - window:       startsAt lies in [earliestStart, latestStart];
 *  - availability: the whole lecture [start, start + duration) lies inside one weekly availability
 *                  window of that local weekday (`to: "24:00"` = end of day);
 *  - exception:    it overlaps no dated exception (leave, trip);
 *  - booking:      it overlaps no existing booking (bookings already include the travel buffer);
 *  - monthly_cap:  the lecturer has fewer than maxLecturesPerMonth lectures booked in that month.
 * The first five depend on the (order, lecturer) pair only ("static"); the rest on the time too.
 * The order of the lists below is the order in which failures are reported (first failing rule).
 */
import { travelKm } from '../../kernel/geo.js';
import { isOnSite } from '../../kernel/vocabulary.js';
import { localDay, localMidnight, localMonthIndex, monthKeyOfIndex, parseHm, weekdayOfDay, MINUTE_MS, formatLocal } from '../../kernel/time.js';
import type { BookingInterval, SolverLecturer, SolverOrder } from './types.js';

export type StaticRule = 'teaches' | 'language' | 'format' | 'distance' | 'declined';
export type TimeRule = 'window' | 'availability' | 'exception' | 'booking' | 'monthly_cap';
export type RuleCode = StaticRule | TimeRule;

export const STATIC_RULES: readonly StaticRule[] = ['teaches', 'language', 'format', 'distance', 'declined'];
export const TIME_RULES: readonly TimeRule[] = ['window', 'availability', 'exception', 'booking', 'monthly_cap'];
export const RULES: readonly RuleCode[] = [...STATIC_RULES, ...TIME_RULES];

export interface Violation {
  code: RuleCode;
  message: string;
  messageZh: string;
}

export interface EligibilityContext {
  /** Rules not to check (e.g. 'window' when an admin deliberately offers another time). */
  skip?: readonly RuleCode[];
  /** Further busy intervals of the lecturer, e.g. lectures proposed earlier in the same run. */
  extraBookings?: readonly BookingInterval[];
  /** Lectures to add to `bookedPerMonth`, e.g. proposed earlier in the same run. */
  extraPerMonth?: Readonly<Record<string, number>>;
}

/** Intervals sorted by start with the running maximum of their ends: O(log n) overlap tests. */
export interface SortedIntervals {
  start: Float64Array;
  maxEnd: Float64Array;
}

/** A lecturer with the rule inputs parsed once (sets, minutes, sorted intervals). */
export interface PreparedLecturer {
  lecturer: SolverLecturer;
  topics: ReadonlySet<string>;
  languages: ReadonlySet<string>;
  formats: ReadonlySet<string>;
  /** Index weekday − 1: flat [from, to, from, to, …] in local minutes. */
  weekly: Int32Array[];
  exceptions: SortedIntervals;
  bookings: SortedIntervals;
}

export function sortIntervals(items: readonly { start: number; end: number }[]): SortedIntervals {
  const sorted = items.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const start = new Float64Array(sorted.length);
  const maxEnd = new Float64Array(sorted.length);
  let m = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    start[i] = sorted[i].start;
    m = Math.max(m, sorted[i].end);
    maxEnd[i] = m;
  }
  return { start, maxEnd };
}

/** Whether [a, b) overlaps any of the intervals (half-open: touching is no overlap). */
export function overlapsAny(iv: SortedIntervals, a: number, b: number): boolean {
  // last interval with start < b
  let lo = 0;
  let hi = iv.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (iv.start[mid] < b) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && iv.maxEnd[lo - 1] > a;
}

export function prepareLecturer(lecturer: SolverLecturer): PreparedLecturer {
  const perDay: number[][] = [[], [], [], [], [], [], []];
  for (const w of lecturer.weekly) {
    if (!Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7) {
      throw new RangeError(`lecturer ${lecturer.id}: weekday ${w.weekday} is not 1–7`);
    }
    const from = parseHm(w.from);
    const to = parseHm(w.to);
    if (to > from) perDay[w.weekday - 1].push(from, to);
  }
  return {
    lecturer,
    topics: new Set(lecturer.topics),
    languages: new Set(lecturer.languages),
    formats: new Set(lecturer.formats),
    weekly: perDay.map((d) => Int32Array.from(d)),
    exceptions: sortIntervals(lecturer.exceptions.map((e) => ({ start: e.from, end: e.to }))),
    bookings: sortIntervals(lecturer.bookings),
  };
}

// ---- the rules, one function each -------------------------------------------------------------

export function teaches(order: SolverOrder, p: PreparedLecturer): boolean {
  if (order.courseId !== null && order.courseId !== undefined) {
    return order.courseLecturerIds !== undefined && order.courseLecturerIds.includes(p.lecturer.id);
  }
  return p.topics.has(order.topic);
}

export function speaks(order: SolverOrder, p: PreparedLecturer): boolean {
  return p.languages.has(order.language);
}

export function offersFormat(order: SolverOrder, p: PreparedLecturer): boolean {
  return p.formats.has(order.format);
}

/** Lecturer home → branch, km; 0 for online lectures (nobody travels). */
export function orderTravelKm(order: SolverOrder, lecturer: SolverLecturer): number {
  return isOnSite(order.format) ? travelKm(lecturer, order.branch) : 0;
}

export function withinRadius(order: SolverOrder, lecturer: SolverLecturer, km: number): boolean {
  return !isOnSite(order.format) || km <= lecturer.travelRadiusKm;
}

export function notDeclined(order: SolverOrder, lecturer: SolverLecturer): boolean {
  return order.declinedLecturerIds === undefined || !order.declinedLecturerIds.includes(lecturer.id);
}

export function inWindow(order: SolverOrder, start: number): boolean {
  return start >= order.earliestStart && start <= order.latestStart;
}

/** [start, end) lies inside one weekly window of start's local weekday. */
export function availableWeekly(p: PreparedLecturer, start: number, end: number): boolean {
  const day = localDay(start);
  const from = (start - localMidnight(day)) / MINUTE_MS;
  const to = (end - localMidnight(day)) / MINUTE_MS;
  const w = p.weekly[weekdayOfDay(day) - 1];
  for (let i = 0; i < w.length; i += 2) {
    if (w[i] <= from && to <= w[i + 1]) return true;
  }
  return false;
}

export function freeOfExceptions(p: PreparedLecturer, start: number, end: number): boolean {
  return !overlapsAny(p.exceptions, start, end);
}

export function freeOfBookings(p: PreparedLecturer, start: number, end: number): boolean {
  return !overlapsAny(p.bookings, start, end);
}

/** Lectures the lecturer may still take in the month (may be ≤ 0). */
export function monthCapLeft(lecturer: SolverLecturer, monthKey: string, extra = 0): number {
  return lecturer.maxLecturesPerMonth - (lecturer.bookedPerMonth[monthKey] ?? 0) - extra;
}

/** First failing static rule, in STATIC_RULES order, or null. */
export function firstStaticViolation(order: SolverOrder, p: PreparedLecturer): StaticRule | null {
  if (!teaches(order, p)) return 'teaches';
  if (!speaks(order, p)) return 'language';
  if (!offersFormat(order, p)) return 'format';
  if (!withinRadius(order, p.lecturer, orderTravelKm(order, p.lecturer))) return 'distance';
  if (!notDeclined(order, p.lecturer)) return 'declined';
  return null;
}

/** First failing rule among availability, exception, booking for the lecture [start, end), or null. */
export function firstTimeViolation(p: PreparedLecturer, start: number, end: number): 'availability' | 'exception' | 'booking' | null {
  if (!availableWeekly(p, start, end)) return 'availability';
  if (!freeOfExceptions(p, start, end)) return 'exception';
  if (!freeOfBookings(p, start, end)) return 'booking';
  return null;
}

/**
 * Every hard rule the lecturer would break by giving the order's lecture at `startsAt` (empty: the
 * lecturer may). For claims (抢单) and admin offers; the solver uses the same rule functions.
 */
export function checkEligibility(
  order: SolverOrder,
  lecturer: SolverLecturer,
  startsAt: number,
  context: EligibilityContext = {},
): Violation[] {
  const p = prepareLecturer(lecturer);
  const skip = new Set(context.skip ?? []);
  const end = startsAt + order.durationMinutes * MINUTE_MS;
  const km = orderTravelKm(order, lecturer);
  const monthKey = monthKeyOfIndex(localMonthIndex(startsAt));
  const failed: RuleCode[] = [];
  const check = (code: RuleCode, ok: () => boolean): void => {
    if (!skip.has(code) && !ok()) failed.push(code);
  };
  check('teaches', () => teaches(order, p));
  check('language', () => speaks(order, p));
  check('format', () => offersFormat(order, p));
  check('distance', () => withinRadius(order, lecturer, km));
  check('declined', () => notDeclined(order, lecturer));
  check('window', () => inWindow(order, startsAt));
  check('availability', () => availableWeekly(p, startsAt, end));
  check('exception', () => freeOfExceptions(p, startsAt, end));
  check('booking', () => freeOfBookings(p, startsAt, end) && !overlapsAny(sortIntervals(context.extraBookings ?? []), startsAt, end));
  check('monthly_cap', () => monthCapLeft(lecturer, monthKey, context.extraPerMonth?.[monthKey] ?? 0) > 0);
  return failed.map((code) => describeViolation(code, order, lecturer, { startsAt, km, monthKey }));
}

// ---- messages -----------------------------------------------------------------------------------

const LANGUAGE_ZH: Record<string, string> = { zh: '汉语', mn: '蒙古语' };
const LANGUAGE_EN: Record<string, string> = { zh: 'Chinese', mn: 'Mongolian' };
const FORMAT_ZH: Record<string, string> = { on_site: '现场授课', online: '线上授课', field: '现场教学', mobile: '流动课堂' };

export function languageName(code: string): { en: string; zh: string } {
  return { en: LANGUAGE_EN[code] ? `${LANGUAGE_EN[code]} (${code})` : code, zh: LANGUAGE_ZH[code] ?? code };
}

export function formatName(code: string): { en: string; zh: string } {
  return { en: code, zh: FORMAT_ZH[code] ?? code };
}

/** English and Chinese message of one violated rule for one lecturer. */
export function describeViolation(
  code: RuleCode,
  order: SolverOrder,
  lecturer: SolverLecturer,
  info: { startsAt?: number; km?: number; monthKey?: string } = {},
): Violation {
  const at = info.startsAt !== undefined ? formatLocal(info.startsAt) : '';
  const lang = languageName(order.language);
  const fmt = formatName(order.format);
  switch (code) {
    case 'teaches':
      return order.courseId !== null && order.courseId !== undefined
        ? { code, message: `does not give course ${order.title ? `“${order.title}”` : order.courseId}`, messageZh: '不是该课程的授课讲师' }
        : { code, message: `does not teach the topic ${order.topic}`, messageZh: `不讲授该专题（${order.topic}）` };
    case 'language':
      return { code, message: `does not lecture in ${lang.en}`, messageZh: `不能用${lang.zh}授课` };
    case 'format':
      return { code, message: `does not offer ${fmt.en} lectures`, messageZh: `不提供${fmt.zh}` };
    case 'distance': {
      const km = Math.round(info.km ?? travelKm(lecturer, order.branch));
      return {
        code,
        message: `the branch is ${km} km away, beyond the ${lecturer.travelRadiusKm} km travel radius`,
        messageZh: `距党组织${km}公里，超出${lecturer.travelRadiusKm}公里出行半径`,
      };
    }
    case 'declined':
      return { code, message: 'declined this order', messageZh: '已婉拒该订单' };
    case 'window':
      return { code, message: `${at} is outside the order's window`, messageZh: `${at}不在订单时间窗内` };
    case 'availability':
      return { code, message: `not available at ${at} (weekly availability)`, messageZh: `${at}不在每周可授课时间内` };
    case 'exception':
      return { code, message: `on leave or away at ${at}`, messageZh: `${at}请假或外出` };
    case 'booking':
      return { code, message: `already has a lecture (with travel) at ${at}`, messageZh: `${at}已有授课安排（含路程）` };
    case 'monthly_cap':
      return {
        code,
        message: `monthly cap of ${lecturer.maxLecturesPerMonth} lectures reached in ${info.monthKey ?? ''}`,
        messageZh: `${info.monthKey ?? ''}月授课已达上限${lecturer.maxLecturesPerMonth}场`,
      };
  }
}
