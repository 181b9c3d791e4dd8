/**
 * Whether a run's offers can all be accepted. The solver keeps each planned lecture's drive clear of what the lecturer
 * has already taken, but two lectures of one plan meet only through its slot grid: an on-site lecture whose drive home
 * runs past the evening part (a long lecture far away) and an online lecture that evening are both in the plan,
 * and the second accept would meet `bookings_no_overlap`. Pure: plain data in and out.
 */
import { blockedSpan, bookingDriveMinutes, travelKm } from '../kernel/geo.js';
import { MINUTE_MS } from '../kernel/time.js';
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

type Span = { start: number; end: number };

/**
 * The time a later stop of a tour takes beyond its booking (as BookingsRepository.tourTime reads it once booked): the
 * night away since the stop before ended, and, if no stop follows it in the plan, the drive home after it.
 */
function tourTimeOf(p: PlannedLecture, order: SolverOrder, lecturer: SolverLecturer, before: Span, followed: boolean): Span[] {
  const end = p.startsAt.getTime() + order.durationMinutes * MINUTE_MS;
  const night = { start: before.end, end: p.startsAt.getTime() };
  if (followed) return [night];
  const home = bookingDriveMinutes(order.format, travelKm(lecturer, order.branch), lecturer.travelSpeedKmh) * MINUTE_MS;
  return [night, { start: end, end: end + home }];
}

const meets = (spans: readonly Span[], s: Span) => spans.some((t) => t.start < s.end && s.start < t.end);

/**
 * The planned lectures that can all be booked: per lecturer in order of start, each whose blocked span misses
 * every span kept before it; a later stop of a tour goes with the stop it is reached from, and only if its night
 * away and (the last) its drive home miss the lecturer's bookings and the other lectures kept, as its accept checks.
 * A stop whose follower is left out becomes the last of its tour, its drive home then counted: so again until
 * nothing more is left out.
 */
export function lecturesThatFitTogether<T extends PlannedLecture>(
  plan: readonly T[],
  orders: ReadonlyMap<string, SolverOrder>,
  lecturers: ReadonlyMap<string, SolverLecturer>,
): T[] {
  let fitting = fitOnce(plan, orders, lecturers);
  for (let before = plan.length; fitting.length < before;) {
    before = fitting.length;
    fitting = fitOnce(fitting, orders, lecturers);
  }
  return fitting;
}

function fitOnce<T extends PlannedLecture>(
  plan: readonly T[],
  orders: ReadonlyMap<string, SolverOrder>,
  lecturers: ReadonlyMap<string, SolverLecturer>,
): T[] {
  const kept = new Map<string, Span>();
  const spans = new Map<string, Array<Span & { orderId: string }>>();
  const followed = new Set(plan.flatMap((p) => (p.afterOrderId === undefined ? [] : [p.afterOrderId])));
  for (const p of [...plan].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const order = orders.get(p.orderId);
    const lecturer = lecturers.get(p.lecturerId);
    if (!order || !lecturer) continue;
    const before = p.afterOrderId === undefined ? undefined : kept.get(p.afterOrderId);
    if (p.afterOrderId !== undefined && before === undefined) continue;
    const span = plannedSpan(p, order, lecturer, p.afterOrderId === undefined ? undefined : orders.get(p.afterOrderId));
    const taken = spans.get(p.lecturerId) ?? [];
    if (meets(taken, span)) continue;
    // The stop before's own span reaches into the night after it: every other lecture may not.
    const tourTime = before === undefined ? [] : tourTimeOf(p, order, lecturer, before, followed.has(p.orderId));
    const others = [...(lecturer.bookings ?? []), ...taken.filter((t) => t.orderId !== p.afterOrderId)];
    if (tourTime.some((t) => meets(others, t))) continue;
    // Its drive home is taken too, for the lectures after it.
    taken.push(...[span, ...tourTime].map((t) => ({ ...t, orderId: p.orderId })));
    spans.set(p.lecturerId, taken);
    const start = p.startsAt.getTime();
    kept.set(p.orderId, { start, end: start + order.durationMinutes * MINUTE_MS });
  }
  return plan.filter((p) => kept.has(p.orderId));
}
