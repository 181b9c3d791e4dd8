/**
 * The one place that picks a language's tables: every text of the pages is looked up here, in the
 * language of the page being rendered (`currentLanguage`), or in the one asked for.
 */
import type { NotificationEvent, EventData } from '../kernel/notification-events.js';
import { ADMIN_ZH } from './admin-texts-zh.js';
import type { ErrorCode } from './error-codes.js';
import { currentLanguage, type UiLanguage } from './language.js';
import {
  BRANCH_KIND_MN,
  CATEGORY_MN,
  FORMAT_MN,
  LANGUAGE_MN,
  LEVEL_MN,
  REGION_LEVEL_MN,
  ROLE_MN,
  STATUS_MN,
  TOPIC_MN,
  WEEKDAY_MN,
} from './labels-mn.js';
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
  WEEKDAY_ZH,
} from './labels-zh.js';
import { DONE_MN, FIELD_MN, MESSAGES_MN } from './messages-mn.js';
import { DONE_ZH, FIELD_ZH, MESSAGES_ZH } from './messages-zh.js';
import { NOTIFICATION_TEXT_MN } from './notifications-mn.js';
import { NOTIFICATION_TEXT_ZH, type NotificationText } from './notifications-zh.js';
import { PAGE_MN } from './page-texts-mn.js';
import { PAGE_ZH, type PageTextKey } from './page-texts-zh.js';

type Table = Readonly<Record<string, string>>;

/** One language's tables. */
export interface Texts {
  status: Table;
  format: Table;
  topic: Table;
  category: Table;
  level: Table;
  branchKind: Table;
  regionLevel: Table;
  language: Table;
  role: Table;
  weekday: readonly string[];
  messages: Readonly<Record<ErrorCode, string>>;
  fields: Table;
  done: Table;
  page: Readonly<Record<PageTextKey, string>>;
  notification: Readonly<Record<NotificationEvent, (d: EventData) => NotificationText>>;
}

export const TEXTS: Readonly<Record<UiLanguage, Texts>> = {
  zh: {
    status: STATUS_ZH,
    format: FORMAT_ZH,
    topic: TOPIC_ZH,
    category: CATEGORY_ZH,
    level: LEVEL_ZH,
    branchKind: BRANCH_KIND_ZH,
    regionLevel: REGION_LEVEL_ZH,
    language: LANGUAGE_ZH,
    role: ROLE_ZH,
    weekday: WEEKDAY_ZH,
    messages: MESSAGES_ZH,
    fields: FIELD_ZH,
    done: DONE_ZH,
    page: PAGE_ZH,
    notification: NOTIFICATION_TEXT_ZH,
  },
  mn: {
    status: STATUS_MN,
    format: FORMAT_MN,
    topic: TOPIC_MN,
    category: CATEGORY_MN,
    level: LEVEL_MN,
    branchKind: BRANCH_KIND_MN,
    regionLevel: REGION_LEVEL_MN,
    language: LANGUAGE_MN,
    role: ROLE_MN,
    weekday: WEEKDAY_MN,
    messages: MESSAGES_MN,
    fields: FIELD_MN,
    done: DONE_MN,
    page: PAGE_MN,
    notification: NOTIFICATION_TEXT_MN,
  },
};

export function texts(language: UiLanguage = currentLanguage()): Texts {
  return TEXTS[language];
}

type TextValues = Readonly<Record<string, string | number>>;

/** A text's `{name}` places filled with the values given (one without a value stays as it is). */
function filled(text: string, values: TextValues): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** A page's text by key, its `{name}` places filled: `pageText('common.people', { n: 30 })` → '约 30 人'. */
export function pageText(key: PageTextKey, values: TextValues = {}, language?: UiLanguage): string {
  return filled(texts(language).page[key], values);
}

/** A text of the organisation department's pages: one of their own (`admin.*`), or one they share with the other pages. */
export type AdminTextKey = keyof typeof ADMIN_ZH | PageTextKey;

/**
 * A text of the organisation department's pages by key, its `{name}` places filled, always in Chinese (those
 * pages have no other language): `adminText('admin.run.hidden', { n: 3 })` → '另有 3 个订单未列出。'.
 */
export function adminText(key: AdminTextKey, values: TextValues = {}): string {
  return filled(Object.hasOwn(ADMIN_ZH, key) ? ADMIN_ZH[key as keyof typeof ADMIN_ZH] : PAGE_ZH[key as PageTextKey], values);
}

/** The other pages' texts the organisation department's scripts show too (beside their own `admin.client.*`). */
const ADMIN_CLIENT_PAGE_KEYS: readonly PageTextKey[] = ['place.border', 'place.remote', 'common.check', 'common.listSep', 'common.paren'];

/** The texts the organisation department's pages give their scripts (layout.njk's data-texts), their `{name}` places kept. */
export function adminClientTexts(): Record<string, string> {
  return {
    ...Object.fromEntries(ADMIN_CLIENT_PAGE_KEYS.map((key) => [key, PAGE_ZH[key]])),
    ...Object.fromEntries(Object.entries(ADMIN_ZH).filter(([key]) => key.startsWith('admin.client.'))),
  };
}

/** The texts the pages' own scripts show (the outbox, photo shrinking), in the page's language, their `{name}` places kept. */
export function clientTexts(language?: UiLanguage): Record<string, string> {
  return Object.fromEntries(Object.entries(texts(language).page).filter(([key]) => key.startsWith('client.')));
}
