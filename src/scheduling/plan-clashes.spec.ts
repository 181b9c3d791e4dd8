import { lecturesThatFitTogether } from './plan-clashes.js';
import type { SolverLecturer, SolverOrder } from './solver/types.js';

const HOUR = 3_600_000;
const DAY9 = Date.UTC(2026, 11, 9, 1); // 09:00 in Asia/Shanghai
const home = { latitude: 49.21, longitude: 119.74 };
/** About 222 km north of home: 223 minutes' drive at 60 km/h. */
const far = { latitude: 51.21, longitude: 119.74 };

const lecturer = { id: 'L', ...home, travelSpeedKmh: 60, bookings: [] } as unknown as SolverLecturer;
const order = (id: string, format: string, durationMinutes: number, branch = far) =>
  ({
    id,
    format,
    durationMinutes,
    branch: { ...branch, regionLevel: 'village', remote: false, border: false, weak: false, lecturesThisYear: 0 },
  }) as SolverOrder;
const fit = (
  orders: SolverOrder[],
  plan: Array<{ orderId: string; startsAt: number; afterOrderId?: string }>,
  bookings: Array<{ start: number; end: number }> = [],
) =>
  lecturesThatFitTogether(
    plan.map((p) => ({ ...p, lecturerId: 'L', startsAt: new Date(p.startsAt) })),
    new Map(orders.map((o) => [o.id, o])),
    new Map([['L', { ...lecturer, bookings }]]),
  ).map((p) => p.orderId);

describe(lecturesThatFitTogether.name, () => {
  it('leaves out an evening lecture in the drive home from a long on-site lecture far away that day', () => {
    const plan = [
      { orderId: 'evening', startsAt: DAY9 + 10.5 * HOUR },
      { orderId: 'onSite', startsAt: DAY9 },
    ];
    expect(fit([order('onSite', 'on_site', 480), order('evening', 'online', 90)], plan)).toEqual(['onSite']);
  });

  it('keeps both when the drive home ends before the evening lecture', () => {
    const plan = [
      { orderId: 'onSite', startsAt: DAY9 },
      { orderId: 'evening', startsAt: DAY9 + 10.5 * HOUR },
    ];
    expect(fit([order('onSite', 'on_site', 90), order('evening', 'online', 90)], plan)).toEqual(['onSite', 'evening']);
  });

  it('measures a later stop of a tour from the village before, and drops it with the stop it is reached from', () => {
    const next = { latitude: 51.3, longitude: 119.74 };
    const tour = [
      { orderId: 'first', startsAt: DAY9 },
      { orderId: 'second', startsAt: DAY9 + 24 * HOUR, afterOrderId: 'first' },
    ];
    const orders = [order('first', 'on_site', 90), order('second', 'on_site', 90, next)];
    expect(fit(orders, tour)).toEqual(['first', 'second']);
    const blocked = [...tour, { orderId: 'before', startsAt: DAY9 - 2 * HOUR }];
    expect(fit([...orders, order('before', 'online', 90)], blocked)).toEqual(['before']);
  });

  describe('a tour of three stops, 222 km from home', () => {
    const stops = [order('first', 'on_site', 90), order('second', 'on_site', 90), order('third', 'on_site', 90)];
    const tour = [
      { orderId: 'first', startsAt: DAY9 },
      { orderId: 'second', startsAt: DAY9 + 24 * HOUR, afterOrderId: 'first' },
      { orderId: 'third', startsAt: DAY9 + 48 * HOUR, afterOrderId: 'second' },
    ];
    const evening = (day: number) => ({ start: DAY9 + (day * 24 + 11) * HOUR, end: DAY9 + (day * 24 + 12) * HOUR });

    it('keeps every stop when the lecturer has nothing else', () => {
      expect(fit(stops, tour)).toEqual(['first', 'second', 'third']);
    });

    it('drops the stop whose night away meets a booking of the lecturer, and the stop after it', () => {
      expect(fit(stops, tour, [evening(0)])).toEqual(['first']);
    });

    it('drops the last stop whose drive home meets a booking, and only it', () => {
      // The third lecture ends at 10:30 on day 2; the drive home takes 223 minutes.
      expect(fit(stops, tour, [{ start: DAY9 + 50 * HOUR, end: DAY9 + 51 * HOUR }])).toEqual(['first', 'second']);
    });

    it('counts the drive home of a stop whose follower is left out, and leaves it out too when that meets a booking', () => {
      // 12:00 on the second stop's day: in the night before the third, and in the second's drive home once it is last.
      expect(fit(stops, tour, [{ start: DAY9 + 27 * HOUR, end: DAY9 + 28 * HOUR }])).toEqual(['first']);
    });

    it("leaves out a lecture of the plan in the last stop's drive home", () => {
      const online = { orderId: 'online', startsAt: DAY9 + 52 * HOUR };
      expect(fit([...stops, order('online', 'online', 60)], [...tour, online])).toEqual(['first', 'second', 'third']);
    });

    it('keeps the last stop when the booking lies after its drive home (home by 14:13)', () => {
      expect(fit(stops, tour, [{ start: DAY9 + 53.5 * HOUR, end: DAY9 + 54.5 * HOUR }])).toEqual(['first', 'second', 'third']);
    });
  });
});
