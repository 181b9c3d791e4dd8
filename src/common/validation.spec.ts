import { hasVisibleCharacter, unstorableTextProblem } from './validation.js';

describe(unstorableTextProblem.name, () => {
  it('names the first field, however deep, whose text holds a NUL character or half of a surrogate pair', () => {
    expect(unstorableTextProblem({ q: 'a\u0000' })?.field).toBe('q');
    expect(unstorableTextProblem({ a: 'ok', b: { c: ['x', '\ud800'] } })?.field).toBe('b.c.1');
  });

  it('passes text the database can store, Mongolian and emoji included', () => {
    expect(unstorableTextProblem({ name: 'ᠮᠣᠩᠭᠣᠯ 草原 🐎', n: 3, list: ['a'], none: null })).toBeUndefined();
    expect(unstorableTextProblem(undefined)).toBeUndefined();
  });
});

describe(hasVisibleCharacter.name, () => {
  it.each([
    ['spaces, an ideographic space included', ' \u3000 '],
    ['zero-width characters and a BOM', '\u200b\u200d\ufeff'],
    ['a control', '\u0007'],
    ['a Hangul filler, drawn blank', '\u3164'],
    ['a halfwidth Hangul filler and a blank Braille pattern', '\uffa0\u2800'],
    ['combining marks with no letter under them', '\u0301\u0308'],
  ])('finds none in %s', (_label, text) => {
    expect(hasVisibleCharacter(text)).toBe(false);
  });

  it.each([
    ['a Chinese name', '巴特尔'],
    ['a Mongolian name with a free variation selector and a vowel separator', '\u182a\u1820\u180b\u180e\u1820'],
    ['a letter with its accent', 'e\u0301'],
    ['a single digit', '7'],
  ])('finds one in %s', (_label, text) => {
    expect(hasVisibleCharacter(text)).toBe(true);
  });
});
