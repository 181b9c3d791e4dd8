/**
 * What a spreadsheet cell holds, as an office types it, read into the API's values: pure, no NestJS.
 * Every reader returns either a value or the code of what is wrong with the cell.
 */
import { CODE_PATTERN, hasVisibleCharacter } from '../common/validation.js';
import type { WeeklyWindow } from '../kernel/availability.js';

export type CellProblem =
  | 'IMPORT_VALUE_REQUIRED'
  | 'IMPORT_VALUE_INVALID'
  | 'IMPORT_NUMBER_INVALID'
  | 'IMPORT_TEXT_TOO_LONG'
  | 'IMPORT_CODE_INVALID'
  | 'IMPORT_USERNAME_INVALID'
  | 'IMPORT_AVAILABILITY_INVALID';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: CellProblem };
export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const bad = <T>(problem: CellProblem): Read<T> => ({ ok: false, problem });

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as text: trimmed, full-width digits, letters and punctuation folded (NFKC: `１２` → `12`, `，` → `,`)
 * unless it is free text (a name, a title), whose Chinese punctuation stays as written.
 * Excel keeps dates and times without a zone, as the wall clock of whoever typed them (Asia/Shanghai here):
 * the reader hands them over as Dates whose UTC fields are that wall clock.
 */
export function cellText(value: unknown, fold = true): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const hm = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
    // Excel's day 0 (1899-12-30): a time of day typed without a date.
    if (value.getUTCFullYear() < 1901) return hm;
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return value.getUTCHours() === 0 && value.getUTCMinutes() === 0 ? date : `${date} ${hm}`;
  }
  if (typeof value === 'object') {
    // exceljs' rich text, hyperlinks and formula results
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return cellText(v.richText.map((r) => r.text).join(''), fold);
    if (v.text !== undefined) return cellText(v.text, fold);
    if (v.result !== undefined) return cellText(v.result, fold);
    return '';
  }
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  const read = (fold ? text.normalize('NFKC') : text).replace(/[\u200b\ufeff]/g, '').trim();
  // Only invisible characters left (a zero-width joiner, a control): an empty cell, as the API refuses such a name.
  return hasVisibleCharacter(read) ? read : '';
}

/** A key to compare labels by: without case, spaces or quotation marks (`“五老”` is `五老`). */
export function looseKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s"'“”‘’「」『』《》]/g, '');
}

export function readText(text: string, max = 200): Read<string> {
  return text.length > max ? bad('IMPORT_TEXT_TOO_LONG') : ok(text);
}

/** A code (编码): letters, digits and `. _ -`, up to 64. */
export function readCode(text: string): Read<string> {
  return CODE_PATTERN.test(text) ? ok(text) : bad('IMPORT_CODE_INVALID');
}

