import type { Lecturer } from '../lecturers/lecturer.entity.js';
import type { BookingInterval, SolverLecturer } from '../scheduling/solver/types.js';

/** A lecturer's facts the hard rules and the solver read. */
export type LecturerFacts = Pick<
  Lecturer,
  | 'id'
  | 'level'
  | 'latitude'
  | 'longitude'
  | 'topics'
  | 'languages'
  | 'formats'
  | 'travelRadiusKm'
  | 'maxLecturesPerMonth'
  | 'ratingSum'
  | 'ratingCount'
  | 'availability'
>;

/**
 * A lecturer with their availability, active bookings (travel included) and lectures per local month, as the rules
 * see them, travelling at `travelSpeedKmh` (TRAVEL_SPEED_KMH: what their bookings block around on-site lectures).
 */
export function toSolverLecturer(
  l: LecturerFacts,
  bookings: BookingInterval[],
  bookedPerMonth: Record<string, number>,
  travelSpeedKmh: number,
): SolverLecturer {
  return {
    id: l.id,
    level: l.level,
    latitude: l.latitude,
    longitude: l.longitude,
    topics: l.topics,
    languages: l.languages,
    formats: l.formats,
    travelRadiusKm: l.travelRadiusKm,
    travelSpeedKmh,
    maxLecturesPerMonth: l.maxLecturesPerMonth,
    rating: l.ratingCount === 0 ? null : l.ratingSum / l.ratingCount,
    ratingCount: l.ratingCount,
    weekly: l.availability.weekly.map(({ weekday, from, to }) => ({ weekday, from, to })),
    exceptions: l.availability.exceptions.map((e) => ({ from: Date.parse(e.from), to: Date.parse(e.to) })),
    bookings,
    bookedPerMonth,
  };
}

/** Time lecturers already have taken (bookings with their travel, or outstanding offers), as the solver reads it. */
export interface TakenTime {
  intervals: Array<{ lecturerId: string; start: number; end: number }>;
  /** Lectures per lecturer and local month ('YYYY-MM'). */
  perMonth: Array<{ lecturerId: string; month: string; n: number }>;
}

/** Taken intervals as read from SQL (times may be strings), in epoch milliseconds. */
export function toTakenIntervals(rows: Array<{ lecturerId: string; start: Date | string; end: Date | string }>): TakenTime['intervals'] {
  return rows.map((r) => ({ lecturerId: r.lecturerId, start: new Date(r.start).getTime(), end: new Date(r.end).getTime() }));
}

/** When the lecture offered in the order row `alias` would end. */
export const offerEndSql = (alias: string): string => `${alias}.offered_starts_at + make_interval(mins => ${alias}.duration_minutes)`;
