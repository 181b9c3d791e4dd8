import type { BranchOrder } from './branch-order.entity.js';
import type { HistoryEntryView, OrderView } from './orders.dto.js';
import { isPlatformReason, type OrderStatus } from '../kernel/vocabulary.js';

/**
 * An order's view as the API's JSON text, as `order_views` keeps it (kept in step with toOrderView by the
 * database's `order_view_json`; a medium test compares the two): lists write it out as it is. In ASCII
 * (`asciiJson`): every other character as a `\uXXXX` escape.
 */
export type OrderViewJson = string;

const iso = (t: Date | null) => (t === null ? null : t.toISOString());

/** A history entry of the order. */
export interface HistoryRow {
  at: Date;
  actorId: string | null;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  lecturerId: string | null;
  reason: string | null;
}
/** The order's active booking. */
export interface BookingRow {
  lecturerId: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * An order as a lecturer reads it: the reasons people typed on the history entries naming another lecturer left
 * out. A lecturer's reason for declining is said to the office, not to the colleagues who may claim the order next;
 * the platform's own (an offer expired) stay, so that an expiry is not read as a colleague's refusal.
 */
export function seenByLecturer(view: OrderView, lecturerId: string): OrderView {
  const others = (h: HistoryEntryView) =>
    h.reason !== undefined && !isPlatformReason(h.reason) && h.lecturerId !== undefined && h.lecturerId !== lecturerId;
  if (!view.history.some(others)) return view;
  return { ...view, history: view.history.map((h) => (others(h) ? { ...h, reason: undefined } : h)) };
}

export function toHistoryView(h: HistoryRow): HistoryEntryView {
  return {
    at: h.at.toISOString(),
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
    booking: booking
      ? { lecturerId: booking.lecturerId, startsAt: booking.startsAt.toISOString(), endsAt: booking.endsAt.toISOString() }
      : null,
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
