/** The slot grid: day parts with fixed local start times. */
import { isOnSite, ON_SITE_FORMATS } from '../../kernel/vocabulary.js';
import { MINUTE_MS, localDay, localMidnight, parseHm } from '../../kernel/time.js';
import type { SlotModel, SolverOrder } from './types.js';

/** The default grid: on-site forms in the daytime (one a day), online lectures in the evening. */
export const DEFAULT_SLOT_MODEL: Readonly<SlotModel> = Object.freeze({
  parts: [
    { name: 'day', start: '09:00', formats: [...ON_SITE_FORMATS] },
    { name: 'evening', start: '19:30', formats: ['online'] },
  ],
});

export interface ParsedPart {
  name: string;
  /** Local minutes of the start. */
  start: number;
  /** Longest lecture that fits before the next part starts (minutes). */
  maxMinutes: number;
  formats: ReadonlySet<string>;
}

/**
 * Parts sorted by start. Throws unless starts are distinct times in [00:00, 24:00) and at most one
 * part holds on-site forms (the model's "one on-site lecture per lecturer per day").
 */
export function parseSlotModel(model: SlotModel): ParsedPart[] {
  if (!model || !Array.isArray(model.parts) || model.parts.length === 0) throw new RangeError('slot model needs at least one day part');
  const parts = model.parts
    .map((p) => ({ name: p.name, start: parseHm(p.start), formats: new Set(p.formats) }))
    .sort((a, b) => a.start - b.start);
  let onSite = 0;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].start >= 24 * 60) throw new RangeError(`day part ${parts[i].name} must start before 24:00`);
    if (i > 0 && parts[i].start === parts[i - 1].start)
      throw new RangeError(`day parts ${parts[i - 1].name} and ${parts[i].name} start at the same time`);
    if ([...parts[i].formats].some(isOnSite)) onSite++;
  }
  if (onSite > 1) throw new RangeError('at most one day part may hold on-site forms (one on-site lecture per lecturer per day)');
  return parts.map((p, i) => ({
    ...p,
    maxMinutes: (i + 1 < parts.length ? parts[i + 1].start : parts[0].start + 24 * 60) - p.start,
  }));
}

/** One candidate start time of an order: a (day, part) whose start lies in the window. */
export interface SlotTime {
  day: number;
  part: number;
  start: number;
}

/**
 * Calls `visit(day, partIndex, start)` for every slot start usable by the order: the start lies in
 * [earliestStart, latestStart], the part holds the order's format, and the lecture fits before the
 * next part starts. Returns how many.
 */
export function forEachSlotTime(
  order: SolverOrder,
  parts: readonly ParsedPart[],
  visit: (day: number, part: number, start: number) => void,
): number {
  let count = 0;
  if (!(order.latestStart >= order.earliestStart)) return 0;
  const first = localDay(order.earliestStart);
  const last = localDay(order.latestStart);
  for (let day = first; day <= last; day++) {
    const midnight = localMidnight(day);
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      if (!p.formats.has(order.format) || order.durationMinutes > p.maxMinutes) continue;
      const start = midnight + p.start * MINUTE_MS;
      if (start < order.earliestStart || start > order.latestStart) continue;
      visit(day, k, start);
      count++;
    }
  }
  return count;
}
