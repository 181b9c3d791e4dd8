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
