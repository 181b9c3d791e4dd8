import { canTransition, nextStatus, offerExpiresAt, offerIsDue, type OrderAction, TRANSITIONS } from './order-state-machine.js';
import { ORDER_STATUSES, type OrderStatus } from '../kernel/vocabulary.js';

describe('order state machine', () => {
  const allowed: Array<[OrderStatus, OrderAction, OrderStatus]> = [
    ['pending', 'offer', 'offered'],
    ['offered', 'acceptOffer', 'accepted'],
    ['pending', 'claim', 'accepted'],
    ['offered', 'decline', 'pending'],
    ['offered', 'expireOffer', 'pending'],
    ['accepted', 'dropFromTour', 'pending'],
    ['offered', 'dropFromTour', 'pending'],
    ['pending', 'cancel', 'cancelled'],
    ['offered', 'cancel', 'cancelled'],
    ['accepted', 'cancel', 'cancelled'],
    ['pending', 'reject', 'rejected'],
    ['accepted', 'complete', 'completed'],
    ['completed', 'retract', 'cancelled'],
  ];

  it.each(allowed)('allows %s --%s--> %s', (from, action, to) => {
    expect(canTransition(from, action)).toBe(true);
    expect(nextStatus(action)).toBe(to);
  });

  it('allows nothing else', () => {
    const allowedKeys = new Set(allowed.map(([from, action]) => `${from}:${action}`));
    for (const from of ORDER_STATUSES) {
      for (const action of Object.keys(TRANSITIONS) as OrderAction[]) {
        expect(canTransition(from, action)).toBe(allowedKeys.has(`${from}:${action}`));
      }
    }
  });

  // States an order never leaves (a completed one only by an admin's correction).
  it.each<OrderStatus>(['cancelled', 'rejected'])('never leaves %s', (status) => {
    for (const action of Object.keys(TRANSITIONS) as OrderAction[]) expect(canTransition(status, action)).toBe(false);
  });

  it('keeps a completed order from being cancelled, except by the correction of a false report', () => {
    expect(canTransition('completed', 'cancel')).toBe(false);
    expect(canTransition('completed', 'retract')).toBe(true);
  });

  it('finds an offer due for expiry only once its expiry has come', () => {
    const now = Date.parse('2026-12-01T09:00:00+08:00');
    const offer = (expiresAt: number | null, status: OrderStatus = 'offered') => ({
      status,
      offerExpiresAt: expiresAt === null ? null : new Date(expiresAt),
    });
    expect(offerIsDue(offer(now), now)).toBe(true);
    expect(offerIsDue(offer(now + 1), now)).toBe(false);
    expect(offerIsDue(offer(null), now)).toBe(false);
    expect(offerIsDue(offer(now - 1, 'pending'), now)).toBe(false);
  });

  describe(offerExpiresAt.name, () => {
    const offeredAt = Date.parse('2026-12-01T09:00:00+08:00');
    const window = 48 * 3600_000;

    it('gives the lecturer the whole answer window for a lecture after it', () => {
      const startsAt = new Date('2026-12-05T09:00:00+08:00');
      expect(offerExpiresAt(offeredAt, startsAt, window)).toEqual(new Date('2026-12-03T09:00:00+08:00'));
    });

    it('ends the answer window when the lecture would begin, for one that begins sooner', () => {
      const startsAt = new Date('2026-12-01T15:30:00+08:00');
      expect(offerExpiresAt(offeredAt, startsAt, window)).toEqual(startsAt);
    });

    it('gives the whole answer window to confirm a lecture whose start has passed (one recorded afterwards)', () => {
      const startsAt = new Date('2026-11-30T09:00:00+08:00');
      expect(offerExpiresAt(offeredAt, startsAt, window)).toEqual(new Date('2026-12-03T09:00:00+08:00'));
    });
  });
});
