import type { AccountErrors } from '../accounts/accounts.errors.js';
import type { AttendanceErrors } from '../attendance/attendance.errors.js';
import type { AuthErrors } from '../auth/auth.errors.js';
import type { BookingErrors } from '../bookings/bookings.errors.js';
import type { BranchErrors } from '../branches/branches.errors.js';
import type { CalendarErrors } from '../calendar/calendar.errors.js';
import type { CodesOf, CommonErrors } from '../common/domain-error.js';
import type { IdempotencyErrors } from '../common/idempotency.js';
import type { EvidenceErrors } from '../evidence/evidence.errors.js';
import type { CourseErrors } from '../courses/courses.errors.js';
import type { CoverageErrors } from '../coverage/coverage.errors.js';
import type { ImportErrors } from '../imports/imports.errors.js';
import type { LecturerErrors } from '../lecturers/lecturers.errors.js';
import type { NotificationErrors } from '../notifications/notifications.errors.js';
import type { OrderErrors } from '../orders/orders.errors.js';
import type { RegionErrors } from '../regions/regions.errors.js';
import type { SchedulingErrors } from '../scheduling/scheduling.errors.js';
import type { WebErrors } from '../web/web.errors.js';

/**
 * Every code the API and the pages answer with: the union of the features' catalogues. Each
 * language's messages are a `Record<ErrorCode, string>`, so a code without a message does not compile.
 */
export type ErrorCode =
  | CodesOf<typeof CommonErrors>
  | CodesOf<typeof IdempotencyErrors>
  | CodesOf<typeof AuthErrors>
  | CodesOf<typeof AccountErrors>
  | CodesOf<typeof RegionErrors>
  | CodesOf<typeof BranchErrors>
  | CodesOf<typeof LecturerErrors>
  | CodesOf<typeof CourseErrors>
  | CodesOf<typeof BookingErrors>
  | CodesOf<typeof OrderErrors>
  | CodesOf<typeof SchedulingErrors>
  | CodesOf<typeof CoverageErrors>
  | CodesOf<typeof CalendarErrors>
  | CodesOf<typeof ImportErrors>
  | CodesOf<typeof AttendanceErrors>
  | CodesOf<typeof EvidenceErrors>
  | CodesOf<typeof NotificationErrors>
  | CodesOf<typeof WebErrors>;

/** Whether an error (as thrown, or as a page shows it) carries this code; a misspelt code does not compile. */
export function hasCode<C extends ErrorCode>(error: unknown, code: C): error is { code: C } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
