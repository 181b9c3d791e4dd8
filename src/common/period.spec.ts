import { validate } from 'class-validator';
import { INSTANT_PATTERN, PeriodQuery, resolvePeriod } from './period.js';

describe(resolvePeriod.name, () => {
  it('takes in the whole last day of a period given as dates (Asia/Shanghai)', () => {
    expect(resolvePeriod({ from: '2026-06-01', to: '2026-06-01' })).toEqual({
      from: new Date('2026-06-01T00:00:00+08:00'),
      to: new Date('2026-06-02T00:00:00+08:00'),
    });
  });

  it('takes in the instant a date-time `to` names: what starts then lies inside the period', () => {
    const { to } = resolvePeriod({ to: '2026-06-01T09:30:00+08:00' });
    const lecture = new Date('2026-06-01T09:30:00+08:00');
    expect(lecture < (to as Date)).toBe(true);
    expect(new Date(lecture.getTime() + 1) < (to as Date)).toBe(false);
  });

  it("reads a date-time typed without an offset as Asia/Shanghai local time, whatever the machine's zone", () => {
    expect(resolvePeriod({ from: '2026-06-01T09:30:00' }).from?.toISOString()).toBe('2026-06-01T01:30:00.000Z');
  });

  it('takes a date-time without an offset as a period bound, as it takes one with', async () => {
    const typed = (from: string) => validate(Object.assign(new PeriodQuery(), { from }));
    await expect(typed('2026-06-01T09:30:00')).resolves.toEqual([]);
    await expect(typed('2026-06-01T09:30')).resolves.toEqual([]);
    await expect(typed('2026-06-01T9:30')).resolves.toHaveLength(1);
  });

  it('takes the first and last days of the years it names, 1000 and 9999, and refuses the days beyond', () => {
    expect(resolvePeriod({ from: '1000-01-01', to: '9999-12-31' }).from).toEqual(new Date('1000-01-01T00:00:00+08:00'));
    expect(() => resolvePeriod({ from: '0999-12-31' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('accepts a period of one instant, and refuses a `to` before `from`', () => {
    expect(() => resolvePeriod({ from: '2026-06-01T09:30:00+08:00', to: '2026-06-01T09:30:00+08:00' })).not.toThrow();
    expect(() => resolvePeriod({ from: '2026-06-01T09:30:00+08:00', to: '2026-06-01T09:29:59+08:00' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('INSTANT_PATTERN', () => {
  it.each([
    '2026-06-01T09:30+08:00',
    '2026-06-01T09:30:00Z',
    '2026-06-01T09:30:00.123+08:00',
    '2026-06-01T09:30:00.123456+08:00',
    '2026-06-01T09:30:00.123456789Z',
    '2026-06-01T09:30:00+14:00',
    '2026-06-01T09:30:00-09:30',
  ])('reads %s as a point in time (fractions of a second up to nanoseconds, as clients write them)', (value) =>
    expect(INSTANT_PATTERN.test(value)).toBe(true),
  );

  it.each(['2026-06-01', '2026-06-01T09:30:00', '2026-06-01T09:30:00.1234567891Z', '2026-06-01 09:30:00+08:00'])(
    'refuses %s: a day, a time without an offset, or more digits than any clock gives',
    (value) => expect(INSTANT_PATTERN.test(value)).toBe(false),
  );

  it.each(['2026-06-01T09:30:00+15:00', '2026-06-01T09:30:00-14:30', '2026-06-01T09:30:00+08:60'])(
    'refuses %s: an offset no clock in the world uses',
    (value) => expect(INSTANT_PATTERN.test(value)).toBe(false),
  );
});
