import type { BranchOrder } from './branch-order.entity.js';
import type { HistoryEntryView, OrderView } from './orders.dto.js';
import { isoOfTimestampText } from '../database/timestamp-text.js';
import type { OrderStatus } from '../kernel/vocabulary.js';

/** A time as read: a Date of an entity, or PostgreSQL's text of a timestamptz (a list's raw rows, JSON from SQL). */
type Instant = Date | string;

const isoOf = (t: Instant) => (typeof t === 'string' ? isoOfTimestampText(t) : t.toISOString());
const iso = (t: Instant | null) => (t === null ? null : isoOf(t));

/** An order as read: the entity, or a raw row whose times are left as PostgreSQL's text. */
export type OrderRecord = {
  [K in keyof BranchOrder]: BranchOrder[K] extends Date ? Instant : BranchOrder[K] extends Date | null ? Instant | null : BranchOrder[K];
};

/** A history row as read (entity or JSON from SQL: times may be strings). */
export interface HistoryRow {
  at: Instant;
  actorId: string | null;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  lecturerId: string | null;
  reason: string | null;
}
/** An active booking as read (entity or JSON from SQL). */
export interface BookingRow {
  lecturerId: string;
  startsAt: Instant;
  endsAt: Instant;
}

export function toHistoryView(h: HistoryRow): HistoryEntryView {
  return {
    at: isoOf(h.at),
    actorId: h.actorId,
    from: h.fromStatus,
    to: h.toStatus,
    ...(h.lecturerId ? { lecturerId: h.lecturerId } : {}),
    ...(h.reason ? { reason: h.reason } : {}),
  };
}

/** The order as the API shows it: its booking once accepted, its offer while offered, its whole history. */
export function toOrderView(o: OrderRecord, booking: BookingRow | undefined | null, history: HistoryRow[]): OrderView {
  return {
    id: o.id,
    branchId: o.branchId,
    courseId: o.courseId,
    topic: o.topic,
    title: o.title,
    format: o.format,
    earliestStart: isoOf(o.earliestStart),
    latestStart: isoOf(o.latestStart),
    durationMinutes: o.durationMinutes,
    expectedAudience: o.expectedAudience,
    language: o.language,
    preferredLecturerId: o.preferredLecturerId,
    notes: o.notes,
    status: o.status,
    offer:
      o.status === 'offered' && o.offeredLecturerId && o.offeredStartsAt && o.offerExpiresAt
        ? { lecturerId: o.offeredLecturerId, startsAt: isoOf(o.offeredStartsAt), expiresAt: isoOf(o.offerExpiresAt) }
        : null,
    offerExpiresAt: o.status === 'offered' ? iso(o.offerExpiresAt) : null,
    booking: booking ? { lecturerId: booking.lecturerId, startsAt: isoOf(booking.startsAt), endsAt: isoOf(booking.endsAt) } : null,
    completion:
      o.completedAt && o.attendance !== null && o.summary !== null
        ? {
            attendance: o.attendance,
            startedAt: isoOf(o.startedAt ?? o.completedAt),
            summary: o.summary,
            completedAt: isoOf(o.completedAt),
          }
        : null,
    rating: o.ratingScore !== null && o.ratedAt ? { score: o.ratingScore, comment: o.ratingComment, ratedAt: isoOf(o.ratedAt) } : null,
    createdAt: isoOf(o.createdAt),
    updatedAt: isoOf(o.updatedAt),
    history: history.map(toHistoryView),
  };
}
