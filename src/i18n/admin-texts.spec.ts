import { ADMIN_ZH } from './admin-texts-zh.js';
import { everyText } from './every-text.js';
import { inLanguage } from './language.js';
import { PAGE_ZH } from './page-texts-zh.js';
import { adminText } from './texts.js';

describe('the admin pages’ texts', () => {
  it('are all under admin., so that none hides a text of the other pages', () => {
    expect(Object.keys(ADMIN_ZH).filter((key) => !key.startsWith('admin.') || key in PAGE_ZH)).toEqual([]);
  });

  it('say each thing once: no two keys with the same text', () => {
    const seen = new Map<string, string>();
    const twice = Object.entries(ADMIN_ZH).flatMap(([key, text]) => {
      const first = seen.get(text);
      seen.set(text, first ?? key);
      return first === undefined ? [] : [`${first} = ${key}`];
    });
    expect(twice).toEqual([]);
  });

  it('fill in their values, and take the other pages’ texts by their keys', () => {
    expect(adminText('admin.run.hidden', { n: 3 })).toBe('另有 3 个订单未列出。');
    expect(adminText('admin.run.tourName', { index: 2, name: '乌云' })).toBe('第2条 · 乌云');
    expect(adminText('nav.lecturers')).toBe('讲师库');
    expect(adminText('common.paren', { x: '海拉尔区' })).toBe('（海拉尔区）');
  });

  it('stay Chinese on a page read in Mongolian', () => {
    expect(inLanguage('mn', () => [adminText('nav.orders'), adminText('admin.common.wholeCity')])).toEqual(['订单', '全市']);
  });

  it('are among every Chinese text, and no Mongolian one', () => {
    expect(everyText('zh')).toEqual(expect.arrayContaining(Object.values(ADMIN_ZH)));
    expect(everyText('mn')).not.toContain(ADMIN_ZH['admin.common.wholeCity']);
  });
});
