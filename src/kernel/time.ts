/**
 * Local time of the platform: Asia/Shanghai, UTC+8 all year (China has no daylight saving time),
 * so local calendar arithmetic is plain integer arithmetic on epoch milliseconds.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The platform's time zone, by name (for PostgreSQL's AT TIME ZONE and iCalendar's TZID). */
export const LOCAL_TIME_ZONE = 'Asia/Shanghai';
/** Asia/Shanghai offset from UTC. */
export const LOCAL_OFFSET_MS = 8 * HOUR_MS;
/** SQL: the local (Asia/Shanghai) wall-clock time of a timestamptz expression, or the instant of a local timestamp. */
export const atLocalSql = (expr: string): string => `${expr} AT TIME ZONE '${LOCAL_TIME_ZONE}'`;

/** Local day number: days since 1970-01-01 (local). */
export function localDay(t: number): number {
  return Math.floor((t + LOCAL_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight starting local day `day`. */
export function localMidnight(day: number): number {
  return day * DAY_MS - LOCAL_OFFSET_MS;
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Minutes since local midnight of the instant's local day. */
export function localMinuteOfDay(t: number): number {
  return Math.floor((t - localMidnight(localDay(t))) / MINUTE_MS);
}

/** Local month as a number: year × 12 + (month − 1). */
export function localMonthIndex(t: number): number {
  const d = new Date(t + LOCAL_OFFSET_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** 'YYYY-MM' of a month index from {@link localMonthIndex}. */
export function monthKeyOfIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}`;
}

/** Local month 'YYYY-MM' of an instant. */
export function monthKeyOf(t: number): string {
  return monthKeyOfIndex(localMonthIndex(t));
}

/** Parses a local 'HH:MM' (00:00 … 24:00) into minutes since midnight; throws on anything else. */
export function parseHm(value: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!m) throw new RangeError(`invalid time of day "${value}", expected HH:MM`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const total = h * 60 + min;
  if (min > 59 || total > 24 * 60) throw new RangeError(`invalid time of day "${value}"`);
  return total;
}

/** 'YYYY-MM-DD HH:MM' local, for messages. */
export function formatLocal(t: number): string {
  const d = new Date(t + LOCAL_OFFSET_MS);
  const p = (n: number): string => (n < 10 ? '0' : '') + n;
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** The Asia/Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(t: Date | string | number): string {
  return new Date(new Date(t).getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}
