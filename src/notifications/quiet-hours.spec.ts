import { DEFAULT_QUIET_HOURS, quietHoursProblems, quietUntil } from './quiet-hours.js';
import { reasonKeyOf } from '../i18n/field-reasons-zh.js';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours (Asia/Shanghai)', () => {
  it('holds a message at 23:00 until 07:00 the next morning', () => {
    expect(quietUntil(at('2026-12-02T23:00:00+08:00'), DEFAULT_QUIET_HOURS)).toBe(at('2026-12-03T07:00:00+08:00'));
  });

  it('holds a message at 03:00 until 07:00 the same morning', () => {
    expect(quietUntil(at('2026-12-03T03:00:00+08:00'), DEFAULT_QUIET_HOURS)).toBe(at('2026-12-03T07:00:00+08:00'));
  });

  it('lets a message through at 07:00 and at 21:59', () => {
    expect([
      quietUntil(at('2026-12-03T07:00:00+08:00'), DEFAULT_QUIET_HOURS),
      quietUntil(at('2026-12-03T21:59:00+08:00'), DEFAULT_QUIET_HOURS),
    ]).toEqual([undefined, undefined]);
  });

  it('holds within a span that does not cross midnight (12:00–14:00)', () => {
    expect(quietUntil(at('2026-12-03T12:30:00+08:00'), { from: 720, to: 840 })).toBe(at('2026-12-03T14:00:00+08:00'));
  });

  it('has no quiet hours when they start and end at once', () => {
    expect(quietUntil(at('2026-12-03T03:00:00+08:00'), { from: 0, to: 0 })).toBeUndefined();
  });
});

describe(quietHoursProblems.name, () => {
  const fieldsAndReasons = (from: number, to: number) => quietHoursProblems({ from, to }).map((p) => [p.field, reasonKeyOf(p.message)]);

  it('refuses quiet hours all day long, which sent every SMS and e-mail at midnight', () => {
    expect(fieldsAndReasons(0, 24 * 60)).toEqual([['quietHours', 'wholeDay']]);
  });

  it('refuses 24:00 as the start', () => {
    expect(fieldsAndReasons(24 * 60, 7 * 60)).toEqual([['quietHours.from', 'beforeMidnight']]);
  });

  it('keeps the night, an evening up to midnight, and none (equal ends)', () => {
    for (const [from, to] of [
      [22 * 60, 7 * 60],
      [22 * 60, 24 * 60],
      [7 * 60, 7 * 60],
    ])
      expect(quietHoursProblems({ from, to })).toEqual([]);
  });
});
