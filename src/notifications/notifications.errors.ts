import { errorCatalogue } from '../common/domain-error.js';

export const NotificationErrors = errorCatalogue({
  NOTIFICATION_NOT_FOUND: { status: 404, detail: 'Notification not found.' },
  WEBHOOK_NOT_FOUND: { status: 404, detail: 'Webhook not found.' },
  WEBHOOK_URL_FORBIDDEN: {
    status: 400,
    detail: 'A webhook may not point at a link-local, unspecified or multicast address (such as 169.254.169.254 or 0.0.0.0).',
    field: 'url',
  },
  DELIVERY_NOT_FOUND: { status: 404, detail: 'Delivery not found.' },
  DELIVERY_NOT_FAILED: { status: 409, detail: 'Only a failed delivery can be retried by hand.' },
  DELIVERY_WEBHOOK_DELETED: { status: 409, detail: "The delivery's webhook was deleted: there is nobody to deliver it to." },
});
