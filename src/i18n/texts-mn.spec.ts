import { NOTIFICATION_EVENTS } from '../kernel/notification-events.js';
import { everyText, LABEL_TABLES as tables } from './every-text.js';
import { TEXTS } from './texts.js';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const MONGOLIAN_LETTER = /[\u1820-\u1878]/;
/** Case suffixes written apart from their word: after the word they take NNBSP (U+202F), never a plain space. */
const SUFFIX_AFTER_PLAIN_SPACE =
  /\p{Script=Mongolian} (ᠤᠨ|ᠦᠨ|ᠶᠢᠨ|ᠢᠨ|ᠤ|ᠦ|ᠢ|ᠶᠢ|ᠳᠤ|ᠳᠦ|ᠲᠤ|ᠲᠦ|ᠠᠴᠠ|ᠡᠴᠡ|ᠪᠠᠷ|ᠪᠡᠷ|ᠢᠶᠠᠷ|ᠢᠶᠡᠷ|ᠲᠠᠢ|ᠲᠡᠢ|ᠢᠶᠠᠨ|ᠢᠶᠡᠨ|ᠪᠠᠨ|ᠪᠡᠨ)(?!\p{Script=Mongolian})/u;

type Table = Readonly<Record<string, string>>;

/** The keys of a Chinese table whose Mongolian text is missing, empty, or not Mongolian. */
function lackingMongolian(zh: Table, mn: Table): string[] {
  return Object.keys(zh).filter((key) => {
    const text = mn[key];
    if (typeof text !== 'string' || HAN.test(text)) return true;
    // Where the Chinese has words, the Mongolian needs Mongolian ones; punctuation around values (`（{x}）`) needs none.
    return HAN.test(zh[key]) && !MONGOLIAN_LETTER.test(text);
  });
}

const { zh, mn } = TEXTS;

describe('the Mongolian texts', () => {
  it.each(tables)('has a Mongolian text for every key of the Chinese %s table', (name) => {
    expect(lackingMongolian(zh[name] as Table, mn[name] as Table)).toEqual([]);
  });

  it('has a Mongolian message for every error code', () => {
    expect(lackingMongolian(zh.messages, mn.messages)).toEqual([]);
  });

  it('has a Mongolian name for every weekday', () => {
    expect(lackingMongolian(Object.fromEntries(zh.weekday.entries()), Object.fromEntries(mn.weekday.entries()))).toEqual([]);
  });

  it('has a Mongolian title and body for every notification event', () => {
    const sample = { title: '《x》', startsAt: '2026-03-04T01:30:00Z' };
    const lacking = NOTIFICATION_EVENTS.filter((event) => {
      const { title, body } = mn.notification[event](sample);
      return !MONGOLIAN_LETTER.test(title) || !MONGOLIAN_LETTER.test(body) || HAN.test(title + body.replace('《x》', ''));
    });
    expect(lacking).toEqual([]);
  });

  it('names a code whose Mongolian text is missing or still Chinese (the check can fail)', () => {
    expect(lackingMongolian({ a: '甲', b: '乙', c: '丙' }, { a: 'ᠨᠢᠭᠡ', c: '丙' })).toEqual(['b', 'c']);
  });

  it('fills in the same values as the Chinese texts', () => {
    const places = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = Object.keys(zh.page).filter(
      (key) => places(zh.page[key as keyof typeof zh.page]).join() !== places(mn.page[key as keyof typeof mn.page]).join(),
    );
    expect(differing).toEqual([]);
  });

  it('has no extra keys beyond the Chinese tables', () => {
    const extra = tables.flatMap((name) => Object.keys(mn[name] as Table).filter((key) => !(key in (zh[name] as Table))));
    expect(extra).toEqual([]);
  });

  it('writes case suffixes after a narrow no-break space (U+202F), as Unicode Mongolian wants', () => {
    expect(everyText('mn').filter((text) => SUFFIX_AFTER_PLAIN_SPACE.test(text))).toEqual([]);
  });
});
