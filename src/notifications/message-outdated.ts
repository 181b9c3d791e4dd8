import type { NotificationEvent } from '../kernel/notification-events.js';
import type { OrderStatus } from '../kernel/vocabulary.js';

/** The order a message is about, as it stands when the message could go out, seen from its recipient. */
export interface MessageSubject {
  status: OrderStatus;
  /** Whether the order's offer (if any) is to the recipient's lecturer. */
  offeredToRecipient: boolean;
  offerExpiresAt: Date | null;
  /** The start of the order's booked lecture, if one is booked. */
  lectureStartsAt: Date | null;
  rated: boolean;
}

/**
 * Why an SMS or e-mail asking its reader to act would ask in vain at `now`, if it would: an offer already answered,
 * withdrawn or expired, a reminder of a lecture begun or cancelled, a report or a rating already made. Such a message, held by
 * quiet hours or by retries past that moment, would only mislead (the inbox keeps the event). Messages that only
 * tell what happened never go out of date.
 */
export function outdatedBecause(event: NotificationEvent, s: MessageSubject, now: number): string | undefined {
  switch (event) {
    case 'order.offered':
    case 'order.offer_expiring':
      return s.status === 'offered' && s.offeredToRecipient && (s.offerExpiresAt?.getTime() ?? 0) > now
        ? undefined
        : 'the offer is no longer open to the recipient (answered, withdrawn or expired)';
    case 'lecture.reminder':
      return s.status === 'accepted' && (s.lectureStartsAt?.getTime() ?? 0) > now
        ? undefined
        : 'the lecture has begun or is no longer booked';
    case 'lecture.report_due':
      return s.status === 'accepted' ? undefined : 'the lecture was reported or is no longer booked';
    case 'order.completed':
      // The branch is asked to rate the lecture.
      return s.rated ? 'the lecture was rated' : undefined;
    default:
      return undefined;
  }
}
