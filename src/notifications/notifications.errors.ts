import { errorCatalogue } from '../common/domain-error.js';

export const NotificationErrors = errorCatalogue({
  NOTIFICATION_NOT_FOUND: { status: 404, detail: 'Notification not found.' },
});
