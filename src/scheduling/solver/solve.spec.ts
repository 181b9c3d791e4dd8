import { rankCandidates } from './candidates.js';
import { greedyBatch } from './greedy.js';
import { solveBatch } from './solve.js';
import { DEFAULT_SLOT_MODEL } from './slots.js';
import type { Reason, SolveInput, SolverLecturer, SolverOrder } from './types.js';
import { reasonEn } from '../../i18n/scheduling-en.js';
import { reasonZh } from '../../i18n/scheduling-zh.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2025-03-03 00:00 local — a Monday. */
const MONDAY = Date.UTC(2025, 2, 3) - 8 * HOUR;
const TUESDAY_9 = MONDAY + DAY + 9 * HOUR;
const HAILAR = { latitude: 49.21, longitude: 119.74 };
const NEAR_HAILAR = { latitude: 49.3, longitude: 119.9 };
const MANZHOULI = { latitude: 49.6, longitude: 117.38 };

function lecturer(id: string, over: Partial<SolverLecturer> = {}): SolverLecturer {
  return {
    id,
    level: 'banner',
    ...HAILAR,
    topics: ['policy'],
    languages: ['zh'],
    formats: ['on_site', 'online'],
    travelRadiusKm: 150,
    travelSpeedKmh: 60,
    maxLecturesPerMonth: 8,
    rating: 4,
    ratingCount: 10,
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '22:00' })),
    exceptions: [],
    bookings: [],
    bookedPerMonth: {},
    ...over,
  };
}

/** An order whose window holds exactly one day slot (Tuesday 09:00) unless told otherwise. */
function order(id: string, over: Partial<SolverOrder> = {}, branch: Partial<SolverOrder['branch']> = {}): SolverOrder {
  return {
    id,
    branchId: `b-${id}`,
    courseId: null,
    topic: 'policy',
    format: 'on_site',
    language: 'zh',
    earliestStart: TUESDAY_9,
    latestStart: TUESDAY_9,
    durationMinutes: 120,
    branch: { ...NEAR_HAILAR, regionLevel: 'village', remote: false, border: false, weak: false, lecturesThisYear: 5, ...branch },
    ...over,
  };
}

/** A reason with its words, as the API renders it. */
const withTexts = (r: Reason) => ({ ...r, message: reasonEn(r), messageZh: reasonZh(r) });

function input(orders: SolverOrder[], lecturers: SolverLecturer[], over: Partial<SolveInput> = {}): SolveInput {
  return { orders, lecturers, slotModel: DEFAULT_SLOT_MODEL, ...over };
}

