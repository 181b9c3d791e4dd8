import { SUMMARY_CATEGORIES, SUMMARY_COLUMNS, SUMMARY_FORMATS, SUMMARY_LEVELS, SUMMARY_MENU_TOPICS } from './summary-columns.js';
import { FORMATS, LECTURER_CATEGORIES, LECTURER_LEVELS, TOPICS } from '../kernel/vocabulary.js';

describe('summary columns', () => {
  // A value added to the app's lists needs a column (a new migration): until then it would be counted
  // as unknown or custom, so this fails first.
  it('cover every lecturer category and level, every format and every menu topic of the app', () => {
    expect([...SUMMARY_CATEGORIES].sort()).toEqual([...LECTURER_CATEGORIES].sort());
    expect([...SUMMARY_LEVELS].sort()).toEqual([...LECTURER_LEVELS].sort());
    expect([...SUMMARY_FORMATS].sort()).toEqual([...FORMATS].sort());
    expect([...SUMMARY_MENU_TOPICS].sort()).toEqual([...TOPICS].sort());
  });

  it('are named once each, as SQL identifiers', () => {
    const names = SUMMARY_COLUMNS.map((c) => c.column);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z_]+$/);
  });
});
