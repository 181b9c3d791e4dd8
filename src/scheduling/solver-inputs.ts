import type { BranchOrder } from '../orders/branch-order.entity.js';
import type { Lecturer } from '../lecturers/lecturer.entity.js';
import type { RegionLevel } from '../kernel/vocabulary.js';
import type { BookingInterval, SolverLecturer, SolverOrder } from './solver/types.js';

/** The ordering branch's place and region flags, as scheduling needs them. */
export interface OrderBranchFacts {
  latitude: number;
  longitude: number;
  regionLevel: string;
  regionRemote: boolean;
  regionBorder: boolean;
  regionWeak: boolean;
  lecturesThisYear?: number;
}

/** An order as the pure solver and the eligibility rules see it. */
export function toSolverOrder(order: BranchOrder, branch: OrderBranchFacts, courseLecturerIds: string[] | undefined, declinedLecturerIds: string[]): SolverOrder {
  return {
    id: order.id, branchId: order.branchId, courseId: order.courseId,
    ...(order.courseId !== null ? { courseLecturerIds: courseLecturerIds ?? [] } : {}),
    topic: order.topic, title: order.title, format: order.format, language: order.language,
    earliestStart: order.earliestStart.getTime(), latestStart: order.latestStart.getTime(), durationMinutes: order.durationMinutes,
    branch: {
      latitude: branch.latitude, longitude: branch.longitude, regionLevel: branch.regionLevel as RegionLevel,
      remote: branch.regionRemote, border: branch.regionBorder, weak: branch.regionWeak, lecturesThisYear: branch.lecturesThisYear ?? 0,
    },
    declinedLecturerIds,
  };
}

/** A lecturer with their availability, active bookings (travel included) and lectures per local month. */
export type LecturerFacts = Pick<Lecturer, 'id' | 'level' | 'latitude' | 'longitude' | 'topics' | 'languages' | 'formats' | 'travelRadiusKm' | 'maxLecturesPerMonth' | 'ratingSum' | 'ratingCount' | 'availability'>;

export function toSolverLecturer(l: LecturerFacts, bookings: BookingInterval[], bookedPerMonth: Record<string, number>): SolverLecturer {
  return {
    id: l.id, level: l.level, latitude: l.latitude, longitude: l.longitude, topics: l.topics, languages: l.languages, formats: l.formats,
    travelRadiusKm: l.travelRadiusKm, maxLecturesPerMonth: l.maxLecturesPerMonth,
    rating: l.ratingCount === 0 ? null : l.ratingSum / l.ratingCount, ratingCount: l.ratingCount,
    weekly: l.availability.weekly.map(({ weekday, from, to }) => ({ weekday, from, to })),
    exceptions: l.availability.exceptions.map((e) => ({ from: Date.parse(e.from), to: Date.parse(e.to) })),
    bookings, bookedPerMonth,
  };
}