describe(solveBatch.name, () => {
  const sut = solveBatch;

  it('matches the whole batch where first come, first served strands an order', () => {
    // o1 could go to A or B; o2 only to A (B does not teach its topic). FCFS gives A to o1.
    const a = lecturer('A', { topics: ['policy', 'theory'] });
    const b = lecturer('B', { ...MANZHOULI, travelRadiusKm: 300 });
    const batch = input([order('o1'), order('o2', { topic: 'theory' })], [a, b]);
    const plan = sut(batch);
    expect(plan.assigned.map((x) => `${x.orderId}→${x.lecturerId}`).sort()).toEqual(['o1→B', 'o2→A']);
    const greedy = greedyBatch(batch);
    expect(greedy.assigned.map((x) => `${x.orderId}→${x.lecturerId}`)).toEqual(['o1→A']);
    expect(plan.totalCost).toBeLessThan(greedy.totalCost);
  });

  it('explains every assignment as a cost breakdown that adds up to the total', () => {
    const plan = sut(
      input([order('o1'), order('o2', { format: 'online', earliestStart: MONDAY, latestStart: MONDAY + 3 * DAY })], [lecturer('A')]),
    );
    expect(plan.unassigned).toEqual([]);
    let total = 0;
    for (const x of plan.assigned) {
      const b = x.breakdown;
      expect(b.travel + b.rating + b.coverage + b.priority + b.grassroots + b.lateness + b.load).toBe(b.total);
      expect(x.cost).toBe(b.total);
      total += x.cost;
    }
    expect(plan.totalCost).toBe(total);
    const online = plan.assigned.find((x) => x.orderId === 'o2')!;
    // online: evening part, no travel, the earliest evening (Monday 19:30) of the window
    expect([online.part, online.breakdown.travel, online.startsAt]).toEqual(['evening', 0, MONDAY + 19.5 * HOUR]);
  });

  it('spreads work fairly: the convex load sends the second lecture to the other lecturer', () => {
    const orders = [order('o1', { latestStart: TUESDAY_9 + 2 * DAY }), order('o2', { latestStart: TUESDAY_9 + 2 * DAY })];
    const twins = [lecturer('A'), lecturer('B')];
    const fair = sut(input(orders, twins, { weights: { fairLoad: 50 } }));
    expect(new Set(fair.assigned.map((x) => x.lecturerId)).size).toBe(2);
    expect(fair.assigned.map((x) => x.breakdown.load)).toEqual([0, 0]);
    // with existing bookings this month, the load starts higher
    const busy = sut(input([orders[0]], [lecturer('A', { bookedPerMonth: { '2025-03': 3 } })], { weights: { fairLoad: 50 } }));
    expect(busy.assigned[0].breakdown.load).toBe(150);
  });

  it('serves remote, border and weak branches first when capacity is scarce', () => {
    const plain = order('plain', {}, { lecturesThisYear: 10 });
    const remote = order('remote', {}, { remote: true, border: true, lecturesThisYear: 10 });
    const plan = sut(input([plain, remote], [lecturer('A')]));
    expect(plan.assigned.map((x) => x.orderId)).toEqual(['remote']);
    expect(plan.unassigned.map((x) => x.orderId)).toEqual(['plain']);
    expect(plan.unassigned[0].reasons[0].code).toBe('lost_to_other_orders');
    // FCFS gives the slot to whoever came first
    expect(greedyBatch(input([plain, remote], [lecturer('A')])).assigned.map((x) => x.orderId)).toEqual(['plain']);
  });

  const pool = [lecturer('A'), lecturer('B', { languages: ['zh', 'mn'], ...MANZHOULI })];

  it('says concretely why an order could not be placed', () => {
    const cases: [SolverOrder[], SolverLecturer[], string, RegExp][] = [
      [[order('x', { language: 'mn' })], pool, 'no_qualified_lecturer', /in Mongolian \(mn\).*nearest is \d+ km away/],
      [
        [order('x')],
        [lecturer('A', { bookings: [{ start: TUESDAY_9 - HOUR, end: TUESDAY_9 + 4 * HOUR }] })],
        'all_booked',
        /the only lecturer .* already booked/,
      ],
      [[order('x')], [lecturer('A', { maxLecturesPerMonth: 2, bookedPerMonth: { '2025-03': 2 } })], 'monthly_caps_reached', /monthly cap/],
      [[order('x')], [lecturer('A', { exceptions: [{ from: MONDAY, to: MONDAY + 3 * DAY }] })], 'not_available', /on leave/],
      [[order('x', { earliestStart: TUESDAY_9 + HOUR, latestStart: TUESDAY_9 + 5 * HOUR })], pool, 'no_slot', /no day part/],
      [[order('first', {}, { weak: true }), order('x')], [lecturer('A')], 'lost_to_other_orders', /went to other orders/],
    ];
    for (const [orders, lecturers, code, message] of cases) {
      const plan = sut(input(orders, lecturers));
      const unserved = plan.unassigned.find((x) => x.orderId === 'x')!;
      const u = { ...unserved, reasons: unserved.reasons.map(withTexts) };
      expect(u.reasons[0].code).toBe(code);
      expect(u.reasons[0].message).toMatch(message);
      expect(u.reasons[0].messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('says an order with no slot in its window has none (then who is too far), not also that it cost more than leaving it', () => {
    const plan = sut(input([order('x', { earliestStart: TUESDAY_9 + HOUR, latestStart: TUESDAY_9 + 5 * HOUR })], pool));
    expect(plan.unassigned[0].reasons.map((r) => r.code)).toEqual(['no_slot', 'distance']);
  });

  it('follows the headline reason with how many lecturers each rule excluded', () => {
    const mn = sut(input([order('x', { language: 'mn' })], pool)).unassigned[0].reasons;
    expect(mn.map((r) => [r.code, r.count])).toEqual([
      ['no_qualified_lecturer', 0],
      ['language', 1],
      ['distance', 1],
    ]);
  });

  it('takes and returns plain, structured-cloneable data', () => {
    const batch = input([order('o1'), order('o2', { format: 'online', latestStart: TUESDAY_9 + DAY })], [lecturer('A'), lecturer('B')]);
    const plan = sut(structuredClone(batch));
    expect(structuredClone(plan)).toEqual(plan);
    expect(sut(batch).totalCost).toBe(plan.totalCost);
  });

  it('rejects malformed input', () => {
    expect(() => sut(input([order('o1'), order('o1')], [lecturer('A')]))).toThrow(/twice/);
    expect(() => sut(input([order('o1', { durationMinutes: 0 })], [lecturer('A')]))).toThrow(/durationMinutes/);
    const twoOnSiteParts = {
      parts: [
        { name: 'am', start: '08:00', formats: ['on_site'] },
        { name: 'pm', start: '14:00', formats: ['field'] },
      ],
    };
    expect(() => sut(input([order('o1')], [lecturer('A')], { slotModel: twoOnSiteParts }))).toThrow(/one on-site/);
  });

  it('rejects durations in parts of a minute and places off the globe', () => {
    expect(() => sut(input([order('o1', { durationMinutes: 45.5 })], [lecturer('A')]))).toThrow(/whole number/);
    expect(() => sut(input([order('o1', {}, { latitude: 91 })], [lecturer('A')]))).toThrow(/o1's branch: latitude/);
    expect(() => sut(input([order('o1')], [lecturer('A', { longitude: Number.NaN })]))).toThrow(/A's home: latitude/);
  });

  it('handles an empty batch', () => {
    const plan = sut(input([], [lecturer('A')]));
    expect([plan.assigned, plan.unassigned, plan.totalCost]).toEqual([[], [], 0]);
  });
});

describe(rankCandidates.name, () => {
  const sut = rankCandidates;

  const lecturers = [
    lecturer('near', { ...NEAR_HAILAR, level: 'city' }),
    lecturer('home', { ...HAILAR, level: 'township' }),
    lecturer('busy', { bookings: [{ start: MONDAY, end: MONDAY + 7 * DAY }] }),
    lecturer('far', { ...MANZHOULI }),
    lecturer('mn-only', { languages: ['mn'] }),
  ];
  const o = order('o1', { latestStart: TUESDAY_9 + 2 * DAY });

  it('ranks the free lecturers by cost, each with a breakdown, its earliest start and its other starts', () => {
    const ranking = sut(o, lecturers, DEFAULT_SLOT_MODEL, undefined, 5);
    expect(ranking.candidates.map((c) => c.lecturerId)).toEqual(['near', 'home']);
    expect(ranking.candidates[0].cost).toBeLessThanOrEqual(ranking.candidates[1].cost);
    expect(ranking.candidates[0].startsAt).toBe(TUESDAY_9);
    expect(ranking.candidates[0].otherStarts).toEqual([TUESDAY_9 + DAY, TUESDAY_9 + 2 * DAY]);
    expect(ranking.candidates[0].breakdown.total).toBe(ranking.candidates[0].cost);
  });

  it('says why each other lecturer is excluded', () => {
    const ranking = sut(o, lecturers, DEFAULT_SLOT_MODEL, undefined, 5);
    expect(ranking.excluded.map((e) => [e.lecturerId, e.code])).toEqual([
      ['busy', 'booking'],
      ['far', 'distance'],
      ['mn-only', 'language'],
    ]);
    expect(ranking.reasons).toEqual([]);
  });

  it('keeps to the limit, counting the eligible lecturers it left out', () => {
    const top1 = sut(o, lecturers, DEFAULT_SLOT_MODEL, undefined, 1);
    expect([top1.candidates.length, top1.moreEligible]).toEqual([1, 1]);
  });

  it('gives the batch wording when nobody can take the order', () => {
    const ranking = sut(order('o1', { language: 'mn' }), [lecturer('A')], DEFAULT_SLOT_MODEL, undefined, 5);
    expect(ranking.candidates).toEqual([]);
    expect(ranking.reasons[0].code).toBe('no_qualified_lecturer');
  });
});
