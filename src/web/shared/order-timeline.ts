/** An order's way through 点单 → 派单 → 接单 → 授课 → 评单, as the status timeline and history log show it. */
import type { HistoryEntryView, OrderView } from '../../orders/orders.dto.js';
import type { PageTextKey } from '../../i18n/page-texts-zh.js';
import { pageText, texts } from '../../i18n/texts.js';
import {
  isPlatformReason,
  OFFER_EXPIRED_REASON,
  type OrderStatus,
  isSchedulingRunReason,
  TOUR_STOP_STRANDED_REASON,
} from '../../kernel/vocabulary.js';

export type StepState = 'done' | 'current' | 'todo' | 'stopped';

export interface TimelineStep {
  label: string;
  state: StepState;
  at?: string;
  note?: string;
}

export interface Timeline {
  steps: TimelineStep[];
  /** Set when the order was cancelled or rejected: the step it stopped at, when and why. */
  ended?: { status: OrderStatus; label: string; at: string; reason?: string };
}

const lastTo = (history: HistoryEntryView[], to: OrderStatus) => [...history].reverse().find((h) => h.to === to);

const REACHED: Partial<Record<OrderStatus, number>> = { pending: 0, offered: 1, accepted: 2, completed: 3 };

/** How far the order got: 0 placed, 1 dispatched, 2 accepted, 3 given, 4 rated; an ended order, as far as it got before it ended. */
function reached(order: OrderView): number {
  if (order.rating) return 4;
  const now = REACHED[order.status];
  if (now !== undefined) return now;
  const before = [...order.history].reverse().find((h) => h.to === order.status)?.from;
  return before ? (REACHED[before] ?? 0) : 0;
}

/** 点单 → 派单 → 接单 → 授课 → 评单 */
const STEPS: readonly PageTextKey[] = ['step.placed', 'step.offered', 'step.accepted', 'step.given', 'step.rated'];

export function orderTimeline(order: OrderView, now: number): Timeline {
  const begun = order.booking !== null && Date.parse(order.booking.startsAt) <= now;
  const accepted = lastTo(order.history, 'accepted');
  const offered = lastTo(order.history, 'offered');
  const claimed = accepted?.from === 'pending';
  const ended = order.status === 'cancelled' || order.status === 'rejected';
  const at: Array<string | undefined> = [
    order.history[0]?.at ?? order.createdAt,
    claimed ? accepted?.at : offered?.at,
    accepted?.at,
    order.completion?.startedAt,
    order.rating?.ratedAt,
  ];
  const notes: Array<string | undefined> = [
    undefined,
    claimed ? pageText('note.claimed') : order.status === 'pending' && !ended ? pageText('note.awaitOffer') : undefined,
    order.status === 'offered' ? pageText('note.awaitAnswer') : undefined,
    order.completion
      ? pageText('common.personTimes', { n: order.completion.attendance })
      : order.status === 'accepted'
        ? pageText(begun ? 'note.awaitReport' : 'note.awaitLecture')
        : undefined,
    order.rating
      ? pageText('common.points', { n: order.rating.score })
      : order.status === 'completed'
        ? pageText('note.awaitRating')
        : undefined,
  ];
  const done = reached(order);
  const steps = STEPS.map((key, i): TimelineStep => {
    const label = pageText(key);
    const state: StepState = i <= done ? 'done' : i === done + 1 ? (ended ? 'stopped' : 'current') : 'todo';
    return {
      label,
      state,
      ...(state === 'done' && at[i] ? { at: at[i] } : {}),
      ...(notes[i] && state !== 'todo' ? { note: notes[i] } : {}),
    };
  });
  if (!ended) return { steps };
  const last = lastTo(order.history, order.status);
  return {
    steps,
    ended: {
      status: order.status,
      label: texts().status[order.status],
      at: last?.at ?? order.updatedAt,
      ...(last?.reason ? { reason: last.reason } : {}),
    },
  };
}

/** One history entry in words: what happened, and why when someone said. */
export function describeHistory(h: HistoryEntryView): string {
  const key = historyKey(h);
  if (key) return pageText(key);
  const { status } = texts();
  return `${h.from ? status[h.from] : ''} → ${status[h.to]}`;
}

/** The platform's words for a step it knows; undefined for a step it has no words for. */
function historyKey(h: HistoryEntryView): PageTextKey | undefined {
  if (h.from === null) return 'hist.placed';
  if (h.to === 'offered') return h.reason !== undefined && isSchedulingRunReason(h.reason) ? 'hist.offeredRun' : 'hist.offered';
  // A tour's stop sent back (booked, or its offer withdrawn): the stop before fell away, nobody declined it.
  if (h.to === 'pending' && h.reason === TOUR_STOP_STRANDED_REASON) return 'hist.tourStopDropped';
  if (h.from === 'offered' && h.to === 'pending') return h.reason === OFFER_EXPIRED_REASON ? 'hist.expired' : 'hist.declined';
  if (h.to === 'accepted') return h.from === 'pending' ? 'hist.claimed' : 'hist.accepted';
  if (h.to === 'completed') return 'hist.completed';
  if (h.to === 'rejected') return 'hist.rejected';
  if (h.to === 'cancelled') return h.from === 'completed' ? 'hist.uncompleted' : 'hist.cancelled';
  return undefined;
}

/** The reason as people wrote it; the platform's own reasons are described by `describeHistory` instead. */
export function historyReason(h: HistoryEntryView): string | undefined {
  return h.reason && !isPlatformReason(h.reason) ? h.reason : undefined;
}
