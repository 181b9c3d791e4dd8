import { statSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { everyText } from '../../i18n/every-text.js';
import { MONGOLIAN_FONT_FILE } from './web-assets.js';

/** The characters the font must draw itself: the Mongolian block, NNBSP, ZWNJ and ZWJ (digits and Latin fall back to the system's font). */
const OWN_RANGE = /[\u1800-\u18af\u202f\u200c\u200d]/u;

describe('the Mongolian font the pages serve', () => {
  const font = fontkit.openSync(MONGOLIAN_FONT_FILE) as fontkit.Font;

  it('has a glyph for every character the Mongolian texts use (no tofu)', () => {
    const used = new Set(everyText('mn').flatMap((text) => [...text].filter((c) => OWN_RANGE.test(c))));
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0) as number));
    expect(missing.map((c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase()}`)).toEqual([]);
  });

  it('keeps the joining and vertical features (GSUB/GPOS init, medi, fina, isol, vert)', () => {
    const tables = Object.keys((font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables);
    expect(tables).toEqual(expect.arrayContaining(['GSUB', 'GPOS', 'vhea', 'vmtx']));
    expect(font.availableFeatures).toEqual(expect.arrayContaining(['init', 'medi', 'fina', 'isol', 'vert']));
  });

  it('is within the budget of 150 KB', () => {
    expect(statSync(MONGOLIAN_FONT_FILE).size).toBeLessThanOrEqual(150 * 1024);
  });
});
