import { errorCatalogue } from '../common/domain-error.js';

export const LecturerErrors = errorCatalogue({
  LECTURER_NOT_FOUND: { status: 404, detail: 'Lecturer not found.' },
  LECTURER_FIELD_FORBIDDEN: { status: 403, detail: 'A lecturer may not change their own category, level or monthly cap.' },
  AVAILABILITY_INVALID: { status: 400, detail: 'Availability windows must end after they start.' },
});
