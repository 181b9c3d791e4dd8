import type { OrderView } from './orders.dto.js';
import { seenByLecturer } from './order-view.js';
import { OFFER_EXPIRED_REASON } from '../kernel/vocabulary.js';

const entry = (over: object) => ({ at: '2026-12-05T01:00:00.000Z', actorId: 'acc-1', from: 'offered', to: 'pending', ...over });
const view = (history: object[]) => ({ id: 'o1', status: 'pending', history }) as unknown as OrderView;

describe(seenByLecturer.name, () => {
  const order = view([
    entry({ from: null, to: 'pending', reason: undefined }),
    entry({ lecturerId: 'l-other', reason: '家人住院' }),
    entry({ lecturerId: 'l-me', reason: '那天在外地' }),
    entry({ reason: '管理员撤回' }),
  ]);

  it("leaves out the reason of another lecturer's entry, and keeps the reader's own and the office's", () => {
    const seen = seenByLecturer(order, 'l-me');
    expect(JSON.parse(JSON.stringify(seen.history)).map((h: { reason?: string }) => h.reason)).toEqual([
      undefined,
      undefined,
      '那天在外地',
      '管理员撤回',
    ]);
    expect(seen.history[1]).toMatchObject({ lecturerId: 'l-other', to: 'pending' });
  });

  it("keeps the platform's reason on another lecturer's entry: an offer that expired is not read as declined", () => {
    const seen = seenByLecturer(view([entry({ lecturerId: 'l-other', actorId: null, reason: OFFER_EXPIRED_REASON })]), 'l-me');
    expect(seen.history[0]?.reason).toBe(OFFER_EXPIRED_REASON);
  });

  it('gives back the same view when nothing is to be left out', () => {
    const own = view([entry({ lecturerId: 'l-me', reason: '那天在外地' })]);
    expect(seenByLecturer(own, 'l-me')).toBe(own);
  });
});
