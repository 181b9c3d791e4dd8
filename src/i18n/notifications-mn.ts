/** The inbox's texts in Mongolian (traditional script): each event's title and body, like notifications-zh.ts. */
import type { EventData, NotificationEvent } from '../kernel/notification-events.js';
import { TOUR_STOP_STRANDED_REASON } from '../kernel/vocabulary.js';
import { formatLocal } from '../kernel/time.js';
import type { NotificationText } from './notifications-zh.js';

const at = (iso: string | undefined): string => (iso === undefined ? '' : formatLocal(Date.parse(iso)));
const because = (reason: string | undefined): string => (reason ? ` (ᠱᠠᠯᠲᠠᠭᠠᠨ᠄ ${reason})` : '');
/** 「… ᠪᠠᠭᠰᠢ」 (the lecturer) with the name before it where the event knows it. */
const lecturerNamed = (name: string | undefined): string => (name ? `${name} ᠪᠠᠭᠰᠢ` : 'ᠪᠠᠭᠰᠢ');

/** A tour's later stop back in the queue (its offer withdrawn, or its booking with it): the stop before fell away. */
const tourStopReturned = (d: EventData): NotificationText => ({
  title: 'ᠡᠷᠭᠢᠯ ᠬᠢᠴᠢᠶᠡᠯ ᠦᠨ ᠵᠣᠭᠰᠣᠭᠠᠯ ᠪᠤᠴᠠᠪᠠ',
  body: `《${d.title}》${d.startsAt === undefined ? '' : ` (${at(d.startsAt)})`}᠄ ᠡᠷᠭᠢᠯ ᠬᠢᠴᠢᠶᠡᠯ ᠦᠨ ᠡᠮᠦᠨᠡᠬᠢ ᠵᠣᠭᠰᠣᠭᠠᠯ ᠦᠭᠡᠢ ᠪᠣᠯᠪᠠ᠂ ᠵᠠᠬᠢᠶᠠᠯᠭ᠎ᠠ ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ ᠳᠤ ᠪᠤᠴᠠᠪᠠ᠃`,
});

