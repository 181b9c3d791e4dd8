import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ADMIN_ZH } from '../../i18n/admin-texts-zh.js';
import { PAGE_ZH } from '../../i18n/page-texts-zh.js';
import { adminClientTexts, clientTexts } from '../../i18n/texts.js';
import { PUBLIC_DIR, VIEWS_DIR } from '../plumbing/web-assets.js';

/**
 * The house rule for the templates: their words live in src/i18n and are rendered by key, `t('…')` (the pages in
 * both languages) or `at('…')` (the organisation department's, Chinese only); a template holds no Chinese itself.
 */

/** Han ideographs, CJK punctuation (、。《》…) and fullwidth forms (（）：，＋…). */
const CJK = /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/u;

/** Every template under views/, as its path there and its text. */
function templates(dir = VIEWS_DIR): Array<{ name: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return templates(path);
    return e.name.endsWith('.njk') ? [{ name: relative(VIEWS_DIR, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

/** The lines of a template with CJK outside its `{# comments #}`, as `name:line: text`. */
function cjkLines(name: string, text: string): string[] {
  // A comment gives way to as many line breaks as it spans, so that the line numbers stay right.
  const uncommented = text.replace(/\{#[\s\S]*?#\}/g, (comment) => comment.replace(/[^\n]/g, ''));
  return uncommented.split('\n').flatMap((line, i) => (CJK.test(line) ? [`${name}:${i + 1}: ${line.trim()}`] : []));
}

/** The text functions' tables: `t` takes the pages' keys; `at` the admin pages' own and the pages' (adminText). */
const KEYS: Readonly<Record<'t' | 'at', ReadonlySet<string>>> = {
  t: new Set(Object.keys(PAGE_ZH)),
  at: new Set([...Object.keys(ADMIN_ZH), ...Object.keys(PAGE_ZH)]),
};

/** The calls of `t(…)` and `at(…)` whose key is not in their table, or not a quoted key at all, as `name: call`. */
function unknownKeys(name: string, text: string): string[] {
  return [...text.matchAll(/\b(t|at)\(\s*(?:'([^']*)'|"([^"]*)")?/g)].flatMap((call) => {
    const key = call[2] ?? call[3];
    return key !== undefined && KEYS[call[1] as 't' | 'at'].has(key) ? [] : [`${name}: ${call[0]}`];
  });
}

/** The pages' own scripts (not the vendors' files, nor the banners' outlines generated from data/), as name and text. */
function scripts(): Array<{ name: string; text: string }> {
  return readdirSync(PUBLIC_DIR)
    .filter((name) => name.endsWith('.js') && name !== 'hulunbuir-banners.js')
    .map((name) => ({ name, text: readFileSync(join(PUBLIC_DIR, name), 'utf8') }));
}

/** The lines of a script with CJK outside its comments (`//` to the end of the line, block comments). */
function cjkScriptLines(name: string, text: string): string[] {
  const uncommented = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, '')).replace(/(^|[^:'"])\/\/.*$/gm, '$1');
  return uncommented.split('\n').flatMap((line, i) => (CJK.test(line) ? [`${name}:${i + 1}: ${line.trim()}`] : []));
}

/** The scripts only the organisation department's pages load: they also have its texts (`clientTexts(true)`). */
const ADMIN_SCRIPTS = new Set(['dashboard.js', 'imports.js', 'run.js', 'tour-map.js']);

/** The keys a script asks `pageText` for (as `pageText('…')` or through a local `text('…')`) that its pages do not give it. */
function unknownScriptKeys(name: string, text: string): string[] {
  const given = new Set(Object.keys(ADMIN_SCRIPTS.has(name) ? { ...clientTexts('zh'), ...adminClientTexts() } : clientTexts('zh')));
  return [...text.matchAll(/\b(?:pageText|text)\('([^']*)'/g)].flatMap((call) => (given.has(call[1]) ? [] : [`${name}: ${call[0]}`]));
}

describe("the pages' scripts", () => {
  const all = scripts();

  it('are found', () => {
    expect(all.map((s) => s.name)).toEqual(expect.arrayContaining(['page-texts.js', 'run.js', 'dashboard.js', 'offline.js']));
  });

  it('hold no Chinese outside comments: their words come from src/i18n through the page (page-texts.js)', () => {
    expect(all.flatMap((s) => cjkScriptLines(s.name, s.text))).toEqual([]);
  });

  it('ask only for keys their pages give them', () => {
    expect(all.flatMap((s) => unknownScriptKeys(s.name, s.text))).toEqual([]);
  });

  it('names Chinese outside comments and keys not given (the checks can fail)', () => {
    expect(cjkScriptLines('x.js', "// 讲师\n/* 多行\n 注释 */ a('讲师'); // 注释\nb('https://x'); // 讲师")).toEqual([
      "x.js:3: a('讲师');",
    ]);
    expect(unknownScriptKeys('x.js', "pageText('client.shrinking'); text('admin.client.offline'); text('nav.x')")).toEqual([
      "x.js: text('admin.client.offline'",
      "x.js: text('nav.x'",
    ]);
    expect(unknownScriptKeys('run.js', "pageText('admin.client.offline')")).toEqual([]);
  });
});

describe('the page templates', () => {
  const all = templates();

  it('are found', () => {
    expect(all.map((t) => t.name)).toEqual(
      expect.arrayContaining(['layout.njk', join('admin', 'run.njk'), join('partials', 'breakdown.njk')]),
    );
  });

  it('hold no Chinese outside comments: their words are keys of src/i18n', () => {
    expect(all.flatMap((t) => cjkLines(t.name, t.text))).toEqual([]);
  });

  it('name only keys their text function has', () => {
    expect(all.flatMap((t) => unknownKeys(t.name, t.text))).toEqual([]);
  });

  it('names Chinese words, CJK punctuation and fullwidth forms, not those in comments (the check can fail)', () => {
    const text =
      "{# 讲师库 #}<h1>{{ at('nav.lecturers') }}</h1>\n{#\n  多行 #}\n<p>讲师</p>\n<p>{{ x }}。</p>\n<p>＋ x</p>\n<p>ᠮᠣᠩᠭᠣᠯ · ‹ — …</p>";
    expect(cjkLines('x.njk', text)).toEqual(['x.njk:4: <p>讲师</p>', 'x.njk:5: <p>{{ x }}。</p>', 'x.njk:6: <p>＋ x</p>']);
  });

  it('names a key missing from its table, an admin key given to t, and a key not written out (the check can fail)', () => {
    const text =
      "{{ t('nav.orders') }}{{ at('nav.orders') }}{{ at('admin.run.hidden', { n: 1 }) }}{{ t('admin.run.hidden') }}{{ at('admin.run.hiden') }}{{ t(key) }}{{ format(x) }}";
    expect(unknownKeys('x.njk', text)).toEqual(["x.njk: t('admin.run.hidden'", "x.njk: at('admin.run.hiden'", 'x.njk: t(']);
  });
});
