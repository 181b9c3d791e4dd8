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

/** The leave (or trip) that overlaps [start, end), if any: a lecture booked there cannot be given as booked. */
export function leaveDuring(availability: Availability, start: number, end: number): AvailabilityException | undefined {
  return availability.exceptions.find((e) => Date.parse(e.from) < end && start < Date.parse(e.to));
}
