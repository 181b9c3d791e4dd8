import { localDay, localMidnight, localMinuteOfDay, MINUTE_MS } from '../kernel/time.js';
import type { FieldError } from '../common/domain-error.js';

/** Quiet hours in minutes after local midnight (Asia/Shanghai); `from` after `to` spans midnight; equal: none. */
export interface QuietHours {
  from: number;
  to: number;
}

/** 22:00–07:00: nobody gets an SMS or e-mail at night unless they choose otherwise. */
export const DEFAULT_QUIET_HOURS: QuietHours = { from: 22 * 60, to: 7 * 60 };

/** When quiet hours holding `now` end (an instant), or undefined when `now` is not within them. */
export function quietUntil(now: number, quiet: QuietHours): number | undefined {
  const { from, to } = quiet;
  if (from === to) return undefined;
  const minute = localMinuteOfDay(now);
  const within = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!within) return undefined;
  const today = localDay(now);
  // Before `to` today (an early-morning part, or a same-day span), else `to` tomorrow.
  const day = minute < to ? today : today + 1;
  return localMidnight(day) + to * MINUTE_MS;
}

const END_OF_DAY = 24 * 60;

/**
 * Why quiet hours cannot be kept as given: 24:00 only ends them, and quiet all day long (00:00–24:00) would hold
 * every SMS and e-mail until a midnight that never ends it (they went out at 00:00) — turning the channels off says that.
 */
export function quietHoursProblems(quiet: QuietHours): FieldError[] {
  if (quiet.from === END_OF_DAY) return [{ field: 'quietHours.from', message: 'from must be before 24:00, which only ends quiet hours' }];
  if (quiet.from === 0 && quiet.to === END_OF_DAY)
    return [{ field: 'quietHours', message: 'quiet hours must not last the whole day: turn SMS and e-mail off instead' }];
  return [];
}
