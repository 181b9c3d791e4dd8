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
 *  - availability: the whole lecture [start, start + duration) lies inside the weekly availability:
 *                  in one window of that local weekday, or in windows that touch (12:00–14:00 then
 *                  14:00–18:00; `to: "24:00"`, the end of the day, touches the next day's "00:00");
 *  - exception:    it overlaps no dated exception (leave, trip);
 *  - booking:      the lecture with its own travel before and after (on-site: the drive from home at the
 *                  lecturer's travelSpeedKmh, as its booking will block it) overlaps no existing booking
 *                  (each of which includes its own travel);
 *  - monthly_cap:  the lecturer has fewer than maxLecturesPerMonth lectures booked in that month.
 * The first five depend on the (order, lecturer) pair only ("static"); the rest on the time too.
 * The order of the lists below is the order in which failures are reported (first failing rule).
 */
import { bookingDriveMinutes, travelKm } from '../../kernel/geo.js';
import { isOnSite } from '../../kernel/vocabulary.js';
import { localDay, localMidnight, localMonthIndex, monthKeyOfIndex, parseHm, weekdayOfDay, MINUTE_MS } from '../../kernel/time.js';
import type { BookingInterval, OrderAsked, RuleCode, SolverLecturer, SolverOrder, StaticRule, TimeRule, Violation } from './types.js';

export type { RuleCode, StaticRule, TimeRule } from './types.js';

export const STATIC_RULES: readonly StaticRule[] = ['teaches', 'language', 'format', 'distance', 'declined'];
export const TIME_RULES: readonly TimeRule[] = ['window', 'availability', 'exception', 'booking', 'monthly_cap'];
export const RULES: readonly RuleCode[] = [...STATIC_RULES, ...TIME_RULES];

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

/** How many of the intervals start before t (binary search on the sorted starts). */
function startedBefore(iv: SortedIntervals, t: number): number {
  let lo = 0;
  let hi = iv.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (iv.start[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether [a, b) overlaps any of the intervals (half-open: touching is no overlap). */
export function overlapsAny(iv: SortedIntervals, a: number, b: number): boolean {
  const n = startedBefore(iv, b);
  return n > 0 && iv.maxEnd[n - 1] > a;
}

const DAY_MINUTES = 24 * 60;

/** One day's windows ([from, to, …] in minutes) as the stretches they make: windows that overlap or touch are one. */
function mergedDay(windows: number[]): number[] {
  const pairs = Array.from({ length: windows.length / 2 }, (_, i) => [windows[2 * i], windows[2 * i + 1]]).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [from, to] of pairs) {
    if (out.length > 0 && from <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], to);
    else out.push(from, to);
  }
  return out;
}

/**
 * Each weekday's availability as stretches of time a lecture may fill: windows that overlap or touch are one
 * (09:00–12:00 and 12:00–15:00 take a lecture at 11:00), and a stretch that reaches 24:00 goes on into the next
 * day's stretch from 00:00, so a lecture may run past midnight. Ends are minutes after the weekday's own midnight
 * (past 1440 where a stretch goes on).
 */
function weeklyStretches(perDay: number[][]): Int32Array[] {
  const days = perDay.map(mergedDay);
  return days.map((day, d) => {
    const out = [...day];
    // Day after day while a stretch reaches midnight and the next day's begins at it (a week at most).
    for (let k = 1; k <= 7 && out.length > 0 && out[out.length - 1] === k * DAY_MINUTES; k++) {
      const next = days[(d + k) % 7];
      if (next.length === 0 || next[0] !== 0) break;
      out[out.length - 1] = k * DAY_MINUTES + next[1];
    }
    return Int32Array.from(out);
  });
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
    weekly: weeklyStretches(perDay),
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

/** The travel a booking of the lecture blocks before and after it, in ms: the drive `km` from home, none online. */
export function bookingTravelMs(order: SolverOrder, lecturer: SolverLecturer, km: number): number {
  return bookingDriveMinutes(order.format, km, lecturer.travelSpeedKmh) * MINUTE_MS;
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

/** [start, end) lies inside one stretch of the lecturer's weekly availability that begins on start's local weekday. */
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
  return teaches(order, p) ? firstViolationOfTeacher(order, p, orderTravelKm(order, p.lecturer)) : 'teaches';
}

/**
 * First failing static rule of a lecturer known to teach the order (the solver's candidates), `km` from home to
 * its branch (orderTravelKm), or null.
 */
export function firstViolationOfTeacher(order: SolverOrder, p: PreparedLecturer, km: number): StaticRule | null {
  if (!speaks(order, p)) return 'language';
  if (!offersFormat(order, p)) return 'format';
  if (!withinRadius(order, p.lecturer, km)) return 'distance';
  if (!notDeclined(order, p.lecturer)) return 'declined';
  return null;
}

/** The rules `timeRuleSpans` measures, in its order (the order failures are reported in). */
export const SPAN_RULES = ['availability', 'exception', 'booking'] as const;
/** Numbers timeRuleSpans writes per start: the three spans, then the bookings' free time before the start. */
export const SPANS_PER_START = 4;

/**
 * The longest lecture from `start` that each of SPAN_RULES allows, in ms (≤ 0: none), written to out[at …
 * at + 2], and at out[at + 3] the longest free time before `start` that no booking overlaps: a lecture of d ms
 * (d > 0, whole ms) blocking t ms of travel either side (t ≥ 0) breaks 'availability' or 'exception' when their
 * span is below d, and 'booking' when d + t passes its span or t the time before — the same answers as
 * availableWeekly, freeOfExceptions and freeOfBookings, worked out once for every lecture from that start (the
 * batch solver's slots start at fixed times).
 */
export function timeRuleSpans(p: PreparedLecturer, start: number, out: Float64Array, at: number): void {
  out[at] = weeklySpanMs(p, start);
  out[at + 1] = freeSpanMs(p.exceptions, start);
  out[at + 2] = freeSpanMs(p.bookings, start);
  out[at + 3] = freeBeforeMs(p.bookings, start);
}

/** The longest [start − d, start) that overlaps none of the intervals: back to the latest end of those begun before `start`. */
function freeBeforeMs(iv: SortedIntervals, start: number): number {
  const n = startedBefore(iv, start);
  return n === 0 ? Infinity : start - iv.maxEnd[n - 1];
}

/** The longest [start, start + d) inside the weekly availability (availableWeekly). */
function weeklySpanMs(p: PreparedLecturer, start: number): number {
  const day = localDay(start);
  const fromMs = start - localMidnight(day);
  const w = p.weekly[weekdayOfDay(day) - 1];
  let span = 0;
  for (let i = 0; i < w.length; i += 2) if (w[i] * MINUTE_MS <= fromMs) span = Math.max(span, w[i + 1] * MINUTE_MS - fromMs);
  return span;
}

/**
 * The longest [start, start + d) that overlaps none of the intervals: up to the first start of those still
 * running after `start` — the first by start whose running maximum of ends passes it (overlapsAny).
 */
function freeSpanMs(iv: SortedIntervals, start: number): number {
  let lo = 0;
  let hi = iv.maxEnd.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (iv.maxEnd[mid] > start) hi = mid;
    else lo = mid + 1;
  }
  return lo < iv.start.length ? iv.start[lo] - start : Infinity;
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
  return violationsOf(order, prepareLecturer(lecturer), startsAt, context);
}

/**
 * For each order, the first of its `candidates` (starts, in the order preferred) at which the lecturer breaks no
 * hard rule; undefined where none passes. The lecturer is prepared once for them all (claims' suggestions: a page
 * of orders, each with its window's days and times to try).
 */
export function firstEligibleStarts(
  lecturer: SolverLecturer,
  asks: ReadonlyArray<{ order: SolverOrder; candidates: readonly number[] }>,
): Array<number | undefined> {
  const p = prepareLecturer(lecturer);
  return asks.map(({ order, candidates }) => candidates.find((at) => violationsOf(order, p, at, {}).length === 0));
}

function violationsOf(order: SolverOrder, p: PreparedLecturer, startsAt: number, context: EligibilityContext): Violation[] {
  const lecturer = p.lecturer;
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
  check('booking', () => {
    const travel = bookingTravelMs(order, lecturer, km);
    const [from, to] = [startsAt - travel, end + travel];
    return freeOfBookings(p, from, to) && !overlapsAny(sortIntervals(context.extraBookings ?? []), from, to);
  });
  check('monthly_cap', () => monthCapLeft(lecturer, monthKey, context.extraPerMonth?.[monthKey] ?? 0) > 0);
  return failed.map((code) => violationAt(code, order, lecturer, startsAt, monthKey));
}

// ---- the facts of a broken rule (the words are src/i18n's) -----------------------------------------

/** What the order asks for, as violations and reasons name it. */
export function orderAsked(order: SolverOrder): OrderAsked {
  return {
    courseId: order.courseId ?? null,
    title: order.title || null,
    topic: order.topic,
    language: order.language,
    format: order.format,
  };
}

/** A static rule the lecturer breaks for the order, with its facts. */
export function staticViolation(code: StaticRule, order: SolverOrder, lecturer: SolverLecturer): Extract<Violation, { code: StaticRule }> {
  switch (code) {
    case 'teaches': {
      const { courseId, title, topic } = orderAsked(order);
      return { code, params: { courseId, title, topic } };
    }
    case 'language':
      return { code, params: { language: order.language } };
    case 'format':
      return { code, params: { format: order.format } };
    case 'distance':
      return { code, params: { km: orderTravelKm(order, lecturer), travelRadiusKm: lecturer.travelRadiusKm } };
    case 'declined':
      return { code, params: {} };
  }
}

/** A rule the lecturer breaks by giving the order's lecture at `startsAt` (in local month `month`), with its facts. */
function violationAt(code: RuleCode, order: SolverOrder, lecturer: SolverLecturer, startsAt: number, month: string): Violation {
  switch (code) {
    case 'window':
    case 'availability':
    case 'exception':
    case 'booking':
      return { code, params: { startsAt } };
    case 'monthly_cap':
      return { code, params: { month, maxLecturesPerMonth: lecturer.maxLecturesPerMonth } };
    default:
      return staticViolation(code, order, lecturer);
  }
}
