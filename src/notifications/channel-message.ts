import { NOTIFICATION_TEXT_ZH } from '../i18n/notifications-zh.js';
import { formatLocal } from '../kernel/time.js';
import type { DeliveryToSend } from './deliveries.repository.js';

/** What an SMS template is filled with: short values only (gateways limit each to about 20 characters). */
export interface SmsParams {
  title: string;
  time: string;
}

/** The parameters of an event's SMS template: the lecture's title (shortened) and its local time. */
export function smsParams(d: Pick<DeliveryToSend, 'data'>): SmsParams {
  const title = d.data.title ?? '';
  const when = d.data.startsAt ?? d.data.offerExpiresAt;
  return { title: title.length > 20 ? `${title.slice(0, 19)}…` : title, time: when ? formatLocal(Date.parse(when)).slice(5) : '' };
}

/** The e-mail of a delivery: the notification's Chinese title and body, with the link to act on. */
export function mailOf(d: Pick<DeliveryToSend, 'event' | 'data'>, link: string): { subject: string; text: string } {
  const text = NOTIFICATION_TEXT_ZH[d.event](d.data);
  return { subject: `【草原先锋讲师】${text.title}`, text: `${text.body}\n\n${link}` };
}

/** A Chinese mobile number as gateways take it: 11 digits starting 13–19, with any +86 / 0086 / 86 prefix removed. */
export function chineseMobile(value: string): string | undefined {
  const digits = value.replace(/[\s-]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}
