/**
 * The demo's rows as the solver's plain input, so that the demo's bookings are chosen (and checked in
 * tests) by the platform's own `checkEligibility`, not by a copy of the rules.
 */
import { bookingDriveMinutes, travelKm } from '../kernel/geo.js';
import type { BookingInterval, SolverLecturer, SolverOrder } from '../scheduling/solver/index.js';
import type { BranchRow, CourseRow, LecturerRow } from './model.js';
import { toSolverLecturer as lecturerAsTheRulesSeeIt } from '../bookings/rule-inputs.js';

/** Travel speed the app assumes (AppConfig.TRAVEL_SPEED_KMH's default): travel minutes = km. */
const TRAVEL_SPEED_KMH = 60;

/** What the rules need of an order, placed or still a draft. */
export interface OrderFacts {
  id?: string;
  branch: BranchRow;
  course: CourseRow | null;
  topic: string;
  title: string;
  format: string;
  language: string;
  duration: number;
}

/** Minutes of travel blocked before and after the lecture: none online, else the drive at the app's speed. */
export function travelMinutes(format: string, lecturer: LecturerRow, branch: BranchRow): number {
  return bookingDriveMinutes(format, travelKm(lecturer, branch), TRAVEL_SPEED_KMH);
}

/** `window` [earliest, latest start]; without one the order's window is open (the caller skips the window rule). */
export function toSolverOrder(o: OrderFacts, window: readonly [number, number] = [0, 0], declinedLecturerIds: string[] = []): SolverOrder {
  return {
    id: o.id ?? '',
    branchId: o.branch.id,
    courseId: o.course?.id ?? null,
    ...(o.course ? { courseLecturerIds: [...o.course.lecturers] } : {}),
    topic: o.topic,
    title: o.title,
    format: o.format,
    language: o.language,
    earliestStart: window[0],
    latestStart: window[1],
    durationMinutes: o.duration,
    branch: {
      latitude: o.branch.latitude,
      longitude: o.branch.longitude,
      regionLevel: o.branch.region.level,
      remote: o.branch.region.remote,
      border: o.branch.region.border,
      weak: o.branch.region.weak,
      lecturesThisYear: 0,
    },
    declinedLecturerIds,
  };
}

/** `busy`: blocked intervals (lecture plus travel); `bookedPerMonth`: lectures per local month 'YYYY-MM'. The platform's own conversion. */
export function toSolverLecturer(
  l: LecturerRow,
  busy: BookingInterval[] = [],
  bookedPerMonth: Record<string, number> = {},
): SolverLecturer {
  const exceptions = l.exceptions.map((x) => ({ from: new Date(x.from).toISOString(), to: new Date(x.to).toISOString() }));
  return lecturerAsTheRulesSeeIt({ ...l, availability: { weekly: l.weekly, exceptions } }, busy, bookedPerMonth, TRAVEL_SPEED_KMH);
}
