/** Filters the templates use to show the domain's values in the page's language. */
import { localDate } from '../../kernel/time.js';
import { isOnSite } from '../../kernel/vocabulary.js';
import { duration, localDateTime, localTime, longDate, shortDate } from '../shared/time-format.js';
import { labelOf } from '../../i18n/labels-zh.js';
import { pageText, type Texts, texts } from '../../i18n/texts.js';

type LabelTable = { [K in keyof Texts]: Texts[K] extends Readonly<Record<string, string>> ? K : never }[keyof Texts];
const label = (table: LabelTable) => (code: string | null | undefined) => labelOf(texts()[table], code);
const when = (f: (t: string) => string) => (t: string | Date | null | undefined) =>
  t === null || t === undefined || t === '' ? '' : f(String(t instanceof Date ? t.toISOString() : t));

/**
 * JSON for a `<script type="application/json">` block: `<` is escaped so that no text in the data
 * can close the block, and the block is never executed (the CSP allows only the app's own scripts).
 */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const TEMPLATE_FILTERS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  status: label('status'),
  format: label('format'),
  topic: label('topic'),
  category: label('category'),
  level: label('level'),
  kind: label('branchKind'),
  regionLevel: label('regionLevel'),
  language: label('language'),
  role: label('role'),
  dt: when(localDateTime),
  date: when(localDate),
  // The last day of a half-open range's end (a run's periodTo, the next midnight after its last day).
  lastDate: when((end) => localDate(Date.parse(end) - 1)),
  time: when(localTime),
  longDate: when(longDate),
  shortDate: when(shortDate),
  minutes: (m: number) => duration(m),
  // Whether a lecture's format takes the lecturer there: an online one's distance is no one's concern.
  onSite: (format: string) => isOnSite(format),
  km: (km: number | null | undefined) =>
    km === null || km === undefined ? '' : pageText('common.km', { n: km < 10 ? km.toFixed(1) : Math.round(km) }),
  fixed: (n: number, digits = 1) => (typeof n === 'number' ? n.toFixed(digits) : ''),
  jsonBlock,
  /** A form value that may be one string or several, as a list (checkbox groups). */
  asList: (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
};
