/** The availability form: a weekly pattern (a few windows per weekday) and leave, to and from AvailabilityDto's shape. */
import type { Availability, AvailabilityException } from '../../kernel/availability.js';
import { formatLocal, localDate, localDay, localMidnight } from '../../kernel/time.js';
import { dayOfDate, instantOf } from '../shared/time-format.js';
import type { FormBody } from '../shared/form-fields.js';
import { texts } from '../../i18n/texts.js';

export interface AvailabilityForm {
  days: Array<{ weekday: number; label: string; windows: Array<{ from: string; to: string }> }>;
  /** Leave already recorded: posted back exactly as stored unless dropped (a refused form keeps the mark). */
  exceptions: Array<{ from: string; to: string; reason: string; fromDate: string; toDate: string; dropped: boolean }>;
  newLeave: NewLeave;
  /** Half-hour steps for the time selects, plus any stored time off the grid. */
  times: string[];
}

interface NewLeave {
  from: string;
  to: string;
  reason: string;
}

const HALF_HOURS = Array.from({ length: 49 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`);

/** Every value sent under a name, empty ones included, so that `from` and `to` pair up by position. */
function values(body: FormBody, name: string): string[] {
  return ([] as unknown[]).concat(body[name] ?? []).map((v) => (typeof v === 'string' ? v.trim() : ''));
}

type PostedLeave = AvailabilityException & { dropped: boolean };

/** The posted form as an availability, without the new leave row; the recorded leave with its marks for deletion. */
function postedAvailability(body: FormBody): { weekly: Availability['weekly']; leave: PostedLeave[] } {
  const weekly = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => {
    const tos = values(body, `w${weekday}to`);
    return values(body, `w${weekday}from`)
      .map((from, i) => ({ weekday, from, to: tos[i] ?? '' }))
      .filter((w) => w.from !== '' || w.to !== '');
  });
  const dropped = new Set(values(body, 'exDrop'));
  const [reasons, tos] = [values(body, 'exReason'), values(body, 'exTo')];
  const leave = values(body, 'exFrom').map((from, i) => ({
    from,
    to: tos[i] ?? '',
    ...(reasons[i] ? { reason: reasons[i] } : {}),
    dropped: dropped.has(String(i)),
  }));
  return { weekly, leave };
}

function newLeaveOf(body: FormBody): NewLeave {
  return { from: values(body, 'newFrom')[0] ?? '', to: values(body, 'newTo')[0] ?? '', reason: values(body, 'newReason')[0] ?? '' };
}

/** New leave in whole days: from the first day's start to the start of the day after the last. Text that is not a date goes on as typed, for validation to name. */
function leaveOf(leave: NewLeave): AvailabilityException {
  const lastDay = dayOfDate(leave.to);
  return {
    from: dayOfDate(leave.from) === undefined ? leave.from : instantOf(leave.from),
    to: lastDay === undefined ? leave.to : new Date(localMidnight(lastDay + 1)).toISOString(),
    ...(leave.reason ? { reason: leave.reason } : {}),
  };
}

/**
 * Where a refusal's fields are on the form: `weekly.3.to` is the end of that window, the `to` select of its day
 * (`w6to`), named with the day (周六) so the person finds it among seven; a window's field as a whole, both its
 * selects. Other fields stay as they are.
 */
export function weeklyControls(body: FormBody, fields: string[]): { names: string[]; days: string[] } {
  const { weekly } = postedAvailability(body);
  const found = fields.flatMap((field) => {
    const m = /^weekly\.(\d+)(?:\.(from|to))?$/.exec(field);
    const w = m === null ? undefined : weekly[Number(m[1])];
    if (m === null || w === undefined) return [];
    const names = m[2] === undefined ? [`w${w.weekday}from`, `w${w.weekday}to`] : [`w${w.weekday}${m[2]}`];
    return [{ names, day: texts().weekday[w.weekday] }];
  });
  return { names: [...new Set(found.flatMap((f) => f.names))], days: [...new Set(found.map((f) => f.day))] };
}

/** The new leave row's field by the part of an exception a refusal names. */
const NEW_LEAVE_FIELDS: Readonly<Record<string, string[]>> = { from: ['newFrom'], to: ['newTo'], reason: ['newReason'] };

/**
 * Where a refusal's fields are among the new leave row's: it is the last of the exceptions sent (after the
 * recorded leave kept), so `exceptions.<that>.to` is `newTo`, and the row as a whole both dates. The recorded rows
 * are not fields to correct (only to drop): nothing to mark there.
 */
export function newLeaveControls(body: FormBody, fields: string[]): string[] {
  const { exceptions } = availabilityOf(body);
  const added = newLeaveOf(body);
  if (added.from === '' && added.to === '') return [];
  const index = String(exceptions.length - 1);
  const names = fields.flatMap((field) => {
    const [root, i, part] = field.split('.');
    if (root !== 'exceptions' || i !== index) return [];
    if (part === undefined) return ['newFrom', 'newTo'];
    return NEW_LEAVE_FIELDS[part] ?? [];
  });
  return [...new Set(names)];
}

/** The form's content as the plain object AvailabilityDto validates. */
export function availabilityOf(body: FormBody): Availability {
  const { weekly, leave } = postedAvailability(body);
  const exceptions = leave.filter((e) => !e.dropped).map(({ dropped: _, ...e }) => e);
  const added = newLeaveOf(body);
  return { weekly, exceptions: added.from !== '' || added.to !== '' ? [...exceptions, leaveOf(added)] : exceptions };
}

/** What the form shows: the stored availability (or the one just posted, when it was refused), one spare window per day, one spare leave row. */
export function availabilityForm(stored: Availability, posted?: FormBody): AvailabilityForm {
  const a = posted
    ? postedAvailability(posted)
    : { weekly: stored.weekly, leave: stored.exceptions.map((e) => ({ ...e, dropped: false })) };
  const onGrid = new Set(HALF_HOURS);
  const times = [...HALF_HOURS, ...a.weekly.flatMap((w) => [w.from, w.to]).filter((t) => /^\d{2}:\d{2}$/.test(t) && !onGrid.has(t))].sort();
  const days = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    label: texts().weekday[weekday],
    windows: [...a.weekly.filter((w) => w.weekday === weekday).map(({ from, to }) => ({ from, to })), { from: '', to: '' }],
  }));
  // Stored ends are exclusive: leave to 3-08 00:00 reads as "to 3-07". Leave of part of a day (the API takes any instants)
  // shows its times, not a whole day that it is not.
  const readable = (t: string, end: boolean) => {
    const at = Date.parse(t);
    if (Number.isNaN(at)) return t;
    return at === localMidnight(localDay(at)) ? localDate(at - (end ? 1 : 0)) : formatLocal(at);
  };
  const exceptions = a.leave.map((e) => ({
    from: e.from,
    to: e.to,
    reason: e.reason ?? '',
    fromDate: readable(e.from, false),
    toDate: readable(e.to, true),
    dropped: e.dropped,
  }));
  return { days, exceptions, newLeave: posted ? newLeaveOf(posted) : { from: '', to: '', reason: '' }, times };
}
