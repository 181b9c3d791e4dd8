/** Dates and times as people in Hulunbuir read and type them: Asia/Shanghai local time (UTC+8, no DST). */
import { DAY_MS, LOCAL_OFFSET_MS, localDate, localDay, localMidnight, weekdayOfDay } from '../../kernel/time.js';
import { pageText, texts } from '../../i18n/texts.js';

const pad = (n: number) => (n < 10 ? '0' : '') + n;
const local = (t: Date | string | number) => new Date(new Date(t).getTime() + LOCAL_OFFSET_MS);

/** '09:30' */
export function localTime(t: Date | string | number): string {
  const d = local(t);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** '3月4日 周三 09:30' — short enough for a phone's row (in the page's language). */
export function localDateTime(t: Date | string | number): string {
  const weekday = texts().weekday[weekdayOfDay(localDay(new Date(t).getTime()))];
  return `${shortDate(t)} ${weekday} ${localTime(t)}`;
}

/** '2026年3月4日' */
export function longDate(t: Date | string | number): string {
  const d = local(t);
  return pageText('date.full', { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() });
}

/** '3月4日' */
export function shortDate(t: Date | string | number): string {
  const d = local(t);
  return pageText('date.monthDay', { m: d.getUTCMonth() + 1, d: d.getUTCDate() });
}

/** A local date and time typed into a form, as the ISO instant the services take: '2026-03-04' + '09:30' → '2026-03-04T09:30:00+08:00'. */
export function instantOf(date: string, time = '00:00'): string {
  return `${date}T${time}:00+08:00`;
}

/** Today's local date, days from now: '2026-03-04'. */
export function localDateIn(days: number, now: number): string {
  return localDate(now + days * DAY_MS);
}

/** The Monday (local) of the week holding `t`, as a local day number. */
export function mondayOf(t: number): number {
  const day = localDay(t);
  return day - (weekdayOfDay(day) - 1);
}

/** One local day of a week view: its date, weekday label and [start, end) instants. */
export interface WeekDay {
  date: string;
  label: string;
  start: number;
  end: number;
  today: boolean;
}

export function weekDays(monday: number, now: number): WeekDay[] {
  return Array.from({ length: 7 }, (_, i) => {
    const start = localMidnight(monday + i);
    return {
      date: localDate(start),
      label: `${texts().weekday[i + 1]} ${localDate(start).slice(5).replace('-', '/')}`,
      start,
      end: start + DAY_MS,
      today: localDay(now) === monday + i,
    };
  });
}

/** A local date 'YYYY-MM-DD' as the local day number, or undefined if it is not one. */
export function dayOfDate(date: string | undefined): number | undefined {
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const t = Date.parse(`${date}T00:00:00+08:00`);
  return Number.isNaN(t) ? undefined : localDay(t);
}

/** Minutes as people say them: 90 → '1小时30分钟'. */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h > 0 ? pageText('common.hours', { n: h }) : ''}${m > 0 || h === 0 ? pageText('common.minutes', { n: m }) : ''}`;
}
