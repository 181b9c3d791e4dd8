import { errorCatalogue } from '../common/domain-error.js';

export const OrderErrors = errorCatalogue({
  ORDER_NOT_FOUND: { status: 404, detail: 'Order not found.' },
  ORDER_COURSE_OR_TOPIC_REQUIRED: {
    status: 400,
    detail: 'Give courseId for a menu order, or topic and title for a custom one (not both).',
    field: 'courseId',
  },
  ORDER_BRANCH_NOT_FOUND: { status: 404, detail: 'The branch this account orders for no longer exists.' },
  ORDER_FORMAT_NOT_OFFERED: { status: 400, detail: 'The course is not given in that format.', field: 'format' },
  ORDER_WINDOW_INVALID: {
    status: 400,
    detail: 'latestStart must not be before earliestStart, the window must lie in the future and span at most a year.',
    field: 'latestStart',
  },
  ORDER_PREFERRED_LECTURER_NOT_FOUND: {
    status: 400,
    detail: 'preferredLecturerId names no lecturer of the pool.',
    field: 'preferredLecturerId',
  },
  ORDER_PREFERRED_LECTURER_UNQUALIFIED: {
    status: 400,
    detail:
      "preferredLecturerId names a lecturer who cannot give this order: one of the course's lecturers (for a custom order, one with its topic) who speaks its language and offers its format.",
    field: 'preferredLecturerId',
  },
  ORDER_NOT_PENDING: { status: 409, detail: 'The order is no longer waiting for a lecturer.' },
  ORDER_NOT_OFFERED_TO_YOU: { status: 409, detail: 'The order is not offered to you.' },
  /** A decline of an offer the lecturer accepted already (another tab, a stale page): giving it up is the office's. */
  ORDER_ALREADY_YOURS: {
    status: 409,
    detail: 'You accepted this order already: it can no longer be declined; ask the organisation department to change it.',
  },
  OFFER_EXPIRED: { status: 409, detail: 'The offer has expired; the order went back to the queue.' },
  OFFER_WITHDRAWN: {
    status: 409,
    detail:
      'The offer was withdrawn: the tour stop before it fell away and this village cannot be reached from home; the order went back to the queue.',
  },
  ORDER_STATE_CONFLICT: { status: 409, detail: 'The order is not in a state that allows this.' },
  OFFER_START_DIFFERS: {
    status: 409,
    detail: 'The offer is for another start: accept it as offered (startsAt left out or the offered one), or decline it.',
    field: 'startsAt',
  },
  START_REQUIRED: { status: 400, detail: 'startsAt is required to claim an open order.', field: 'startsAt' },
  CLAIM_START_PASSED: { status: 400, detail: 'A claim books a lecture to come: startsAt must lie in the future.', field: 'startsAt' },
  STARTED_AT_IMPLAUSIBLE: {
    status: 400,
    detail: 'startedAt must not lie in the future nor more than 12 hours from the booked start.',
    field: 'startedAt',
  },
  ATTENDANCE_IMPLAUSIBLE: {
    status: 400,
    detail: "attendance may be at most five times the branch's member count or the expected audience, whichever is larger.",
    field: 'attendance',
  },
  LECTURE_NOT_STARTED: { status: 409, detail: 'A lecture can be reported done only once its booked start has passed.' },
  ORDER_ALREADY_RATED: { status: 409, detail: 'The order has already been rated.' },
});
