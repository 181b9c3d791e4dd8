import { errorCatalogue } from '../common/domain-error.js';

export const CourseErrors = errorCatalogue({
  COURSE_NOT_FOUND: { status: 404, detail: 'Course not found.' },
  COURSE_CODE_TAKEN: { status: 409, detail: 'Another course has that code.' },
  COURSE_LECTURER_NOT_FOUND: { status: 400, detail: 'Every lecturerId must name a lecturer of the pool.', field: 'lecturerIds' },
});
