/** Every event people are told of (api.md's table), as the API, the webhooks and the texts name them. */
export const NOTIFICATION_EVENTS = [
  'order.placed',
  'order.offered',
  'order.offer_expiring',
  'order.offer_expired',
  'order.declined',
  // A tour's later stop, booked, back in the queue: its stop before fell away and it lies beyond the radius from home.
  'order.returned',
  'order.accepted',
  'order.cancelled',
  'order.rejected',
  'lecture.reminder',
  'lecture.report_due',
  'order.completed',
  'order.rated',
] as const;

export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** What an event carries besides its order: what the texts and a webhook's receiver need. */
export interface EventData {
  title?: string;
  branch?: string;
  reason?: string;
  startsAt?: string;
  offerExpiresAt?: string;
  score?: number;
  /** The lecturer the change concerns (accepted, declined, let an offer expire), by name. */
  lecturer?: string;
}