export const NOTIFICATION_TEXT_MN: Readonly<Record<NotificationEvent, (d: EventData) => NotificationText>> = {
  'order.placed': (d) => ({
    title: 'ᠰᠢᠨ᠎ᠡ ᠵᠠᠬᠢᠶᠠᠯᠭ᠎ᠠ',
    body: `${d.branch ?? 'ᠨᠠᠮ ᠤᠨ ᠡᠰ'} 《${d.title}》 ᠢ ᠵᠠᠬᠢᠶᠠᠯᠪᠠ᠂ ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠨ᠎ᠠ ᠤᠤ᠃`,
  }),
  'order.offered': (d) => ({
    title: 'ᠲᠠᠨ ᠳᠤ ᠰᠢᠨ᠎ᠡ ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ',
    body: `《${d.title}》${d.startsAt === undefined ? '' : `᠂ ᠬᠢᠴᠢᠶᠡᠯ ᠦᠨ ᠴᠠᠭ ${at(d.startsAt)}`}᠃ ${at(d.offerExpiresAt)} ᠡᠴᠡ ᠡᠮᠦᠨ᠎ᠡ ᠬᠠᠷᠢᠭᠤᠯᠠᠨ᠎ᠠ ᠤᠤ᠃`,
  }),
  'order.offer_expiring': (d) => ({
    title: 'ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ ᠶᠢᠨ ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ ᠳᠠᠭᠤᠰᠬᠤ ᠳᠤ ᠣᠢᠷᠠ',
    body: `《${d.title}》 ᠤᠨ ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ ${at(d.offerExpiresAt)} ᠳᠤ ᠳᠠᠭᠤᠰᠤᠨ᠎ᠠ᠂ ᠳᠦᠷᠭᠡᠨ ᠬᠠᠷᠢᠭᠤᠯᠠᠨ᠎ᠠ ᠤᠤ᠃`,
  }),
  'order.offer_expired': (d) => ({
    title: 'ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ ᠶᠢᠨ ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ ᠳᠠᠭᠤᠰᠪᠠ',
    body: `《${d.title}》 ᠬᠠᠷᠢᠭᠤ ᠦᠭᠡᠢ᠂ ᠵᠠᠬᠢᠶᠠᠯᠭ᠎ᠠ ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ ᠳᠤ ᠪᠤᠴᠠᠪᠠ᠃`,
  }),
  'order.declined': (d) =>
    d.reason === TOUR_STOP_STRANDED_REASON
      ? tourStopReturned(d)
      : {
          title: 'ᠪᠠᠭᠰᠢ ᠲᠡᠪᠴᠢᠪᠡ',
          body: `《${d.title}》 ᠢ ${lecturerNamed(d.lecturer)} ᠲᠡᠪᠴᠢᠪᠡ${because(d.reason)}᠂ ᠵᠠᠬᠢᠶᠠᠯᠭ᠎ᠠ ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ ᠳᠤ ᠪᠤᠴᠠᠪᠠ᠃`,
        },
  'order.returned': tourStopReturned,
  'order.accepted': (d) => ({
    title: 'ᠵᠠᠬᠢᠶᠠᠯᠭ᠎ᠠ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠪᠠ',
    body: `《${d.title}》 ᠢ ${lecturerNamed(d.lecturer)} ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠪᠠ᠂ ᠬᠢᠴᠢᠶᠡᠯ ᠦᠨ ᠴᠠᠭ ${at(d.startsAt)}᠃`,
  }),
  'order.cancelled': (d) => ({ title: 'ᠵᠠᠬᠢᠶᠠᠯᠭ᠎ᠠ ᠦᠭᠡᠶᠢᠰᠬᠡᠭᠳᠡᠪᠡ', body: `《${d.title}》 ᠦᠭᠡᠶᠢᠰᠬᠡᠭᠳᠡᠪᠡ${because(d.reason)}᠃` }),
  'order.rejected': (d) => ({ title: 'ᠵᠠᠬᠢᠶᠠᠯᠭ᠎ᠠ ᠲᠡᠪᠴᠢᠭᠳᠡᠪᠡ', body: `《${d.title}》 ᠲᠡᠪᠴᠢᠭᠳᠡᠪᠡ${because(d.reason)}᠃` }),
  'lecture.reminder': (d) => ({ title: 'ᠨᠠᠮ ᠤᠨ ᠬᠢᠴᠢᠶᠡᠯ ᠦᠨ ᠰᠠᠨᠠᠭᠤᠯᠤᠮᠵᠢ', body: `《${d.title}》 ${at(d.startsAt)} ᠳᠤ ᠡᠬᠢᠯᠡᠨ᠎ᠡ᠃` }),
  'lecture.report_due': (d) => ({
    title: 'ᠬᠢᠴᠢᠶᠡᠯ ᠢᠶᠡᠨ ᠮᠡᠳᠡᠭᠦᠯᠨ᠎ᠡ ᠦᠦ',
    body: `《${d.title}》 ${at(d.startsAt)} ᠳᠤ ᠡᠬᠢᠯᠡᠪᠡ᠂ ᠰᠣᠨᠣᠰᠤᠭᠰᠠᠨ ᠬᠦᠮᠦᠨ ᠤᠳᠠᠭ᠎ᠠ ᠬᠢᠭᠡᠳ ᠳᠦᠨ ᠢᠶᠡᠨ ᠪᠢᠴᠢᠨ᠎ᠡ ᠦᠦ᠃`,
  }),
  'order.completed': (d) => ({
    title: 'ᠬᠢᠴᠢᠶᠡᠯ ᠳᠠᠭᠤᠰᠪᠠ᠂ ᠦᠨᠡᠯᠡᠨ᠎ᠡ ᠦᠦ',
    body: `《${d.title}》 ᠳᠠᠭᠤᠰᠪᠠ᠂ ᠡᠨᠡ ᠨᠠᠮ ᠤᠨ ᠬᠢᠴᠢᠶᠡᠯ ᠢ ᠦᠨᠡᠯᠡᠨ᠎ᠡ ᠦᠦ᠃`,
  }),
  'order.rated': (d) => ({ title: 'ᠦᠨᠡᠯᠡᠯᠲᠡ ᠢᠷᠡᠪᠡ', body: `《${d.title}》 ${d.score ?? ''} ᠣᠳᠤ ᠪᠠᠷ ᠦᠨᠡᠯᠡᠭᠳᠡᠪᠡ᠃` }),
};