export function readNumber(text: string, min: number, max: number, integer = false): Read<number> {
  const cleaned = text.replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return bad('IMPORT_NUMBER_INVALID');
  const n = Number(cleaned);
  if ((integer && !Number.isInteger(n)) || n < min || n > max) return bad('IMPORT_NUMBER_INVALID');
  return ok(n);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

/** 是/否 (or yes/no, true/false, 1/0); an empty cell is 否. */
export function readBoolean(text: string): Read<boolean> {
  const key = looseKey(text);
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return bad('IMPORT_VALUE_INVALID');
}

/** Looks a word up by its code (`on_site`) or its Chinese label (`现场授课`), however it is spaced or quoted. */
export function enumReader<K extends string>(labels: Readonly<Record<K, string>>): (text: string) => Read<K> {
  const byKey = new Map<string, K>();
  for (const [code, label] of Object.entries(labels) as Array<[K, string]>) {
    byKey.set(looseKey(code), code);
    byKey.set(looseKey(label), code);
    // `企业 / “两新”组织`, `嘎查村 / 社区`: either half alone also names it.
    for (const part of label.split('/')) if (!byKey.has(looseKey(part))) byKey.set(looseKey(part), code);
  }
  return (text) => {
    const code = byKey.get(looseKey(text));
    return code === undefined ? bad('IMPORT_VALUE_INVALID') : ok(code);
  };
}

/** A list in one cell: `党史、政策法规`, `zh, mn`, `a;b` or one a line. */
export function splitList(text: string): string[] {
  return text
    .split(/[、,;|\n/]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function readList<T>(text: string, readOne: (item: string) => Read<T>): Read<T[]> {
  const out: T[] = [];
  for (const item of splitList(text)) {
    const r = readOne(item);
    if (!r.ok) return bad(r.problem);
    if (!out.includes(r.value)) out.push(r.value);
  }
  return ok(out);
}

const WEEKDAYS: ReadonlyArray<readonly string[]> = [
  [],
  ['周一', '星期一', '礼拜一', 'mon', 'monday'],
  ['周二', '星期二', '礼拜二', 'tue', 'tuesday'],
  ['周三', '星期三', '礼拜三', 'wed', 'wednesday'],
  ['周四', '星期四', '礼拜四', 'thu', 'thursday'],
  ['周五', '星期五', '礼拜五', 'fri', 'friday'],
  ['周六', '星期六', '礼拜六', 'sat', 'saturday'],
  ['周日', '周天', '星期日', '星期天', '礼拜日', '礼拜天', 'sun', 'sunday'],
];
const WEEKDAY_OF = new Map(WEEKDAYS.flatMap((names, day) => names.map((n) => [n, day] as const)));
const WEEKDAY_NAME = WEEKDAYS.map((names) => names[0] ?? '');
const HM = /^([01]?\d|2[0-4])[:.](\d\d)$/;

function minutesOf(hm: string): number | undefined {
  const m = HM.exec(hm);
  if (!m) return undefined;
  const total = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && total <= 24 * 60 ? total : undefined;
}

const hmOf = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * A weekly pattern as an office writes it: `周一 08:00-12:00; 周三 14:00-18:00`. A part may name several
 * days (`周一、周三`, `周一至周五`) and several times (`08:00-12:00 14:00-18:00`); parts are separated by
 * `;`, `,` or new lines (full-width ones too). An empty cell is no availability.
 */
export function readAvailability(text: string): Read<WeeklyWindow[]> {
  const windows: WeeklyWindow[] = [];
  for (const part of text.split(/[;,\n]+/).map((s) => s.trim())) {
    if (part === '') continue;
    const m = /^(.+?)\s*((?:\d{1,2}[:.]\d\d\s*[-~至到]\s*\d{1,2}[:.]\d\d\s*)+)$/.exec(part);
    if (!m) return bad('IMPORT_AVAILABILITY_INVALID');
    const days = weekdaysOf(m[1].replace(/\s+/g, '').toLowerCase());
    if (!days) return bad('IMPORT_AVAILABILITY_INVALID');
    for (const range of m[2].matchAll(/(\d{1,2}[:.]\d\d)\s*[-~至到]\s*(\d{1,2}[:.]\d\d)/g)) {
      const from = minutesOf(range[1]);
      const to = minutesOf(range[2]);
      if (from === undefined || to === undefined || to <= from || from >= 24 * 60) return bad('IMPORT_AVAILABILITY_INVALID');
      for (const weekday of days) windows.push({ weekday, from: hmOf(from), to: hmOf(to) });
    }
  }
  return ok(sortWindows(windows));
}

function weekdaysOf(spec: string): number[] | undefined {
  const range = /^(.+?)[-~至到](.+)$/.exec(spec);
  if (range && WEEKDAY_OF.has(range[1]) && WEEKDAY_OF.has(range[2])) {
    const from = WEEKDAY_OF.get(range[1]) as number;
    const to = WEEKDAY_OF.get(range[2]) as number;
    return to >= from ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : undefined;
  }
  const days = spec.split(/[、/&和]+/).map((d) => WEEKDAY_OF.get(d));
  return days.length > 0 && days.every((d) => d !== undefined) ? days : undefined;
}

export function sortWindows(windows: readonly WeeklyWindow[]): WeeklyWindow[] {
  return [...windows].sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** The weekly pattern as the sheets write it (and read it back). */
export function formatAvailability(windows: readonly WeeklyWindow[]): string {
  return sortWindows(windows)
    .map((w) => `${WEEKDAY_NAME[w.weekday]} ${w.from}-${w.to}`)
    .join('; ');
}
