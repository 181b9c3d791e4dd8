import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DAY_MS, LOCAL_OFFSET_MS } from '../kernel/time.js';
import { validationFailed } from './domain-error.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * An ISO 8601 date-time's time and offset: seconds optional, and up to nine fraction digits (a client's clock may
 * give microseconds, as Python's does, or nanoseconds, as Java's Instant does); kept to the millisecond.
 */
const TIME = String.raw`T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?`;
/** UTC, or an offset the world's clocks use: −14:00 to +14:00 (a +15:00 is a typo, not a time zone). */
const OFFSET = String.raw`(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)`;
/** A date-time with an offset: a point in time. */
export const INSTANT_PATTERN = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}${TIME}${OFFSET}$`);
/** A period's bound: a date, or a date-time whose offset, left out, is the business time zone's. */
const DATE_OR_DATETIME = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}(${TIME}${OFFSET}?)?$`);
const ENDS_WITH_OFFSET = new RegExp(`${OFFSET}$`);

/** A period's bound as typed: a calendar date (Asia/Shanghai) or an ISO date-time (periodInstant reads it). */
export function IsPeriodBound(): PropertyDecorator {
  return Matches(DATE_OR_DATETIME, {
    message: (args) => `${args.property} must be YYYY-MM-DD or an ISO date-time, e.g. 2026-06-01T09:00:00+08:00`,
  });
}

/** A date-time typed without an offset is Asia/Shanghai local time (Date.parse would take the machine's zone). */
const withOffset = (value: string): string => (DATE_ONLY.test(value) || ENDS_WITH_OFFSET.test(value) ? value : `${value}+08:00`);

/** `?from=&to=`: calendar dates in Asia/Shanghai (both inclusive) or full ISO date-times (without an offset: Asia/Shanghai). */
export class PeriodQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'YYYY-MM-DD (Asia/Shanghai, inclusive) or ISO date-time' })
  @IsOptional()
  @IsPeriodBound()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'YYYY-MM-DD (Asia/Shanghai, inclusive) or ISO date-time' })
  @IsOptional()
  @IsPeriodBound()
  to?: string;
}

/** Whether a period bound is a calendar date alone (YYYY-MM-DD), not a date-time. */
export const isDate = (value: string): boolean => DATE_ONLY.test(value);

/**
 * The instants the platform stores: years 1000 to 9999 (PostgreSQL has no year 0; JavaScript writes 10000 as +010000-…),
 * from the first day of 1000 in China, which begins in 999 in UTC.
 */
const EARLIEST_MS = Date.UTC(1000, 0, 1) - LOCAL_OFFSET_MS;
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/**
 * Whether an ISO date or date-time (already of the right shape) names a real day and an instant the
 * platform stores: Date.parse would quietly move 2026-02-30 to March and accept year 0.
 */
export function isRealInstant(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return false;
  // A date alone is the local day, whole (Date.UTC would read the years 0-99 as 1900-1999).
  const dateOnly = DATE_ONLY.test(value);
  const t = Date.parse(dateOnly ? `${value}T00:00:00+08:00` : withOffset(value));
  return t >= EARLIEST_MS && t + (dateOnly ? DAY_MS : 0) <= LATEST_MS + 1;
}

/**
 * The instant a period's bound means: a date alone is its local day's start (`endOfDay`: the next day's start,
 * the day being inclusive), a date-time itself; not a real calendar instant is a 400 naming `field`.
 */
export function periodInstant(value: string, field: string, endOfDay: boolean): Date {
  if (!isRealInstant(value))
    throw validationFailed([{ field, message: `${field} is not a calendar date between the years 1000 and 9999` }]);
  if (DATE_ONLY.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    const midnight = Date.UTC(y, m - 1, d) - LOCAL_OFFSET_MS;
    return new Date(endOfDay ? midnight + DAY_MS : midnight);
  }
  return new Date(withOffset(value));
}

/**
 * The half-open instant range [from, to) a period query means, both of its bounds inclusive as the API says: a
 * date `to` takes in its whole day, a date-time `to` its own instant (the range ends a millisecond after it, the
 * finest time a Date holds). `to` before `from` is a 400.
 */
export function resolvePeriod(q: PeriodQuery): { from?: Date; to?: Date } {
  const from = q.from === undefined ? undefined : periodInstant(q.from, 'from', false);
  const end = q.to === undefined ? undefined : periodInstant(q.to, 'to', true);
  const to = end && q.to !== undefined && !isDate(q.to) ? new Date(end.getTime() + 1) : end;
  if (from && to && to <= from) throw validationFailed([{ field: 'to', message: 'to must not be before from' }]);
  return { from, to };
}
