/** Every text of a language, for the checks that all of them hold (Mongolian shaping, the font's coverage). */
import { NOTIFICATION_EVENTS } from '../kernel/notification-events.js';
import { ADMIN_ZH } from './admin-texts-zh.js';
import { LANGUAGE_ENDONYM, type UiLanguage } from './language.js';
import { TEXTS } from './texts.js';

/** The tables of plain texts by key. */
export const LABEL_TABLES = [
  'status',
  'format',
  'topic',
  'category',
  'level',
  'branchKind',
  'regionLevel',
  'language',
  'role',
  'fields',
  'done',
  'page',
] as const;

const SAMPLE = { title: 'x', branch: 'x', startsAt: '2026-03-04T01:30:00Z', offerExpiresAt: '2026-03-05T01:30:00Z', reason: 'x', score: 5 };

/**
 * Every text of the language's tables, the notifications rendered from sample data, the language's own name (the
 * switch to it); in Chinese, the admin pages' texts too.
 */
export function everyText(language: UiLanguage): string[] {
  const t = TEXTS[language];
  return [
    ...LABEL_TABLES.flatMap((name) => Object.values(t[name] as Readonly<Record<string, string>>)),
    ...t.weekday,
    ...Object.values(t.messages),
    ...NOTIFICATION_EVENTS.flatMap((event) => {
      const { title, body } = t.notification[event](SAMPLE);
      return [title, body];
    }),
    LANGUAGE_ENDONYM[language],
    ...(language === 'zh' ? Object.values(ADMIN_ZH) : []),
  ];
}
