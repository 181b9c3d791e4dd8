import { cellText, enumReader, formatAvailability, readAvailability, readBoolean, readList, readNumber } from './cell-values.js';
import { CATEGORY_ZH, FORMAT_ZH } from '../i18n/labels-zh.js';

describe('cellText', () => {
  it('trims and folds full-width digits, letters and punctuation', () => {
    expect(cellText('  ＤＺＢ－００１ ')).toBe('DZB-001');
    expect(cellText('周一 ０８：００－１２：００；周三')).toBe('周一 08:00-12:00;周三');
  });

  it('reads an Excel date or time as the wall clock it was typed in (Asia/Shanghai)', () => {
    expect(cellText(new Date(Date.UTC(1899, 11, 30, 8, 30)))).toBe('08:30');
    expect(cellText(new Date(Date.UTC(2026, 6, 1)))).toBe('2026-07-01');
    expect(cellText(new Date(Date.UTC(2026, 6, 1, 14, 5)))).toBe('2026-07-01 14:05');
  });

  it('reads a cell of only invisible characters as empty, and keeps them inside a name (Mongolian shaping needs them)', () => {
    expect(cellText('\u200d\u2060', false)).toBe('');
    expect(cellText('ᠮᠣᠩᠭᠣᠯ\u200dᠠ', false)).toBe('ᠮᠣᠩᠭᠣᠯ\u200dᠠ');
  });

  it('reads rich text and formula results as their text', () => {
    expect(cellText({ richText: [{ text: '巴彦' }, { text: '嵯岗' }] })).toBe('巴彦嵯岗');
    expect(cellText(42)).toBe('42');
  });
});

describe('the readers', () => {
  it('finds a word by its code or its Chinese label, however quoted', () => {
    const category = enumReader(CATEGORY_ZH);
    expect(category('五老')).toEqual({ ok: true, value: 'five_elders' });
    expect(category('“五老”')).toEqual({ ok: true, value: 'five_elders' });
    expect(category('expert_scholar')).toEqual({ ok: true, value: 'expert_scholar' });
    expect(category('厨师')).toEqual({ ok: false, problem: 'IMPORT_VALUE_INVALID' });
  });

  it('reads lists split by 、 , ; and drops repeats', () => {
    expect(readList('现场授课、线上,线上', enumReader(FORMAT_ZH))).toEqual({ ok: true, value: ['on_site', 'online'] });
  });

  it('reads numbers in range and 是/否', () => {
    expect(readNumber('1,200', 0, 100_000, true)).toEqual({ ok: true, value: 1200 });
    expect(readNumber('1.5', 0, 10, true).ok).toBe(false);
    expect(readNumber('abc', 0, 10).ok).toBe(false);
    expect(readBoolean('是')).toEqual({ ok: true, value: true });
    expect(readBoolean('')).toEqual({ ok: true, value: false });
  });
});

describe('readAvailability', () => {
  it('reads the office way of writing a week, and writes it back the same way', () => {
    const read = readAvailability('周一 08:00-12:00; 周三 14:00-18:00');
    expect(read).toEqual({
      ok: true,
      value: [
        { weekday: 1, from: '08:00', to: '12:00' },
        { weekday: 3, from: '14:00', to: '18:00' },
      ],
    });
    expect(read.ok && formatAvailability(read.value)).toBe('周一 08:00-12:00; 周三 14:00-18:00');
  });

  it('takes day ranges, several days and several times a day', () => {
    const read = readAvailability('周一至周三 19:00-21:00\n星期六、周日 08:00-12:00 14:00-18:00');
    expect(read.ok && read.value.length).toBe(7);
  });

  it.each(['周八 08:00-12:00', '周一 12:00-08:00', '周一 25:00-26:00', '周一'])('refuses %j', (text) => {
    expect(readAvailability(text)).toEqual({ ok: false, problem: 'IMPORT_AVAILABILITY_INVALID' });
  });
});
