import { AccountErrors } from '../accounts/accounts.errors.js';
import { isRetryable, pgErrorOf } from '../common/database-errors.js';
import { CommonErrors, type DomainError } from '../common/domain-error.js';
import { BookingErrors } from '../bookings/bookings.errors.js';
import { BranchErrors } from '../branches/branches.errors.js';
import { CourseErrors } from '../courses/courses.errors.js';
import { LecturerErrors } from '../lecturers/lecturers.errors.js';
import { RegionErrors } from '../regions/regions.errors.js';
import { SchedulingErrors } from '../scheduling/scheduling.errors.js';

/** What a violation of a named constraint (see `migrations/`) means for the client: the one table of them. */
const CONSTRAINT_ERRORS: ReadonlyMap<string, () => DomainError> = new Map<string, () => DomainError>([
  ['accounts_username_key', () => AccountErrors.USERNAME_TAKEN()],
  // The lecturer's active bookings (lecture plus travel) would overlap: someone booked that time first.
  ['bookings_no_overlap', () => BookingErrors.LECTURER_BUSY()],
  ['bookings_order_key', () => BookingErrors.ORDER_ALREADY_ACCEPTED()],
  // An office's codes (编码) are unique per kind, without case.
  ['regions_code_key', () => RegionErrors.REGION_CODE_TAKEN()],
  ['branches_code_key', () => BranchErrors.BRANCH_CODE_TAKEN()],
  ['lecturers_code_key', () => LecturerErrors.LECTURER_CODE_TAKEN()],
  ['courses_code_key', () => CourseErrors.COURSE_CODE_TAKEN()],
  // A dry run is confirmed once: the second of two racing confirmations.
  ['scheduling_runs_confirms_key', () => SchedulingErrors.SCHEDULING_RUN_CONFIRMED()],
]);

/** A PostgreSQL error the client caused (a named constraint, a race), as the API answers it; undefined otherwise. */
export function domainErrorFromDatabase(err: unknown): DomainError | undefined {
  const pg = pgErrorOf(err);
  if (!pg?.code) return undefined;
  const make = pg.constraint ? CONSTRAINT_ERRORS.get(pg.constraint) : undefined;
  if (make) return make();
  if (pg.code === '23505' || pg.code === '23P01') return CommonErrors.CONFLICT('The request conflicts with existing data.');
  if (isRetryable(pg)) return CommonErrors.CONFLICT('The request raced with another one; try again.');
  return undefined;
}
