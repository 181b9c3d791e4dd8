import { errorCatalogue } from '../common/domain-error.js';

export const CalendarErrors = errorCatalogue({
  // The same answer for a malformed, unknown or rotated-away token: nothing tells them apart.
  CALENDAR_NOT_FOUND: { status: 404, detail: 'No calendar at this address; it may have been replaced by a new link.' },
});
