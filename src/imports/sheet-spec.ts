/**
 * The import sheets, kind by kind: each column's English name (its key, also accepted as a header), whether
 * it must be filled, how its text is read, and the choices its drop-down offers. Pure: no NestJS, no TypeORM.
 */
import { isValidUsername } from '../auth/username.js';
import { MAX_TRAVEL_RADIUS_KM } from '../kernel/geo.js';
import type { WeeklyWindow } from '../kernel/availability.js';
import { BRANCH_KIND_ZH, CATEGORY_ZH, FORMAT_ZH, LANGUAGE_ZH, LEVEL_ZH, REGION_LEVEL_ZH, ROLE_ZH, TOPIC_ZH } from '../i18n/labels-zh.js';
import { IMPORT_COLUMNS_ZH } from '../i18n/imports-zh.js';
import type { BranchKind, LectureFormat, LecturerCategory, LecturerLevel, RegionLevel, Role } from '../kernel/vocabulary.js';
import {
  bad,
  enumReader,
  looseKey,
  ok,
  type Read,
  readAvailability,
  readBoolean,
  readCode,
  readList,
  readNumber,
  readText,
} from './cell-values.js';

export const IMPORT_KINDS = ['regions', 'branches', 'lecturers', 'courses', 'accounts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ColumnSpec {
  key: string;
  required: boolean;
  read: (text: string) => Read<unknown>;
  /** The labels a drop-down offers. */
  choices?: readonly string[];
  /** The drop-down only suggests: the column takes several values, or values of its own (custom topics, other languages). */
  suggestOnly?: boolean;
  /** An empty cell's value when not required (and a missing column's). */
  empty?: unknown;
  /** A name, a title, a description: trimmed, but its full-width punctuation kept as written. */
  freeText?: boolean;
  /**
   * A missing column's value, when it differs from an empty cell's: null (availability) or undefined (the rest), the
   * stored value kept. A sheet without a column of what is stored is no order to clear it.
   */
  absent?: unknown;
  /** A value as the sheet writes it (an enumerated column: its Chinese label, as its drop-down offers it). */
  label?: (value: string) => string;
}

const code = (key = 'code', required = true): ColumnSpec => ({ key, required, read: readCode, empty: null });
const name = (key: string): ColumnSpec => ({ key, required: true, read: (t) => readText(t, 200), freeText: true });
const number = (key: string, min: number, max: number, required: boolean, integer = false): ColumnSpec => ({
  key,
  required,
  read: (t) => readNumber(t, min, max, integer),
  empty: null,
});
const labelled = <K extends string>(key: string, labels: Readonly<Record<K, string>>, required = true): ColumnSpec => ({
  key,
  required,
  read: enumReader(labels),
  choices: Object.values(labels),
  empty: null,
  label: (value) => (labels as Readonly<Record<string, string>>)[value] ?? value,
});
const flag = (key: string): ColumnSpec => ({
  key,
  required: false,
  read: readBoolean,
  choices: ['是', '否'],
  empty: false,
  absent: undefined,
});
const labelledList = <K extends string>(key: string, labels: Readonly<Record<K, string>>, required: boolean): ColumnSpec => ({
  key,
  required,
  read: (t) => readList(t, enumReader(labels)),
  choices: Object.values(labels),
  suggestOnly: true,
  empty: [],
});

const topicOf = enumReader(TOPIC_ZH);
/** A menu topic by its code or label, or a custom topic as written. */
const readTopic = (t: string): Read<string> => {
  const known = topicOf(t);
  return known.ok ? known : readText(t, 100);
};
const languageOf = enumReader(LANGUAGE_ZH);
/** 汉语 / 蒙古语 by name, any other language by its 2–3 letter code. */
const readLanguage = (t: string): Read<string> => {
  const known = languageOf(t);
  if (known.ok) return known;
  const codeText = looseKey(t);
  return /^[a-z]{2,3}$/.test(codeText) ? ok(codeText) : bad('IMPORT_VALUE_INVALID');
};
const usernameOf = (t: string): Read<string> => (isValidUsername(t) ? ok(t) : bad('IMPORT_USERNAME_INVALID'));
const codeList = (t: string): Read<string[]> => readList(t, readCode);

