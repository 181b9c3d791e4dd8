/** The branch's order form (点单): its defaults, what it posts back, and that as the plain object PlaceOrderDto validates. */
import type { LectureFormat } from '../../kernel/vocabulary.js';
import type { UiLanguage } from '../../i18n/language.js';
import { randomUUID } from 'node:crypto';
import type { CourseView } from '../../courses/courses.dto.js';
import { type FormBody, num, text } from '../shared/form-fields.js';
import { idOrNotFound } from '../shared/page-actions.js';
import { instantOf, localDateIn } from '../shared/time-format.js';

/** What the order form shows and posts back. */
export interface OrderForm {
  courseId?: string;
  topic?: string;
  title?: string;
  format?: string;
  fromDate: string;
  toDate: string;
  expectedAudience?: number | string;
  language: string;
  preferredLecturerId?: string;
  notes?: string;
  formKey: string;
}

/**
 * A new order form: a menu course's first format, a window from a week to a month ahead, the lecture in
 * the language the branch reads the pages in (a branch reading Mongolian pages most likely wants it in Mongolian), and a fresh key.
 */
/** A new order's form; `format` the one the menu was filtered by, where the course is given in it. */
export function newOrderForm(course: CourseView | undefined, now: number, language: UiLanguage, format?: LectureFormat): OrderForm {
  return {
    courseId: course?.id,
    format: format !== undefined && (course === undefined || course.formats.includes(format)) ? format : course?.formats[0],
    fromDate: localDateIn(7, now),
    toDate: localDateIn(30, now),
    expectedAudience: 30,
    language,
    formKey: randomUUID(),
  };
}

export function orderFormOf(body: FormBody): OrderForm {
  return {
    courseId: idOrNotFound(text(body, 'courseId')),
    topic: text(body, 'topic'),
    title: text(body, 'title'),
    format: text(body, 'format'),
    fromDate: text(body, 'fromDate') ?? '',
    toDate: text(body, 'toDate') ?? '',
    expectedAudience: num(body, 'expectedAudience'),
    language: text(body, 'language') ?? '',
    preferredLecturerId: text(body, 'preferredLecturerId'),
    notes: text(body, 'notes'),
    formKey: text(body, 'formKey') ?? randomUUID(),
  };
}

/** The order to place: a menu order takes its topic and title from the course, a custom one from the form. */
export function placeOrderOf(form: OrderForm): object {
  return {
    courseId: form.courseId,
    // A custom order's topic and title left empty are refused as empty, with whatever else is wrong, in one round.
    topic: form.courseId ? undefined : (form.topic ?? ''),
    title: form.courseId ? undefined : (form.title ?? ''),
    format: form.format,
    ...orderWindow(form.fromDate, form.toDate),
    expectedAudience: form.expectedAudience,
    language: form.language,
    preferredLecturerId: form.preferredLecturerId,
    notes: form.notes,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An order's window from the form's two dates: from the first day's start to the last day's end
 * (local time). Anything that is not a date is passed on as typed, so that validation names the field.
 */
function orderWindow(fromDate: string, toDate: string): { earliestStart: string; latestStart: string } {
  return {
    earliestStart: DATE.test(fromDate) ? instantOf(fromDate, '00:00') : fromDate,
    latestStart: DATE.test(toDate) ? instantOf(toDate, '23:59') : toDate,
  };
}
