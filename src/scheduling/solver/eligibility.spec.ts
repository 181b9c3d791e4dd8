import {
  availableWeekly,
  checkEligibility,
  firstEligibleStarts,
  freeOfBookings,
  freeOfExceptions,
  prepareLecturer,
  SPANS_PER_START,
  timeRuleSpans,
} from './eligibility.js';
import { mulberry32 } from '../../kernel/seeded-random.js';
import { travelKm } from '../../kernel/geo.js';
import { localDay, monthKeyOf, parseHm, weekdayOfDay } from '../../kernel/time.js';
import type { SolverLecturer, SolverOrder, Violation } from './types.js';
import { violationEn } from '../../i18n/scheduling-en.js';
import { violationZh } from '../../i18n/scheduling-zh.js';

/** A violation with its words, as the API renders it. */
const withTexts = (v: Violation) => ({ ...v, message: violationEn(v), messageZh: violationZh(v) });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2025-03-03 00:00 local (Asia/Shanghai) — a Monday. */
const MONDAY = Date.UTC(2025, 2, 3) - 8 * HOUR;
const HAILAR = { latitude: 49.21, longitude: 119.74 };
const MANZHOULI = { latitude: 49.6, longitude: 117.38 };

function lecturer(over: Partial<SolverLecturer> = {}): SolverLecturer {
  return {
    id: 'l1',
    level: 'banner',
    ...HAILAR,
    topics: ['policy', 'theory'],
    languages: ['zh', 'mn'],
    formats: ['on_site', 'online'],
    travelRadiusKm: 100,
    travelSpeedKmh: 60,
    maxLecturesPerMonth: 4,
    rating: 4.5,
    ratingCount: 10,
    weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '18:00' })),
    exceptions: [],
    bookings: [],
    bookedPerMonth: {},
    ...over,
  };
}

function order(over: Partial<SolverOrder> = {}): SolverOrder {
  return {
    id: 'o1',
    branchId: 'b1',
    courseId: null,
    topic: 'policy',
    format: 'on_site',
    language: 'mn',
    earliestStart: MONDAY,
    latestStart: MONDAY + 5 * DAY + 12 * HOUR,
    durationMinutes: 120,
    branch: { latitude: 49.3, longitude: 119.9, regionLevel: 'village', remote: true, border: false, weak: false, lecturesThisYear: 0 },
    ...over,
  };
}

const AT_9 = MONDAY + DAY + 9 * HOUR; // Tuesday 09:00 local

describe(travelKm.name, () => {
  it('gives the haversine distance in km, symmetric, zero for one point', () => {
    const sut = travelKm;
    // Hailar → Manzhouli is about 180 km as the crow flies.
    expect(sut(HAILAR, MANZHOULI)).toBeGreaterThan(170);
    expect(sut(HAILAR, MANZHOULI)).toBeLessThan(190);
    expect(sut(MANZHOULI, HAILAR)).toBeCloseTo(sut(HAILAR, MANZHOULI), 9);
    expect(sut(HAILAR, HAILAR)).toBe(0);
    // one degree of latitude ≈ 111.2 km
    expect(sut({ latitude: 49, longitude: 120 }, { latitude: 50, longitude: 120 })).toBeCloseTo(111.19, 1);
  });
});

describe('local time (Asia/Shanghai)', () => {
  it('numbers the weekdays from Monday 1 to Sunday 7', () => {
    expect(weekdayOfDay(localDay(MONDAY))).toBe(1);
    expect(weekdayOfDay(localDay(MONDAY + 6 * DAY + 23 * HOUR))).toBe(7);
  });

  it('puts an instant in its local month', () => {
    // 2025-03-31 23:30 local is still March; 2025-03-31 16:30 UTC is April 1st 00:30 local.
    expect(monthKeyOf(Date.UTC(2025, 2, 31, 15, 30))).toBe('2025-03');
    expect(monthKeyOf(Date.UTC(2025, 2, 31, 16, 30))).toBe('2025-04');
  });

  it('reads times of day up to 24:00, and refuses others', () => {
    expect(parseHm('24:00')).toBe(1440);
    expect(() => parseHm('25:00')).toThrow(RangeError);
    expect(() => parseHm('9am')).toThrow(RangeError);
  });
});

describe(firstEligibleStarts.name, () => {
  it('gives each order the first of its starts that checkEligibility passes, none where it passes none', () => {
    const busy = lecturer({ bookings: [{ start: AT_9 - HOUR, end: AT_9 + 3 * HOUR }], bookedPerMonth: { [monthKeyOf(AT_9)]: 3 } });
    const hourly = (from: number) => Array.from({ length: 48 }, (_, i) => from + i * HOUR);
    const asks = [
      { order: order(), candidates: hourly(AT_9 - 2 * HOUR) },
      { order: order({ language: 'ru' }), candidates: hourly(AT_9) },
      { order: order({ format: 'online' }), candidates: [AT_9 + 2 * HOUR, AT_9 + 4 * HOUR] },
    ];
    const expected = asks.map((a) => a.candidates.find((at) => checkEligibility(a.order, busy, at).length === 0));
    expect(firstEligibleStarts(busy, asks)).toEqual(expected);
    expect(expected[0]).toBeDefined();
    expect(expected[1]).toBeUndefined();
  });
});

