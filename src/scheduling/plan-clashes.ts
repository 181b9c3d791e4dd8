/**
 * Whether a run's offers can all be accepted. The solver keeps each planned lecture's drive clear of what the lecturer
 * has already taken, but two lectures of one plan meet only through its slot grid: an on-site lecture whose drive home
 * runs past the evening part (a long lecture far away) and an online lecture that evening are both in the plan,
 * and the second accept would meet `bookings_no_overlap`. Pure: plain data in and out.
 */
import { blockedSpan, bookingDriveMinutes, travelKm } from '../kernel/geo.js';
import type { SolverLecturer, SolverOrder } from './solver/types.js';

export interface PlannedLecture {
  orderId: string;
  lecturerId: string;
  startsAt: Date;
  /** A stop of a tour after its first: the tour's previous stop, whose village the drive starts from. */
  afterOrderId?: string;
}

/** What the lecture's booking will block: the lecture, and on site the drive from home (or the village before) either side. */
function plannedSpan(
  p: PlannedLecture,
  order: SolverOrder,
  lecturer: SolverLecturer,
  before: SolverOrder | undefined,
): { start: number; end: number } {
  const km = travelKm(before?.branch ?? lecturer, order.branch);
  return blockedSpan(p.startsAt.getTime(), order.durationMinutes, bookingDriveMinutes(order.format, km, lecturer.travelSpeedKmh));
}

/**
 * The planned lectures that can all be booked: per lecturer in order of start, each whose blocked span misses
 * every span kept before it; a later stop of a tour goes with the stop it is reached from.
 */
export function lecturesThatFitTogether<T extends PlannedLecture>(
  plan: readonly T[],
  orders: ReadonlyMap<string, SolverOrder>,
  lecturers: ReadonlyMap<string, SolverLecturer>,
): T[] {
  const kept = new Set<string>();
  const spans = new Map<string, Array<{ start: number; end: number }>>();
  for (const p of [...plan].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const order = orders.get(p.orderId);
    const lecturer = lecturers.get(p.lecturerId);
    if (!order || !lecturer) continue;
    if (p.afterOrderId !== undefined && !kept.has(p.afterOrderId)) continue;
    const span = plannedSpan(p, order, lecturer, p.afterOrderId === undefined ? undefined : orders.get(p.afterOrderId));
    const taken = spans.get(p.lecturerId) ?? [];
    if (taken.some((s) => s.start < span.end && span.start < s.end)) continue;
    taken.push(span);
    spans.set(p.lecturerId, taken);
    kept.add(p.orderId);
  }
  return plan.filter((p) => kept.has(p.orderId));
}
