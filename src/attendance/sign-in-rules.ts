/** The pure rules of sign-in: when a lecture's sheet is open, and who counts as the same attendee. */

import { HOUR_MS } from '../kernel/time.js';

/** Attendees may sign in from an hour before the booked start (people arrive early) to three hours after the end. */
export const OPENS_BEFORE_START_MS = HOUR_MS;
export const CLOSES_AFTER_END_MS = 3 * HOUR_MS;

export interface SignInWindow {
  opensAt: Date;
  closesAt: Date;
}

export function signInWindow(startsAt: Date, endsAt: Date): SignInWindow {
  return { opensAt: new Date(startsAt.getTime() - OPENS_BEFORE_START_MS), closesAt: new Date(endsAt.getTime() + CLOSES_AFTER_END_MS) };
}

/** Where `now` falls: before the sheet opens (nobody has come yet), while it is open, or after it closed. */
export type SignInPhase = 'before' | 'open' | 'closed';

export function signInPhase(window: SignInWindow, now: number): SignInPhase {
  if (now < window.opensAt.getTime()) return 'before';
  return now < window.closesAt.getTime() ? 'open' : 'closed';
}

export function isOpen(window: SignInWindow, now: number): boolean {
  return signInPhase(window, now) === 'open';
}

/** An attendee as recorded, with the keys that make "the same person" (the database's unique key). */
export interface AttendeeKey {
  name: string;
  phone: string | null;
  nameKey: string;
  phoneKey: string;
}

/** The longest name an attendee may give, as every name in the API (the attendees' CHECK holds it too). */
export const MAX_ATTENDEE_NAME = 200;

/**
 * What a name has no use for, typed by anyone with the code: controls (a terminal's escapes, a bell) other than the
 * line and tab ones, which count as spaces, and the marks that turn the direction of the text after them (a name
 * shown reversed in the lists).
 */
const UNPRINTABLE = /(?![\t\n\v\f\r\u0085])[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
const SPACES = /[\s\u0085]+/g;

/** What a name's key leaves out: spaces, and the format characters nobody sees (a zero-width space, a soft hyphen, a BOM). */
const UNSEEN_IN_KEY = /[\s\p{Cf}]/gu;

/**
 * The name as shown (full-width forms folded, spaces collapsed, controls dropped) and the keys two sign-ins of one
 * person share: the name without spaces, unseen characters or case ("张 三" = "张三" = "张\u200b三"), the phone's
 * digits without the country code (+86 138… = 138…); '' when no phone was given.
 */
export function attendeeKey(rawName: string, rawPhone?: string | null): AttendeeKey {
  const name = rawName.normalize('NFKC').replace(UNPRINTABLE, '').replace(SPACES, ' ').trim();
  const phoneKey = phoneKeyOf(rawPhone);
  return { name, phone: phoneKey === '' ? null : phoneKey, nameKey: name.replace(UNSEEN_IN_KEY, '').toLowerCase(), phoneKey };
}

/** A mobile number, and a landline with its area code, as dialled within China. */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{9,11}$/;

/**
 * A phone's digits as dialled within China; '' when none was given. China's code (+86, 0086, 86) goes, and a
 * landline written with it (+86 471 …) gets back the 0 of its area code.
 */
function phoneKeyOf(rawPhone?: string | null): string {
  const digits = (rawPhone ?? '').normalize('NFKC').replace(/\D/g, '');
  const national = /^(0086|86)(\d{9,11})$/.exec(digits)?.[2];
  if (national === undefined || (digits.startsWith('86') && digits.length === 11)) return digits;
  return MOBILE.test(national) ? national : `0${national}`;
}

/**
 * A phone an attendee may give: none, a mobile number (11 digits, 13… to 19…), or a landline with its area code
 * (0 and 9–11 digits), either with China's code or without; not another country's (+1 …).
 */
export function isAttendeePhone(rawPhone: string): boolean {
  const key = phoneKeyOf(rawPhone);
  const foreign = /^\s*(\+|00)/.test(rawPhone.normalize('NFKC')) && !/^(0086|86)/.test(rawPhone.normalize('NFKC').replace(/\D/g, ''));
  return key === '' || (!foreign && (MOBILE.test(key) || LANDLINE.test(key)));
}
