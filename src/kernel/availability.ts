/** A lecturer's availability: a weekly pattern in Asia/Shanghai local time plus dated exceptions (leave, trips). */
export interface WeeklyWindow {
  weekday: number;
  from: string;
  to: string;
}
export interface AvailabilityException {
  from: string;
  to: string;
  reason?: string;
}
export interface Availability {
  weekly: WeeklyWindow[];
  exceptions: AvailabilityException[];
}

/**
 * The weekly pattern of a lecturer who has not set one (created by an admin or an import): no hour ruled out until
 * the lecturer says otherwise. A new lecturer can then be offered lectures at once; the scheduler still plans only
 * its day parts, and leave is set as exceptions.
 */
export const UNRESTRICTED_WEEK: readonly WeeklyWindow[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

/** The leave (or trip) that overlaps [start, end), if any: a lecture booked there cannot be given as booked. */
export function leaveDuring(availability: Availability, start: number, end: number): AvailabilityException | undefined {
  return availability.exceptions.find((e) => Date.parse(e.from) < end && start < Date.parse(e.to));
}
