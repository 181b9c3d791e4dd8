import { checkEligibility } from '../scheduling/solver/index.js';
import { MINUTE_MS, monthKeyOf } from '../kernel/time.js';
import { ORDER_STATUSES } from '../kernel/vocabulary.js';
import { generateDemoCity } from './demo-city.js';
import type { BookingRow, DemoCity, LecturerRow, OrderRow } from './model.js';
import { toSolverLecturer, toSolverOrder } from './solver-input.js';

/** 2026-01-15 11:00 local (Asia/Shanghai). */
const NOW = Date.UTC(2026, 0, 15, 3);

function counterIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

/** Lecture plus travel either side: what the bookings table's exclusion constraint compares. */
const blocked = (b: BookingRow): { start: number; end: number } => ({
  start: b.start - b.travel * MINUTE_MS,
  end: b.end + b.travel * MINUTE_MS,
});
const active = (b: BookingRow): boolean => b.releasedAt === null;

/** The lecturer as the rules see them beside their other active bookings, as the app checks a take. */
function lecturerBeside(city: DemoCity, lecturer: LecturerRow, start: number, except?: BookingRow) {
  const others = city.bookings.filter((b) => b !== except && b.lecturerId === lecturer.id && active(b));
  const month = monthKeyOf(start);
  return toSolverLecturer(lecturer, others.map(blocked), { [month]: others.filter((b) => monthKeyOf(b.start) === month).length });
}

function solverOrderOf(city: DemoCity, order: OrderRow) {
  const declined = city.declines.filter((x) => x.orderId === order.id).map((x) => x.lecturerId);
  return toSolverOrder(order, [order.earliest, order.latest], declined);
}

describe(generateDemoCity.name, () => {
  let sut: DemoCity;
  const lecturerOf = (id: string): LecturerRow => sut.lecturers.find((l) => l.id === id) as LecturerRow;
  const orderOf = (id: string): OrderRow => sut.orders.find((o) => o.id === id) as OrderRow;

  beforeAll(() => {
    sut = generateDemoCity(NOW, counterIds());
  });

  it('is the same city on every run for the same day', () => {
    expect(generateDemoCity(NOW, counterIds())).toEqual(sut);
  });

  it('holds the city the README describes: 14 banners, 300 branches, 60 lecturers, 20 courses', () => {
    const count = (level: string): number => sut.regions.filter((r) => r.level === level).length;
    expect([count('city'), count('banner'), sut.branches.length, sut.lecturers.length, sut.courses.length]).toEqual([1, 14, 300, 60, 20]);
  });

  it('has about 150 orders, some in every state', () => {
    expect(sut.orders.length).toBeGreaterThanOrEqual(140);
    expect(ORDER_STATUSES.filter((s) => !sut.orders.some((o) => o.status === s))).toEqual([]);
  });

  it('has the three demo logins tied to a branch and a lecturer, and no other account one can log in with', () => {
    const logins = sut.accounts.filter((a) => a.demoLogin).map((a) => [a.username, a.role, a.branchId !== null, a.lecturerId !== null]);
    expect(logins).toEqual([
      ['admin', 'admin', false, false],
      ['branch', 'branch', true, false],
      ['lecturer', 'lecturer', false, true],
    ]);
  });

  it('books every lecture only where checkEligibility allows it', () => {
    const refused = sut.bookings.flatMap((b) => {
      const violations = checkEligibility(
        solverOrderOf(sut, orderOf(b.orderId)),
        lecturerBeside(sut, lecturerOf(b.lecturerId), b.start, b),
        b.start,
      );
      return violations.map((v) => `${b.orderId}: ${v.code}`);
    });
    expect(refused).toEqual([]);
  });

  it('offers every open offer only where checkEligibility allows it', () => {
    const offered = sut.orders.filter((o) => o.status === 'offered');
    const refused = offered.flatMap((o) => {
      const start = o.offeredStart as number;
      return checkEligibility(solverOrderOf(sut, o), lecturerBeside(sut, lecturerOf(o.offeredId as string), start), start).map(
        (v) => `${o.id}: ${v.code}`,
      );
    });
    expect(refused).toEqual([]);
  });

  it('never overlaps two active bookings of one lecturer, travel included', () => {
    const overlaps = sut.bookings.filter(active).flatMap((a, i, all) =>
      all
        .slice(i + 1)
        .filter((b) => a.lecturerId === b.lecturerId && blocked(a).start < blocked(b).end && blocked(b).start < blocked(a).end)
        .map((b) => `${a.orderId} and ${b.orderId}`),
    );
    expect(overlaps).toEqual([]);
  });

  it("keeps every lecturer's monthly cap", () => {
    const perMonth = new Map<string, number>();
    for (const b of sut.bookings.filter(active)) {
      const key = `${b.lecturerId} ${monthKeyOf(b.start)}`;
      perMonth.set(key, (perMonth.get(key) ?? 0) + 1);
    }
    const over = [...perMonth].filter(([key, n]) => n > lecturerOf(key.split(' ')[0]).maxLecturesPerMonth).map(([key]) => key);
    expect(over).toEqual([]);
  });
});
