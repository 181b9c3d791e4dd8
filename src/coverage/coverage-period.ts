import { validationFailed } from '../common/domain-error.js';
import { periodInstant } from '../common/period.js';
import { DAY_MS, localDate } from '../kernel/time.js';

/** A period of whole Asia/Shanghai calendar days, both ends inclusive, as `YYYY-MM-DD`. */
export interface DayPeriod {
  from: string;
  to: string;
}

/**
 * Whether the days `from` to `to` (YYYY-MM-DD, inclusive) span at most `years` calendar years: `to` comes before the
 * same date `years` on (2026-01-01 to 2035-12-31 is ten years; to 2036-01-01 is a day more).
 */
export function withinYears(from: string, to: string, years: number): boolean {
  const endYear = Number(from.slice(0, 4)) + years;
  // dates compare as text while the year has four digits; no date of the platform reaches a year past 9999
  return endYear > 9999 || to < `${endYear}${from.slice(4)}`;
}

/** Whole days from `from` to `to` (dates); 0 when they are the same day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The days a coverage query means. Lectures count by the date they were given, so a period is whole
 * days: a date-time bound counts its Asia/Shanghai date, and two that name the same day are that day, whatever
 * their times. Unset, the period is the calendar year of the bound that is given, or this year (`now`'s) when
 * neither is. Impossible dates (`periodInstant`) and a last day before the first are a 400.
 */
export function resolveDayPeriod(q: { from?: string; to?: string }, now: Date): DayPeriod {
  const dayOf = (field: 'from' | 'to') => {
    const value = q[field];
    return value === undefined ? undefined : localDate(periodInstant(value, field, false));
  };
  const fromDay = dayOf('from');
  const toDay = dayOf('to');
  const year = (fromDay ?? toDay ?? localDate(now)).slice(0, 4);
  const period = { from: fromDay ?? `${(toDay ?? year).slice(0, 4)}-01-01`, to: toDay ?? `${year}-12-31` };
  for (const field of ['from', 'to'] as const) {
    // Four-digit years only (a date-time late on 9999-12-31 UTC is already in year 10000 in Shanghai).
    if (!/^\d{4}-/.test(period[field]) || period[field] < '1000') throw validationFailed([{ field, message: `${field} must fall in the years 1000 to 9999` }]);
  }
  if (period.to < period.from) throw validationFailed([{ field: 'to', message: 'to must not be before from' }]);
  return period;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/** The first day of the month after the one holding `day`. */
function nextMonthStart(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/**
 * A period cut into the whole months inside it (read from the monthly summary) and the days at either
 * end that do not fill a month (read from the facts themselves).
 */
export interface MonthSplit {
  /** First days of the first and the last whole month, inclusive; null when no month is whole. */
  months: { first: string; last: string } | null;
  /** At most two day ranges, inclusive. */
  days: DayPeriod[];
}

export function splitByMonths(period: DayPeriod): MonthSplit {
  const firstWhole = period.from === monthStart(period.from) ? period.from : nextMonthStart(period.from);
  // The month holding `to` is whole only when `to` is its last day.
  const afterTo = addDays(period.to, 1);
  const endWhole = afterTo === monthStart(afterTo) ? afterTo : monthStart(period.to);
  if (firstWhole >= endWhole) return { months: null, days: [period] };
  const days: DayPeriod[] = [];
  if (period.from < firstWhole) days.push({ from: period.from, to: addDays(firstWhole, -1) });
  if (endWhole <= period.to) days.push({ from: endWhole, to: period.to });
  return { months: { first: firstWhole, last: monthStart(addDays(endWhole, -1)) }, days };
}

/**
 * The period as `branch_reach` reads it: the years it touches, and two masks of 366 '0'/'1' characters
 * (character d stands for day d of a year, January 1 being 0): the days from `from` on in the first
 * year, and the days up to `to` in the last. Years in between count whole.
 */
export interface ReachMasks {
  firstYear: number;
  lastYear: number;
  fromMask: string;
  toMask: string;
}

export function reachMasks(period: DayPeriod): ReachMasks {
  const firstYear = Number(period.from.slice(0, 4));
  const lastYear = Number(period.to.slice(0, 4));
  const fromDay = daysBetween(`${period.from.slice(0, 4)}-01-01`, period.from);
  const toDay = daysBetween(`${period.to.slice(0, 4)}-01-01`, period.to);
  return { firstYear, lastYear, fromMask: '0'.repeat(fromDay) + '1'.repeat(366 - fromDay), toMask: '1'.repeat(toDay + 1) + '0'.repeat(366 - toDay - 1) };
}
