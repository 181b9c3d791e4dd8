import { DomainError } from '../common/domain-error.js';
import { reachMasks, resolveDayPeriod, splitByMonths, withinYears } from './coverage-period.js';

describe('resolveDayPeriod', () => {
  const now = new Date('2026-11-25T20:00:00Z'); // already 2026-11-26 in Shanghai

  it('defaults to the calendar year of Asia/Shanghai', () => {
    expect(resolveDayPeriod({}, now)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(resolveDayPeriod({}, new Date('2025-12-31T16:30:00Z'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('fills a missing end from the year of the end given', () => {
    expect(resolveDayPeriod({ from: '2025-06-01' }, now)).toEqual({ from: '2025-06-01', to: '2025-12-31' });
    expect(resolveDayPeriod({ to: '2024-03-31' }, now)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
  });

  it('counts a date-time bound by its Shanghai date, both ends inclusive', () => {
    expect(resolveDayPeriod({ from: '2025-12-31T16:00:00Z', to: '2026-01-02T00:00:00+08:00' }, now)).toEqual({ from: '2026-01-01', to: '2026-01-02' });
  });

  it('takes two date-times of one Shanghai day as that day, the later time first too', () => {
    expect(resolveDayPeriod({ from: '2026-04-01T23:30:00+08:00', to: '2026-04-01T00:30:00+08:00' }, now)).toEqual({ from: '2026-04-01', to: '2026-04-01' });
    expect(resolveDayPeriod({ from: '2026-01-01T23:30:00Z', to: '2026-01-02T00:30:00+08:00' }, now)).toEqual({ from: '2026-01-02', to: '2026-01-02' });
  });

  it('ends a period at the day of its last instant, 23:59:59.999 included', () => {
    expect(resolveDayPeriod({ from: '2026-04-01', to: '2026-04-30T23:59:59.999+08:00' }, now)).toEqual({ from: '2026-04-01', to: '2026-04-30' });
  });

  it('refuses reversed, impossible and out-of-range dates with a 400', () => {
    for (const q of [{ from: '2026-02-01', to: '2026-01-31' }, { from: '2026-02-30' }, { to: '2026-13-01' }, { to: '9999-12-31T20:00:00Z' }]) {
      let error: unknown;
      try {
        resolveDayPeriod(q, now);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(400);
    }
  });
});

describe('splitByMonths', () => {
  it('reads a whole year as twelve months and no loose days', () => {
    expect(splitByMonths({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ months: { first: '2025-01-01', last: '2025-12-01' }, days: [] });
  });

  it('reads the days before the first and after the last whole month from the facts', () => {
    expect(splitByMonths({ from: '2025-01-15', to: '2025-04-10' })).toEqual({
      months: { first: '2025-02-01', last: '2025-03-01' },
      days: [{ from: '2025-01-15', to: '2025-01-31' }, { from: '2025-04-01', to: '2025-04-10' }],
    });
    expect(splitByMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: { first: '2024-02-01', last: '2024-02-01' }, days: [] });
    expect(splitByMonths({ from: '2025-12-02', to: '2026-01-31' })).toEqual({ months: { first: '2026-01-01', last: '2026-01-01' }, days: [{ from: '2025-12-02', to: '2025-12-31' }] });
  });

  it('reads a period inside one month, or across two without a whole one, day by day', () => {
    expect(splitByMonths({ from: '2025-03-05', to: '2025-03-05' })).toEqual({ months: null, days: [{ from: '2025-03-05', to: '2025-03-05' }] });
    expect(splitByMonths({ from: '2025-03-05', to: '2025-04-20' })).toEqual({ months: null, days: [{ from: '2025-03-05', to: '2025-04-20' }] });
  });
});

describe('reachMasks', () => {
  it('marks the days from `from` in the first year and up to `to` in the last', () => {
    const m = reachMasks({ from: '2025-01-03', to: '2026-01-01' });
    expect(m).toMatchObject({ firstYear: 2025, lastYear: 2026 });
    expect(m.fromMask).toHaveLength(366);
    expect(m.fromMask.indexOf('1')).toBe(2);
    expect(m.toMask).toBe('1' + '0'.repeat(365));
  });

  it('marks one day of a leap year at its place (December 31 of 2024 is day 365)', () => {
    const m = reachMasks({ from: '2024-12-31', to: '2024-12-31' });
    const both = [...m.fromMask].map((c, i) => (c === '1' && m.toMask[i] === '1' ? '1' : '0')).join('');
    expect(both.indexOf('1')).toBe(365);
    expect(both.lastIndexOf('1')).toBe(365);
  });
});

describe(withinYears.name, () => {
  it('holds ten calendar years to the day before the same date ten years on', () => {
    expect(withinYears('2026-01-01', '2035-12-31', 10)).toBe(true);
    expect(withinYears('2026-01-01', '2036-01-01', 10)).toBe(false);
  });

  it('counts a leap day that the ten years do not reach', () => {
    expect(withinYears('2028-02-29', '2038-02-28', 10)).toBe(true);
    expect(withinYears('2028-02-29', '2038-03-01', 10)).toBe(false);
  });

  it('holds every end while ten years on would pass the year 9999', () => {
    expect(withinYears('9995-06-01', '9999-12-31', 10)).toBe(true);
  });
});
