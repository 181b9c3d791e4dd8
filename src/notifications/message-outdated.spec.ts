import { type MessageSubject, outdatedBecause } from './message-outdated.js';

const NOW = Date.parse('2026-12-05T23:00:00Z');
const LATER = new Date(NOW + 3_600_000);
const EARLIER = new Date(NOW - 3_600_000);
const subject = (s: Partial<MessageSubject>): MessageSubject => ({
  status: 'pending',
  offeredToRecipient: false,
  offerExpiresAt: null,
  lectureStartsAt: null,
  rated: false,
  ...s,
});

describe('outdatedBecause', () => {
  const openOffer = subject({ status: 'offered', offeredToRecipient: true, offerExpiresAt: LATER });

  it.each(['order.offered', 'order.offer_expiring'] as const)('keeps %s while the offer is open to the recipient', (event) => {
    expect(outdatedBecause(event, openOffer, NOW)).toBeUndefined();
  });

  it.each([
    ['answered', subject({ status: 'accepted', lectureStartsAt: LATER })],
    ['made to another lecturer', { ...openOffer, offeredToRecipient: false }],
    ['expired, not yet taken back', { ...openOffer, offerExpiresAt: EARLIER }],
    ['taken back', subject({ status: 'pending' })],
  ])('drops an offer that was %s', (_, s) => {
    expect(outdatedBecause('order.offer_expiring', s, NOW)).toMatch(/offer is no longer open/);
  });

  it('keeps a reminder of a booked lecture still to come, and drops one of a lecture begun or cancelled', () => {
    expect(outdatedBecause('lecture.reminder', subject({ status: 'accepted', lectureStartsAt: LATER }), NOW)).toBeUndefined();
    expect(outdatedBecause('lecture.reminder', subject({ status: 'accepted', lectureStartsAt: EARLIER }), NOW)).toMatch(/begun/);
    expect(outdatedBecause('lecture.reminder', subject({ status: 'cancelled' }), NOW)).toMatch(/no longer booked/);
  });

  it('keeps a report due until the lecture is reported', () => {
    expect(outdatedBecause('lecture.report_due', subject({ status: 'accepted', lectureStartsAt: EARLIER }), NOW)).toBeUndefined();
    expect(outdatedBecause('lecture.report_due', subject({ status: 'completed' }), NOW)).toMatch(/reported/);
  });

  it('keeps the request to rate until the lecture is rated', () => {
    expect(outdatedBecause('order.completed', subject({ status: 'completed' }), NOW)).toBeUndefined();
    expect(outdatedBecause('order.completed', subject({ status: 'completed', rated: true }), NOW)).toMatch(/rated/);
  });

  it.each(['order.placed', 'order.accepted', 'order.cancelled', 'order.rejected', 'order.rated'] as const)(
    'never drops %s, which only tells what happened',
    (event) => {
      expect(outdatedBecause(event, subject({ status: 'cancelled', rated: true }), NOW)).toBeUndefined();
    },
  );
});