export const SHEET_COLUMNS: Readonly<Record<ImportKind, readonly ColumnSpec[]>> = {
  regions: [
    code(),
    name('name'),
    labelled('level', REGION_LEVEL_ZH),
    code('parentCode', false),
    number('latitude', -90, 90, true),
    number('longitude', -180, 180, true),
    flag('border'),
    flag('remote'),
    flag('weak'),
  ],
  branches: [
    code(),
    name('name'),
    code('regionCode'),
    labelled('kind', BRANCH_KIND_ZH),
    number('memberCount', 0, 100_000, true, true),
    number('latitude', -90, 90, false),
    number('longitude', -180, 180, false),
  ],
  lecturers: [
    code(),
    name('name'),
    labelled('category', CATEGORY_ZH),
    labelled('level', LEVEL_ZH),
    code('regionCode'),
    number('latitude', -90, 90, false),
    number('longitude', -180, 180, false),
    {
      key: 'topics',
      required: false,
      read: (t) => readList(t, readTopic),
      choices: Object.values(TOPIC_ZH),
      suggestOnly: true,
      empty: [],
      absent: undefined,
    },
    { key: 'languages', required: true, read: (t) => readList(t, readLanguage), choices: Object.values(LANGUAGE_ZH), suggestOnly: true },
    labelledList('formats', FORMAT_ZH, true),
    number('maxLecturesPerMonth', 0, 100, true, true),
    number('travelRadiusKm', 0, MAX_TRAVEL_RADIUS_KM, true, true),
    { key: 'availability', required: false, read: readAvailability, empty: [], absent: null },
  ],
  courses: [
    code(),
    name('title'),
    { key: 'topic', required: true, read: readTopic, choices: Object.values(TOPIC_ZH), suggestOnly: true },
    { key: 'description', required: false, read: (t) => readText(t, 2000), empty: null, freeText: true, absent: undefined },
    number('durationMinutes', 15, 600, true, true),
    labelledList('formats', FORMAT_ZH, true),
    { key: 'lecturerCodes', required: false, read: codeList, empty: [], absent: undefined },
  ],
  accounts: [
    { key: 'username', required: true, read: usernameOf },
    labelled('role', ROLE_ZH),
    code('branchCode', false),
    code('lecturerCode', false),
    code('regionCode', false),
  ],
};

/** A column's Chinese header. */
export const headerOf = (kind: ImportKind, key: string): string => IMPORT_COLUMNS_ZH[kind][key]?.header ?? key;

/** A value read from a column, written back as the sheet shows it: a row problem names the cell as the admin sees it. */
export const cellText = (kind: ImportKind, key: string, value: string): string =>
  SHEET_COLUMNS[kind].find((c) => c.key === key)?.label?.(value) ?? value;

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  latitude: number;
  longitude: number;
  /** undefined (here and below) when the sheet has no such column: what is stored is kept. */
  border: boolean | undefined;
  remote: boolean | undefined;
  weak: boolean | undefined;
}
export interface BranchRow {
  code: string;
  name: string;
  regionCode: string;
  kind: BranchKind;
  memberCount: number;
  latitude: number | null;
  longitude: number | null;
}
export interface LecturerRow {
  code: string;
  name: string;
  category: LecturerCategory;
  level: LecturerLevel;
  regionCode: string;
  latitude: number | null;
  longitude: number | null;
  topics: string[] | undefined;
  languages: string[];
  formats: LectureFormat[];
  maxLecturesPerMonth: number;
  travelRadiusKm: number;
  /** null when the sheet has no such column: the lecturer's availability is kept. */
  availability: WeeklyWindow[] | null;
}
export interface CourseRow {
  code: string;
  title: string;
  topic: string;
  description: string | null | undefined;
  durationMinutes: number;
  formats: LectureFormat[];
  lecturerCodes: string[] | undefined;
}
export interface AccountRow {
  username: string;
  role: Role;
  branchCode: string | null;
  lecturerCode: string | null;
  regionCode: string | null;
}
export interface RowsOf {
  regions: RegionRow;
  branches: BranchRow;
  lecturers: LecturerRow;
  courses: CourseRow;
  accounts: AccountRow;
}
