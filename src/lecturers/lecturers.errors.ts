import { errorCatalogue } from '../common/domain-error.js';
import { SELF_SET_RADIUS_CAP_KM } from './lecturers.dto.js';

export const LecturerErrors = errorCatalogue({
  LECTURER_NOT_FOUND: { status: 404, detail: 'Lecturer not found.' },
  LECTURER_CODE_TAKEN: { status: 409, detail: 'Another lecturer has that code.' },
  LECTURER_FIELD_FORBIDDEN: {
    status: 403,
    detail: 'A lecturer may not change their own category, level, monthly cap or home (region and coordinates).',
  },
  LECTURER_RADIUS_ABOVE_CAP: {
    status: 403,
    detail: `A lecturer may set a travel radius of at most ${SELF_SET_RADIUS_CAP_KM} km; an admin can set a wider one.`,
  },
  AVAILABILITY_INVALID: { status: 400, detail: 'Availability windows must end after they start.', field: 'weekly' },
});
