import { TZDate } from '@date-fns/tz';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { FORMAT_ZH, LANGUAGE_ZH, labelOf, TOPIC_ZH } from '../i18n/labels-zh.js';
import { LOCAL_OFFSET_MS, LOCAL_TIME_ZONE } from '../kernel/time.js';

/**
 * China keeps UTC+8 all year (no daylight saving since 1991), so the zone's definition is one fixed
 * STANDARD rule; written here rather than pulling in a database of every zone.
 */
export const SHANGHAI_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${LOCAL_TIME_ZONE}`,
  `X-LIC-LOCATION:${LOCAL_TIME_ZONE}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** A lecturer's words for the two statuses a feed shows: a completed order is a lecture given (已授课). */
const STATUS_LABELS: Record<string, string> = { accepted: '已接单', completed: '已授课' };

/** One booked lecture as the feed shows it. */
export interface CalendarLecture {
  orderId: string;
  title: string;
  topic: string;
  format: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  branchName: string;
  regionName: string;
  latitude: number;
  longitude: number;
  expectedAudience: number;
  language: string;
  notes: string | null;
  updatedAt: Date;
}

/** A lecture the feed's reader may not see (another banner's): only the time it takes. */
export interface BusyTime {
  busy: true;
  startsAt: Date;
  endsAt: Date;
}

/**
 * A TEXT value escaped as RFC 5545 (3.3.11) wants it. ical-generator escapes the events' texts but writes the
 * calendar's name as given, where a line break in a lecturer's name would start lines (a whole VEVENT) of its own.
 */
const icsText = (text: string): string => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');

/**
 * A lecturer's lectures as an iCalendar feed (RFC 5545), built with ical-generator: times in
 * Asia/Shanghai with its VTIMEZONE, one VEVENT per lecture (its order id as the UID, so a calendar app
 * updates rather than duplicates it), the branch as the place with its coordinates.
 */
export function lecturesCalendar(lecturerName: string, lectures: Array<CalendarLecture | BusyTime>): string {
  const calendar = ical({
    name: icsText(`草原先锋讲师 · ${lecturerName} 的授课安排`),
    prodId: { company: 'grassland-pioneer', product: 'lecturer-calendar', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: LOCAL_TIME_ZONE, generator: () => SHANGHAI_VTIMEZONE },
    ttl: 60 * 60,
  });
  for (const l of lectures) {
    if ('busy' in l) {
      calendar.createEvent({
        // Two lectures of one lecturer never start together: the start names a busy time without naming the order.
        id: `busy-${l.startsAt.getTime()}@grassland-pioneer`,
        start: new TZDate(l.startsAt.getTime(), LOCAL_TIME_ZONE),
        end: new TZDate(l.endsAt.getTime(), LOCAL_TIME_ZONE),
        timezone: LOCAL_TIME_ZONE,
        stamp: new TZDate(l.startsAt.getTime(), LOCAL_TIME_ZONE),
        summary: '忙碌（其他旗市区的授课）',
        status: ICalEventStatus.CONFIRMED,
      });
      continue;
    }
    const format = labelOf(FORMAT_ZH, l.format);
    calendar.createEvent({
      id: `${l.orderId}@grassland-pioneer`,
      // TZDate: ical-generator then writes the wall-clock time in Shanghai, whatever the server's own zone.
      start: new TZDate(l.startsAt.getTime(), LOCAL_TIME_ZONE),
      end: new TZDate(l.endsAt.getTime(), LOCAL_TIME_ZONE),
      timezone: LOCAL_TIME_ZONE,
      stamp: new TZDate(l.updatedAt.getTime(), LOCAL_TIME_ZONE),
      summary: `${l.title}（${format}）· ${l.branchName}`,
      location: { title: `${l.branchName}，${l.regionName}`, geo: { lat: l.latitude, lon: l.longitude } },
      description: [
        `党组织：${l.branchName}（${l.regionName}）`,
        `形式：${format}`,
        `主题：${labelOf(TOPIC_ZH, l.topic)}`,
        `预计人数：${l.expectedAudience}`,
        `语言：${labelOf(LANGUAGE_ZH, l.language)}`,
        `状态：${STATUS_LABELS[l.status] ?? l.status}`,
        ...(l.notes ? [`备注：${l.notes}`] : []),
      ].join('\n'),
      status: ICalEventStatus.CONFIRMED,
      categories: [{ name: format }],
    });
  }
  return withUtcStamps(calendar.toString());
}

/**
 * RFC 5545 wants DTSTAMP in UTC (`…Z`), but ical-generator writes it in the calendar's time zone, as Shanghai wall
 * time with no zone (the stamps are given as TZDates in that zone, so the digits are Shanghai's whatever the
 * server's own zone): each is rewritten as the UTC instant it names.
 */
function withUtcStamps(ics: string): string {
  return ics.replace(/^DTSTAMP:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\r$/gm, (_line, y, mo, d, h, mi, sec) => {
    const utc = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec) - LOCAL_OFFSET_MS);
    return `DTSTAMP:${utc.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z\r`;
  });
}