describe(checkEligibility.name, () => {
  const sut = checkEligibility;

  it('returns no violation when every hard rule holds', () => {
    expect(sut(order(), lecturer(), AT_9)).toEqual([]);
  });

  it('reports each broken rule with a code and English and Chinese messages', () => {
    const cases: [Partial<SolverOrder>, Partial<SolverLecturer>, number, string][] = [
      [{ topic: 'border_security' }, {}, AT_9, 'teaches'],
      [{ courseId: 'c1', courseLecturerIds: ['someone-else'] }, {}, AT_9, 'teaches'],
      [{ language: 'ru' }, {}, AT_9, 'language'],
      [{ format: 'field' }, {}, AT_9, 'format'],
      [{}, { ...MANZHOULI }, AT_9, 'distance'],
      [{ declinedLecturerIds: ['l1'] }, {}, AT_9, 'declined'],
      [{}, {}, MONDAY + 7 * DAY + 9 * HOUR, 'window'],
      [{}, {}, MONDAY + 5 * DAY + 9 * HOUR, 'availability'], // Saturday
      [{}, {}, MONDAY + DAY + 17 * HOUR, 'availability'], // 17:00 + 2 h runs past 18:00
      [{}, { exceptions: [{ from: AT_9 + HOUR, to: AT_9 + 5 * HOUR }] }, AT_9, 'exception'],
      [{}, { bookings: [{ start: AT_9 - 3 * HOUR, end: AT_9 + 1 }] }, AT_9, 'booking'],
      [{}, { bookedPerMonth: { '2025-03': 4 } }, AT_9, 'monthly_cap'],
    ];
    for (const [o, l, at, code] of cases) {
      const violations = sut(order(o), lecturer(l), at).map(withTexts);
      expect(violations.map((v) => v.code)).toEqual([code]);
      expect(violations[0].message.length).toBeGreaterThan(5);
      expect(violations[0].messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('names a menu topic in Chinese, not by its code, and a custom topic as the branch wrote it', () => {
    const menu = sut(order({ topic: 'border_security' }), lecturer(), AT_9).map(withTexts);
    expect(menu[0].messageZh).toBe('不讲授该专题（守边固边）');
    const custom = sut(order({ topic: '牧区电商' }), lecturer(), AT_9).map(withTexts);
    expect(custom[0].messageZh).toBe('不讲授该专题（牧区电商）');
  });

  it('treats intervals as half-open and 24:00 as the end of the day', () => {
    const evening = MONDAY + DAY + 22 * HOUR;
    const late = lecturer({ weekly: [{ weekday: 2, from: '20:00', to: '24:00' }], formats: ['online'] });
    expect(sut(order({ format: 'online' }), late, evening)).toEqual([]);
    expect(sut(order({ format: 'online', durationMinutes: 121 }), late, evening).map((v) => v.code)).toEqual(['availability']);
    // A booking ending exactly at the start and an exception starting exactly at the end do not overlap.
    const touching = lecturer({
      bookings: [{ start: AT_9 - 2 * HOUR, end: AT_9 }],
      exceptions: [{ from: AT_9 + 2 * HOUR, to: AT_9 + DAY }],
    });
    expect(sut(order({ format: 'online' }), touching, AT_9)).toEqual([]);
  });

  it("keeps an on-site lecture's own drive from home, before and after it, clear of the bookings", () => {
    const o = order(); // on site, ~14 km from Hailar: 14 minutes each way at 60 km/h
    const drive = Math.ceil(travelKm(HAILAR, o.branch)) * MINUTE;
    const end = AT_9 + o.durationMinutes * MINUTE;
    const busy = (bookings: Array<{ start: number; end: number }>) => sut(o, lecturer({ bookings }), AT_9).map((v) => v.code);
    expect(busy([{ start: AT_9 - HOUR, end: AT_9 - drive }])).toEqual([]);
    expect(busy([{ start: AT_9 - HOUR, end: AT_9 - drive + MINUTE }])).toEqual(['booking']);
    expect(busy([{ start: end + drive, end: end + HOUR }])).toEqual([]);
    expect(busy([{ start: end + drive - MINUTE, end: end + HOUR }])).toEqual(['booking']);
  });

  it('takes windows that touch as one stretch, within a day and across midnight', () => {
    const online = (durationMinutes: number) => order({ format: 'online', durationMinutes });
    const split = lecturer({
      weekly: [
        { weekday: 2, from: '12:00', to: '15:00' },
        { weekday: 2, from: '09:00', to: '12:00' },
      ],
    });
    expect(sut(online(90), split, MONDAY + DAY + 11 * HOUR)).toEqual([]);
    expect(sut(online(241), split, MONDAY + DAY + 11 * HOUR).map((v) => v.code)).toEqual(['availability']);
    const nights = lecturer({
      weekly: [
        { weekday: 2, from: '20:00', to: '24:00' },
        { weekday: 3, from: '00:00', to: '01:00' },
      ],
    });
    const tuesday2230 = MONDAY + DAY + 22.5 * HOUR;
    expect(sut(online(150), nights, tuesday2230)).toEqual([]);
    expect(sut(online(151), nights, tuesday2230).map((v) => v.code)).toEqual(['availability']);
    // Without Wednesday's first hour, Tuesday's evening ends at midnight.
    const evening = lecturer({ weekly: [{ weekday: 2, from: '20:00', to: '24:00' }] });
    expect(sut(online(91), evening, tuesday2230).map((v) => v.code)).toEqual(['availability']);
    // Sunday's night goes on into Monday's morning (the week wraps).
    const sundayToMonday = lecturer({
      weekly: [
        { weekday: 7, from: '23:00', to: '24:00' },
        { weekday: 1, from: '00:00', to: '08:00' },
      ],
    });
    const sundayNight = order({ format: 'online', latestStart: MONDAY + 7 * DAY });
    expect(sut(sundayNight, sundayToMonday, MONDAY + 6 * DAY + 23 * HOUR)).toEqual([]);
  });

  const far = () => lecturer({ ...MANZHOULI });

  it('ignores the travel radius for online lectures', () => {
    expect(sut(order({ format: 'online' }), far(), AT_9)).toEqual([]);
  });

  it('lists several violations at once, in the order of the rules', () => {
    const codes = sut(order({ language: 'ru', topic: 'x' }), far(), MONDAY + 5 * DAY + 9 * HOUR).map((v) => v.code);
    expect(codes).toEqual(['teaches', 'language', 'distance', 'availability']);
  });

  it('skips the rules the context names', () => {
    expect(sut(order(), lecturer(), MONDAY + 6 * DAY + 9 * HOUR, { skip: ['window', 'availability'] })).toEqual([]);
  });

  it('counts the bookings proposed earlier in the same run', () => {
    const codes = sut(order(), lecturer({ bookedPerMonth: { '2025-03': 3 } }), AT_9, {
      extraBookings: [{ start: AT_9 + HOUR, end: AT_9 + 2 * HOUR }],
      extraPerMonth: { '2025-03': 1 },
    }).map((v) => v.code);
    expect(codes).toEqual(['booking', 'monthly_cap']);
  });
});

describe(timeRuleSpans.name, () => {
  it('answers, for every lecture from a start, what the availability, leave and booking rules answer', () => {
    const rnd = mulberry32(20261204);
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    const HALF_HOUR = HOUR / 2;
    // Whole half-hours everywhere, so that lectures often end exactly where a window, a leave or a booking starts or ends.
    const hm = (halfHours: number): string => `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;
    const someIntervals = () =>
      Array.from({ length: int(0, 6) }, () => {
        const from = MONDAY + int(-4, 14 * 48) * HALF_HOUR;
        return { from, to: from + int(1, 96) * HALF_HOUR };
      });
    const spans = new Float64Array(SPANS_PER_START);
    const wrong: string[] = [];
    const outcomes = new Set<string>();
    for (let n = 0; n < 300; n++) {
      const weekly = Array.from({ length: int(0, 10) }, () => {
        const from = int(0, 46);
        return { weekday: int(1, 7), from: hm(from), to: hm(int(from + 1, 48)) };
      });
      const exceptions = someIntervals();
      const bookings = someIntervals().map(({ from, to }) => ({ start: from, end: to }));
      const p = prepareLecturer(lecturer({ weekly, exceptions, bookings }));
      for (let k = 0; k < 20; k++) {
        const start = MONDAY + int(0, 13 * 48) * HALF_HOUR;
        timeRuleSpans(p, start, spans, 0);
        for (const minutes of [30, 60, 90, 120, 180, 240, 480]) {
          const [ms, end] = [minutes * MINUTE, start + minutes * MINUTE];
          // The drive blocked either side of an on-site lecture (none online).
          const travel = [0, 30, 60, 150][int(0, 3)] * MINUTE;
          const byRules = [
            availableWeekly(p, start, end),
            freeOfExceptions(p, start, end),
            freeOfBookings(p, start - travel, end + travel),
          ];
          const bySpans = [ms <= spans[0], ms <= spans[1], ms + travel <= spans[2] && travel <= spans[3]];
          if (bySpans.join() !== byRules.join())
            wrong.push(`lecturer ${n}, ${new Date(start).toISOString()} + ${minutes} min, ${travel / MINUTE} min drive`);
          outcomes.add(byRules.join());
        }
      }
    }
    expect(wrong).toEqual([]);
    // Each rule both holds and breaks, alone and together with the others.
    expect(outcomes.size).toBe(8);
  });
});
