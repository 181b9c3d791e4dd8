import type { OrderStatus } from '../kernel/vocabulary.js';

/**
 * The order lifecycle (点单 → 派单 → 接单 → 授课 → 评单) as data: which action moves an order from
 * which states to which. Pure, so that every rule about states lives here and is unit-tested.
 */
export const TRANSITIONS = {
  offer: { from: ['pending'], to: 'offered' },
  acceptOffer: { from: ['offered'], to: 'accepted' },
  claim: { from: ['pending'], to: 'accepted' },
  decline: { from: ['offered'], to: 'pending' },
  expireOffer: { from: ['offered'], to: 'pending' },
  // A tour's later stop beyond the radius from home, booked or offered, whose stop before left the lecturer's way:
  // back to the queue.
  dropFromTour: { from: ['accepted', 'offered'], to: 'pending' },
  cancel: { from: ['pending', 'offered', 'accepted'], to: 'cancelled' },
  reject: { from: ['pending'], to: 'rejected' },
  complete: { from: ['accepted'], to: 'completed' },
  // A correction: an admin cancels a lecture reported done that was found to be false.
  retract: { from: ['completed'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;

export type OrderAction = keyof typeof TRANSITIONS;

export function canTransition(status: OrderStatus, action: OrderAction): boolean {
  return (TRANSITIONS[action].from as readonly OrderStatus[]).includes(status);
}

/** An offer past its expiry, still waiting to be returned to the queue (the `expireOffer` transition). */
export function offerIsDue(order: { status: OrderStatus; offerExpiresAt: Date | null }, now: number): boolean {
  return order.status === 'offered' && order.offerExpiresAt !== null && order.offerExpiresAt.getTime() <= now;
}

/**
 * When an offer made at `offeredAt` expires: after the answer window, or when the lecture would begin if that is
 * sooner (an answer after the start helps nobody, and the order should be back in the queue by then). An offer of
 * a start already past is an office recording a lecture given: its lecturer has the whole window to confirm it.
 */
export function offerExpiresAt(offeredAt: number, startsAt: Date, answerWindowMs: number): Date {
  const windowEnd = offeredAt + answerWindowMs;
  const start = startsAt.getTime();
  return new Date(start > offeredAt ? Math.min(windowEnd, start) : windowEnd);
}

export function nextStatus(action: OrderAction): OrderStatus {
  return TRANSITIONS[action].to;
}
