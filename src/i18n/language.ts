/**
 * The language a page is read in: Chinese, or Mongolian in its traditional script. A page request
 * runs inside `inLanguage`, so every text rendered for it (labels, messages, dates, notifications)
 * comes out in the reader's language without each caller passing it along; outside a page (the API,
 * SMS and e-mail) texts are Chinese.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const UI_LANGUAGES = ['zh', 'mn'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** The `lang` attribute of a page: Mongolian in the traditional (Mongolian) script, not Cyrillic. */
export const HTML_LANG: Readonly<Record<UiLanguage, string>> = { zh: 'zh-CN', mn: 'mn-Mong' };

/** Each language named in its own script, as the switch to it reads on a page in the other one. */
export const LANGUAGE_ENDONYM: Readonly<Record<UiLanguage, string>> = { zh: '中文', mn: 'ᠮᠣᠩᠭᠣᠯ' };

const current = new AsyncLocalStorage<UiLanguage>();

export function inLanguage<T>(language: UiLanguage, run: () => T): T {
  return current.run(language, run);
}

export function currentLanguage(): UiLanguage {
  return current.getStore() ?? 'zh';
}
