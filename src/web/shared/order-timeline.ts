/** An order's way through 点单 → 派单 → 接单 → 授课 → 评单, as the status timeline and history log show it. */
import type { HistoryEntryView, OrderView } from '../../orders/orders.dto.js';
import { STATUS_ZH } from '../../i18n/labels-zh.js';
import type { OrderStatus } from '../../kernel/vocabulary.js';

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

export function orderTimeline(order: OrderView): Timeline {
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
    claimed ? '讲师抢单' : order.status === 'pending' && !ended ? '等待组织部门派单' : undefined,
    order.status === 'offered' ? '等待讲师答复' : undefined,
    order.completion ? `${order.completion.attendance} 人次` : order.status === 'accepted' ? '等待授课' : undefined,
    order.rating ? `${order.rating.score} 分` : order.status === 'completed' ? '等待党支部评单' : undefined,
  ];
  const done = reached(order);
  const labels = ['点单', '派单', '接单', '授课', '评单'];
  const steps = labels.map((label, i): TimelineStep => {
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
      label: STATUS_ZH[order.status],
      at: last?.at ?? order.updatedAt,
      ...(last?.reason ? { reason: last.reason } : {}),
    },
  };
}

/** One history entry in words: what happened, and why when someone said. */
export function describeHistory(h: HistoryEntryView): string {
  if (h.from === null) return '党支部点单';
  if (h.to === 'offered') return h.reason?.startsWith('scheduling run') ? '派单（自动派单计算）' : '派单给讲师';
  if (h.from === 'offered' && h.to === 'pending')
    return h.reason === 'offer expired' ? '派单超时未答复，退回待派单' : '讲师谢绝，退回待派单';
  if (h.to === 'accepted') return h.from === 'pending' ? '讲师抢单' : '讲师接单';
  if (h.to === 'completed') return '讲师报告授课完成';
  if (h.to === 'rejected') return '组织部门驳回';
  if (h.to === 'cancelled') return h.from === 'completed' ? '组织部门更正：撤销已完成的授课' : '订单取消';
  return `${h.from ? STATUS_ZH[h.from] : ''} → ${STATUS_ZH[h.to]}`;
}

/** The reason as people wrote it; the platform's own reasons are described by `describeHistory` instead. */
export function historyReason(h: HistoryEntryView): string | undefined {
  if (!h.reason || h.reason === 'offer expired' || h.reason.startsWith('scheduling run')) return undefined;
  return h.reason;
}
