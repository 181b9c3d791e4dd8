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

export function isOpen(window: SignInWindow, now: number): boolean {
  return now >= window.opensAt.getTime() && now < window.closesAt.getTime();
}

/** An attendee as recorded, with the keys that make "the same person" (the database's unique key). */
export interface AttendeeKey {
  name: string;
  phone: string | null;
  nameKey: string;
  phoneKey: string;
}

/**
 * What a name has no use for, typed by anyone with the code: controls (a terminal's escapes, a bell) and the marks
 * that turn the direction of the text after them (a name shown reversed in the lists).
 */
const UNPRINTABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The name as shown (full-width forms folded, spaces collapsed, controls dropped) and the keys two sign-ins of one
 * person share: the name without spaces or case ("张 三" = "张三"), the phone's digits without the
 * country code (+86 138… = 138…); '' when no phone was given.
 */
export function attendeeKey(rawName: string, rawPhone?: string | null): AttendeeKey {
  const name = rawName.normalize('NFKC').replace(/\s+/g, ' ').replace(UNPRINTABLE, '').trim();
  const digits = (rawPhone ?? '').normalize('NFKC').replace(/\D/g, '');
  const phoneKey = digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
  return { name, phone: phoneKey === '' ? null : phoneKey, nameKey: name.replace(/ /g, '').toLowerCase(), phoneKey };
}
