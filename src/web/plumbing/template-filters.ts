/** Filters the templates use to show the domain's values in Chinese. */
import { localDate } from '../../kernel/time.js';
import { duration, localDateTime, localTime, longDate, shortDate } from '../shared/time-format.js';
import {
  BRANCH_KIND_ZH,
  CATEGORY_ZH,
  FORMAT_ZH,
  LANGUAGE_ZH,
  LEVEL_ZH,
  REGION_LEVEL_ZH,
  ROLE_ZH,
  STATUS_ZH,
  TOPIC_ZH,
  labelOf,
} from '../../i18n/labels-zh.js';

const label = (labels: Readonly<Record<string, string>>) => (code: string | null | undefined) => labelOf(labels, code);
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
  status: label(STATUS_ZH),
  format: label(FORMAT_ZH),
  topic: label(TOPIC_ZH),
  category: label(CATEGORY_ZH),
  level: label(LEVEL_ZH),
  kind: label(BRANCH_KIND_ZH),
  regionLevel: label(REGION_LEVEL_ZH),
  language: label(LANGUAGE_ZH),
  role: label(ROLE_ZH),
  dt: when(localDateTime),
  date: when(localDate),
  time: when(localTime),
  longDate: when(longDate),
  shortDate: when(shortDate),
  minutes: (m: number) => duration(m),
  km: (km: number | null | undefined) => (km === null || km === undefined ? '' : `${km < 10 ? km.toFixed(1) : Math.round(km)} 公里`),
  fixed: (n: number, digits = 1) => (typeof n === 'number' ? n.toFixed(digits) : ''),
  jsonBlock,
  /** A form value that may be one string or several, as a list (checkbox groups). */
  asList: (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
};
