/**
 * A lecturer's fields as the forms read and show them (the office's lecturer page and the lecturer's own profile):
 * the menu's topics and the listed languages as boxes, any others typed out.
 */
import { LANGUAGE_ZH, TOPIC_ZH } from '../../i18n/labels-zh.js';
import type { LecturerView } from '../../lecturers/lecturers.dto.js';
import { type FormBody, list, text } from './form-fields.js';

/** Languages as checkboxes (汉语, 蒙古语) plus any others typed as codes: 'ru, en'. */
export function languagesOf(body: FormBody): string[] {
  const others = (text(body, 'otherLanguages') ?? '').split(/[\s,，、]+/).filter((s) => s !== '');
  return [...new Set([...list(body, 'languages'), ...others])];
}

/** The menu's topics as checkboxes plus any others typed: '草原防火, 电商'. */
export function topicsOf(body: FormBody): string[] {
  const others = (text(body, 'otherTopics') ?? '')
    .split(/[,，、᠂]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set([...list(body, 'topics'), ...others])];
}

/** What a lecturer teaches, as the form shows it stored: boxes for the menu's topics and listed languages, the rest typed, joined by `comma`. */
export function teachingForm(l: Pick<LecturerView, 'topics' | 'languages' | 'formats'>, comma: string) {
  const isMenuTopic = (t: string) => Object.hasOwn(TOPIC_ZH, t);
  const isListedLanguage = (g: string) => Object.hasOwn(LANGUAGE_ZH, g);
  return {
    topics: l.topics.filter(isMenuTopic),
    otherTopics: l.topics.filter((t) => !isMenuTopic(t)).join(comma),
    languages: l.languages.filter(isListedLanguage),
    otherLanguages: l.languages.filter((g) => !isListedLanguage(g)).join(', '),
    formats: l.formats,
  };
}
