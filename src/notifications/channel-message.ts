import { NOTIFICATION_TEXT_ZH } from '../i18n/notifications-zh.js';
import { formatLocal } from '../kernel/time.js';
import type { DeliveryToSend } from './deliveries.repository.js';

/** What an SMS template is filled with: short values only (gateways limit each to about 20 characters). */
export interface SmsParams {
  title: string;
  time: string;
}

/** The longest title an SMS parameter takes, in characters (code points: a character beyond the BMP is one). */
const SMS_TITLE_CHARACTERS = 20;

/**
 * The parameters of an event's SMS template: the lecture's title (shortened, never inside a character) and the
 * local time the event is about: when the offer expires for `order.offer_expiring`, else the lecture's start.
 */
export function smsParams(d: Pick<DeliveryToSend, 'event' | 'data'>): SmsParams {
  const title = Array.from(d.data.title ?? '');
  const short = title.length > SMS_TITLE_CHARACTERS ? `${title.slice(0, SMS_TITLE_CHARACTERS - 1).join('')}…` : title.join('');
  const when = d.event === 'order.offer_expiring' ? d.data.offerExpiresAt : (d.data.startsAt ?? d.data.offerExpiresAt);
  return { title: short, time: when ? formatLocal(Date.parse(when)).slice(5) : '' };
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
