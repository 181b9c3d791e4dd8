import { travelKm } from '../../kernel/geo.js';
import { solveBatch } from './solve.js';
import { DEFAULT_SLOT_MODEL } from './slots.js';
import { solveBatchWithTours } from './tour-solve.js';
import type { SolveInput, SolverLecturer, SolverOrder } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2025-03-03 09:00 local — a Monday. */
const MONDAY_9 = Date.UTC(2025, 2, 3) - 8 * HOUR + 9 * HOUR;
const HAILAR = { latitude: 49.21, longitude: 119.74 };
/** Three villages of one sumu ~150 km west of Hailar, ~10 km apart. */
const SUMU = [
  { latitude: 49.3, longitude: 117.7 },
  { latitude: 49.35, longitude: 117.8 },
  { latitude: 49.25, longitude: 117.85 },
];

function lecturer(over: Partial<SolverLecturer> = {}): SolverLecturer {
  return {
    id: 'L',
    level: 'city',
    ...HAILAR,
    topics: ['policy'],
    languages: ['zh'],
    formats: ['on_site'],
    travelRadiusKm: 200,
    travelSpeedKmh: 60,
    maxLecturesPerMonth: 10,
    rating: 5,
    ratingCount: 20,
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '20:00' })),
    exceptions: [],
    bookings: [],
    bookedPerMonth: {},
    ...over,
  };
}

/** An order of the village `at` whose window is exactly day `day` (0 = Monday) at 09:00. */
function order(id: string, at: { latitude: number; longitude: number }, day: number): SolverOrder {
  const start = MONDAY_9 + day * DAY;
  return {
    id,
    branchId: `b-${id}`,
    courseId: null,
    topic: 'policy',
    format: 'on_site',
    language: 'zh',
    earliestStart: start,
    latestStart: start,
    durationMinutes: 120,
    branch: { ...at, regionLevel: 'village', remote: true, border: false, weak: false, lecturesThisYear: 0 },
  };
}

function batch(orders: SolverOrder[], over: Partial<SolveInput> = {}, l: SolverLecturer = lecturer()): SolveInput {
  return { orders, lecturers: [l], slotModel: DEFAULT_SLOT_MODEL, tours: { maxNights: 3, travelSpeedKmh: 60 }, ...over };
}

const threeDays = () => SUMU.map((at, i) => order(`o${i}`, at, i));

