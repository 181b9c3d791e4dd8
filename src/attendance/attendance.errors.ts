import { errorCatalogue } from '../common/domain-error.js';

export const AttendanceErrors = errorCatalogue({
  // The order's code (OrderErrors): its sheet and attendees are the order's, and not yours reads as not there.
  ORDER_NOT_FOUND: { status: 404, detail: 'Order not found.' },
  SIGN_IN_CODE_NOT_FOUND: { status: 404, detail: 'No lecture has this sign-in code.' },
  SIGN_IN_CLOSED: {
    status: 410,
    detail: 'Sign-in is open from an hour before the lecture starts to three hours after it ends, until it is reported given.',
  },
  SIGN_IN_LECTURE_CANCELLED: { status: 410, detail: 'The lecture was cancelled: there is nothing to sign in to.' },
  SIGN_IN_NOT_BOOKED: { status: 409, detail: 'Only an accepted lecture has a sign-in sheet.' },
  SIGN_IN_SHEET_FINISHED: { status: 409, detail: 'The lecture has been reported given: its sheet takes no more names.' },
});
