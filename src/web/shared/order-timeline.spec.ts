import type { HistoryEntryView, OrderView } from '../../orders/orders.dto.js';
import { TOUR_STOP_STRANDED_REASON } from '../../kernel/vocabulary.js';
import { describeHistory, historyReason, orderTimeline } from './order-timeline.js';

const h = (from: HistoryEntryView['from'], to: HistoryEntryView['to'], reason?: string): HistoryEntryView => ({
  at: '2026-03-01T01:00:00.000Z',
  actorId: null,
  from,
  to,
  ...(reason ? { reason } : {}),
});

function order(status: OrderView['status'], history: HistoryEntryView[], extra: Partial<OrderView> = {}): OrderView {
  return {
    id: 'o',
    branchId: 'b',
    courseId: null,
    topic: 'policy',
    title: 't',
    format: 'online',
    earliestStart: '',
    latestStart: '',
    durationMinutes: 90,
    expectedAudience: 30,
    language: 'mn',
    preferredLecturerId: null,
    notes: null,
    status,
    offer: null,
    offerExpiresAt: null,
    booking: null,
    completion: null,
    rating: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-02T00:00:00.000Z',
    history,
    ...extra,
  };
}

const NOW = Date.parse('2026-03-05T00:00:00.000Z');
const states = (o: OrderView) =>
  orderTimeline(o, NOW)
    .steps.map((s) => `${s.label}:${s.state}`)
    .join(' ');

describe(orderTimeline.name, () => {
  it('shows a new order waiting for dispatch', () => {
    expect(states(order('pending', [h(null, 'pending')]))).toBe('点单:done 派单:current 接单:todo 授课:todo 评单:todo');
  });

  it('puts an order whose offer was declined back to waiting for dispatch', () => {
    const o = order('pending', [h(null, 'pending'), h('pending', 'offered'), h('offered', 'pending', '那天在外地')]);
    expect(states(o)).toBe('点单:done 派单:current 接单:todo 授课:todo 评单:todo');
  });

  it('marks a claimed order as dispatched by the lecturer themself', () => {
    const o = order('accepted', [h(null, 'pending'), h('pending', 'accepted')]);
    const t = orderTimeline(o, NOW);
    expect(states(o)).toBe('点单:done 派单:done 接单:done 授课:current 评单:todo');
    expect(t.steps[1].note).toBe('讲师抢单');
  });

  it('waits for the lecture until it begins, then for its report', () => {
    const booked = (startsAt: string) =>
      order('accepted', [h(null, 'pending'), h('pending', 'accepted')], {
        booking: { lecturerId: 'l', startsAt, endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString() },
      });
    expect(orderTimeline(booked('2026-03-06T01:00:00.000Z'), NOW).steps[3].note).toBe('等待授课');
    expect(orderTimeline(booked('2026-03-04T01:00:00.000Z'), NOW).steps[3].note).toBe('已开讲，等待讲师报告');
  });

  it('waits for the rating once the lecture is given, and completes with it', () => {
    const history = [h(null, 'pending'), h('pending', 'offered'), h('offered', 'accepted'), h('accepted', 'completed')];
    const completion = { attendance: 42, startedAt: '2026-03-05T01:00:00.000Z', summary: 's', completedAt: '2026-03-05T03:00:00.000Z' };
    expect(states(order('completed', history, { completion }))).toBe('点单:done 派单:done 接单:done 授课:done 评单:current');
    const rated = order('completed', history, { completion, rating: { score: 5, comment: null, ratedAt: '2026-03-06T00:00:00.000Z' } });
    expect(states(rated)).toBe('点单:done 派单:done 接单:done 授课:done 评单:done');
  });

  it('stops a cancelled order where it was, with the reason', () => {
    const o = order('cancelled', [h(null, 'pending'), h('pending', 'offered'), h('offered', 'cancelled', '活动改期')]);
    const t = orderTimeline(o, NOW);
    expect(states(o)).toBe('点单:done 派单:done 接单:stopped 授课:todo 评单:todo');
    expect(t.ended).toMatchObject({ status: 'cancelled', label: '已取消', reason: '活动改期' });
  });
});

describe(describeHistory.name, () => {
  it('tells an expired offer from a declined one', () => {
    expect(describeHistory(h('offered', 'pending', 'offer expired'))).toBe('派单超时未答复，退回待派单');
    expect(describeHistory(h('offered', 'pending', '在外地'))).toBe('讲师谢绝，退回待派单');
  });

  it("says why a tour's stop went back to the queue, and shows the platform's reason only in those words", () => {
    const dropped = h('accepted', 'pending', TOUR_STOP_STRANDED_REASON);
    expect(describeHistory(dropped)).toBe('巡回宣讲的前一站已不在讲师行程中，讲师无法从住地前往本站，退回待派单');
    expect(historyReason(dropped)).toBeUndefined();
  });

  it("says so of a tour stop's offer withdrawn too, not that the lecturer declined it", () => {
    expect(describeHistory(h('offered', 'pending', TOUR_STOP_STRANDED_REASON))).toBe(
      '巡回宣讲的前一站已不在讲师行程中，讲师无法从住地前往本站，退回待派单',
    );
  });
});