describe(solveBatchWithTours.name, () => {
  const sut = solveBatchWithTours;

  it('chains lectures in nearby villages on consecutive days into one tour that drives less', () => {
    const plan = sut(batch(threeDays()));
    expect(plan.tours).toHaveLength(1);
    const [tour] = plan.tours!;
    expect(tour.stops.map((s) => s.orderId)).toEqual(['o0', 'o1', 'o2']);
    expect(tour.nights).toBe(2);
    expect(tour.legs.map((l) => [l.fromOrderId, l.toOrderId])).toEqual([
      [null, 'o0'],
      ['o0', 'o1'],
      ['o1', 'o2'],
      ['o2', null],
    ]);
    const home = SUMU.map((v) => travelKm(HAILAR, v));
    expect(tour.kmIfSeparate).toBeCloseTo(2 * (home[0] + home[1] + home[2]), 6);
    expect(tour.km).toBeCloseTo(home[0] + travelKm(SUMU[0], SUMU[1]) + travelKm(SUMU[1], SUMU[2]) + home[2], 6);
    expect(plan.assigned.every((a) => a.tourIndex === 0)).toBe(true);
    expect(plan.totalCost).toBeLessThan(solveBatch(batch(threeDays())).totalCost);
  });

  it("gives each stop its km from home and counts half the tour's km in the plan's travel, as a lecture's one way", () => {
    const plan = sut(batch(threeDays()));
    const home = new Map(SUMU.map((v, i) => [`o${i}`, travelKm(HAILAR, v)]));
    for (const a of plan.assigned) expect(a.travelKm).toBeCloseTo(home.get(a.orderId)!, 6);
    expect(plan.stats.travelKm).toBeCloseTo(plan.tours![0].km / 2, 6);
  });

  it('costs each night away and keeps the breakdown adding up', () => {
    const plan = sut(batch(threeDays()));
    const nights = plan.assigned.map((a) => a.breakdown.nights);
    expect(nights).toEqual([0, 40, 40]);
    for (const a of plan.assigned) {
      const b = a.breakdown;
      expect(b.travel + b.rating + b.coverage + b.priority + b.grassroots + b.lateness + b.load + (b.nights ?? 0)).toBe(a.cost);
    }
    expect(plan.assigned.reduce((s, a) => s + a.cost, 0)).toBe(plan.totalCost);
  });

  it('leaves the lectures separate when a night away costs more than the drive it saves', () => {
    const plan = sut(batch(threeDays(), { weights: { nightAway: 1000 } }));
    expect(plan.tours).toEqual([]);
    expect(plan.totalCost).toBe(solveBatch(batch(threeDays())).totalCost);
  });

  it('keeps a tour to SCHEDULING_TOUR_MAX_NIGHTS nights', () => {
    const four = [...threeDays(), order('o3', SUMU[0], 3)];
    expect(sut(batch(four)).tours!.map((t) => t.nights)).toEqual([3]);
    const short = sut(batch(four, { tours: { maxNights: 1, travelSpeedKmh: 60 } }));
    expect(short.tours!.map((t) => t.nights)).toEqual([1, 1]);
    expect(sut(batch(four, { tours: { maxNights: 0, travelSpeedKmh: 60 } })).tours).toEqual([]);
  });

  it('reaches a village beyond the radius from home only from the previous village, never first', () => {
    // Radius 160 km: the first village (~150 km) is in reach from home, a fourth one ~230 km out only from it.
    const beyond = { latitude: 49.4, longitude: 116.6 };
    const l = lecturer({ travelRadiusKm: 160 });
    expect(travelKm(HAILAR, beyond)).toBeGreaterThan(160);
    const chained = sut(batch([order('o0', SUMU[0], 0), order('far', beyond, 1)], {}, l));
    expect(chained.unassigned).toEqual([]);
    expect(chained.tours![0].stops.map((s) => s.orderId)).toEqual(['o0', 'far']);
    const alone = sut(batch([order('far', beyond, 1)], {}, l));
    expect(alone.assigned).toEqual([]);
    expect(alone.unassigned[0].reasons[0].code).toBe('no_qualified_lecturer');
  });

  it('does not link two days when the travel between them meets a booking', () => {
    // A booking on Tuesday 08:00–08:55 leaves no time for the 9-minute drive over from Monday's village.
    const booked = lecturer({ bookings: [{ start: MONDAY_9 + DAY - HOUR, end: MONDAY_9 + DAY - 5 * 60_000 }] });
    const plan = sut(batch(threeDays().slice(0, 2), {}, booked));
    expect(plan.tours).toEqual([]);
  });

  it('stops when its time budget is spent, with a plan no worse than the tour-less optimum and a proven bound', () => {
    const input = batch([...threeDays(), order('o3', SUMU[0], 3), order('o4', SUMU[2], 5)]);
    const full = sut(input);
    expect(full.stats.tours!.timedOut).toBe(false);
    const within = sut({ ...input, tours: { ...input.tours!, timeBudgetMs: 3_600_000 } });
    expect([within.assigned, within.tours, within.stats.tours]).toEqual([full.assigned, full.tours, full.stats.tours]);
    const spent = sut({ ...input, tours: { ...input.tours!, timeBudgetMs: 0 } });
    const t = spent.stats.tours!;
    expect(t.timedOut).toBe(true);
    expect(spent.totalCost).toBeLessThanOrEqual(t.flowCost);
    expect(t.lowerBound).toBeLessThanOrEqual(full.totalCost);
    expect(() => sut({ ...input, tours: { ...input.tours!, timeBudgetMs: -1 } })).toThrow(RangeError);
  });

  it('refuses a cost per night too large for its links to be held exactly', () => {
    const input = batch(threeDays());
    expect(() => sut({ ...input, weights: { ...input.weights, nightAway: 2 ** 30 } })).toThrow(/lower nightAway/);
  });

  it('refuses a cost per km too large for its links to be held exactly, though each lecture alone fits', () => {
    const input = batch(threeDays());
    const farthest = Math.max(...SUMU.map((v) => travelKm(HAILAR, v)));
    // A lecture alone costs travelPerKm × its km (< 2^31: the batch without tours is taken); a link saves up to that.
    const travelPerKm = (1.5 * 2 ** 30) / farthest;
    expect(() => solveBatch({ ...input, weights: { travelPerKm } })).not.toThrow();
    expect(() => sut({ ...input, weights: { travelPerKm } })).toThrow(/lower nightAway or travelPerKm/);
  });

  it('reports a proven lower bound: on a small batch the plan is proven optimal', () => {
    const plan = sut(batch(threeDays()));
    expect(plan.stats.tours).toMatchObject({ proven: true, gap: 0, lowerBound: plan.totalCost, tours: 1, nights: 2 });
    expect(plan.stats.tours!.flowCost).toBe(solveBatch(batch(threeDays())).totalCost);
  });
});
