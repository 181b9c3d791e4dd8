import { asciiJson, escapeNonAscii } from './ascii-json.js';

describe(asciiJson.name, () => {
  const value = { title: '草原生态补奖政策解读', notes: 'ᠮᠣᠩᠭᠣᠯ é 😀', n: 3, none: null, list: ['党课', 'ok'] };

  it('writes only ASCII', () => {
    expect(asciiJson(value)).toMatch(/^[\x20-\x7e]*$/);
  });

  it('reads back as the same value JSON.stringify writes', () => {
    expect(JSON.parse(asciiJson(value))).toEqual(value);
  });

  it('leaves ASCII text as JSON.stringify writes it', () => {
    expect(asciiJson({ a: 'plain "quoted" \\ text', b: [1, 2] })).toBe(JSON.stringify({ a: 'plain "quoted" \\ text', b: [1, 2] }));
  });
});

describe(escapeNonAscii.name, () => {
  it('writes a character of the BMP as one lowercase escape of four digits', () => {
    expect(escapeNonAscii('"草é"')).toBe('"\\u8349\\u00e9"');
  });

  it('writes a character beyond the BMP as its two UTF-16 halves', () => {
    expect(escapeNonAscii('"😀"')).toBe('"\\ud83d\\ude00"');
  });
});
