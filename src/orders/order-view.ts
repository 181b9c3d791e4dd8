import type { BranchOrder } from './branch-order.entity.js';
import type { HistoryEntryView, OrderView } from './orders.dto.js';
import type { OrderStatus } from '../kernel/vocabulary.js';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** A history row as read (entity or JSON from SQL: times may be strings). */
export interface HistoryRow {
  at: Date | string;
  actorId: string | null;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  lecturerId: string | null;
  reason: string | null;
}
/** An active booking as read (entity or JSON from SQL). */
export interface BookingRow {
  lecturerId: string;
  startsAt: Date | string;
  endsAt: Date | string;
}

const isoOf = (t: Date | string) => new Date(t).toISOString();

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
export function toOrderView(o: BranchOrder, booking: BookingRow | undefined | null, history: HistoryRow[]): OrderView {
  return {
    id: o.id,
    branchId: o.branchId,
    courseId: o.courseId,
    topic: o.topic,
    title: o.title,
    format: o.format,
    earliestStart: o.earliestStart.toISOString(),
    latestStart: o.latestStart.toISOString(),
    durationMinutes: o.durationMinutes,
    expectedAudience: o.expectedAudience,
    language: o.language,
    preferredLecturerId: o.preferredLecturerId,
    notes: o.notes,
    status: o.status,
    offer:
      o.status === 'offered' && o.offeredLecturerId && o.offeredStartsAt && o.offerExpiresAt
        ? { lecturerId: o.offeredLecturerId, startsAt: o.offeredStartsAt.toISOString(), expiresAt: o.offerExpiresAt.toISOString() }
        : null,
    offerExpiresAt: o.status === 'offered' ? iso(o.offerExpiresAt) : null,
    booking: booking ? { lecturerId: booking.lecturerId, startsAt: isoOf(booking.startsAt), endsAt: isoOf(booking.endsAt) } : null,
    completion:
      o.completedAt && o.attendance !== null && o.summary !== null
        ? {
            attendance: o.attendance,
            startedAt: (o.startedAt ?? o.completedAt).toISOString(),
            summary: o.summary,
            completedAt: o.completedAt.toISOString(),
          }
        : null,
    rating:
      o.ratingScore !== null && o.ratedAt ? { score: o.ratingScore, comment: o.ratingComment, ratedAt: o.ratedAt.toISOString() } : null,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    history: history.map(toHistoryView),
  };
}
