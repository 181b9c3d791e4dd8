import { assignmentCost, DEFAULT_WEIGHTS, effectiveRating, loadCost, resolveWeights, unservedPenalty } from './cost.js';
import type { SolverLecturer, SolverOrder } from './types.js';

const HOUR = 3_600_000;
const EARLIEST = Date.UTC(2025, 2, 3) - 8 * HOUR;

function lecturer(over: Partial<SolverLecturer> = {}): SolverLecturer {
  return {
    id: 'l1',
    level: 'city',
    latitude: 49.21,
    longitude: 119.74,
    topics: ['policy'],
    languages: ['zh'],
    formats: ['on_site', 'online'],
    travelRadiusKm: 400,
    travelSpeedKmh: 60,
    maxLecturesPerMonth: 8,
    rating: 4.6,
    ratingCount: 20,
    weekly: [],
    exceptions: [],
    bookings: [],
    bookedPerMonth: {},
    ...over,
  };
}

function order(over: Partial<SolverOrder> = {}, branch: Partial<SolverOrder['branch']> = {}): SolverOrder {
  return {
    id: 'o1',
    branchId: 'b1',
    courseId: null,
    topic: 'policy',
    format: 'online',
    language: 'zh',
    earliestStart: EARLIEST,
    latestStart: EARLIEST + 7 * 24 * HOUR,
    durationMinutes: 90,
    branch: {
      latitude: 50.24,
      longitude: 120.18,
      regionLevel: 'village',
      remote: true,
      border: true,
      weak: false,
      lecturesThisYear: 3,
      ...branch,
    },
    ...over,
  };
}

describe(assignmentCost.name, () => {
  const sut = assignmentCost;
  const w = resolveWeights();

  it('adds up the documented components (hand-computed example)', () => {
    // online → no travel; r̂ = (4.6·20 + 3.5·5) / 25 = 4.38 → 20 × 0.62 = 12.4 → 12;
    // coverage 5 × 3 = 15; priority: only "not weak" → 15; city lecturer at a village → 0;
    // 1.5 days late × 2 = 3; third lecture of the month → 8 × 2 = 16.
    const breakdown = sut(order(), lecturer(), EARLIEST + 36 * HOUR, 3, w);
    expect(breakdown).toEqual({ travel: 0, rating: 12, coverage: 15, priority: 15, grassroots: 0, lateness: 3, load: 16, total: 61 });
  });

  it('charges namedLecturer when an order that names a lecturer (点名) goes to another, and nothing for the one named', () => {
    const named = { namedLecturerId: lecturer().id };
    expect(sut(order(named), lecturer(), EARLIEST, 1, w).named).toBe(0);
    const other = sut(order(named), lecturer({ id: 'another' }), EARLIEST, 1, w);
    expect(other.named).toBe(100);
    expect(other.total).toBe(sut(order(), lecturer({ id: 'another' }), EARLIEST, 1, w).total + 100);
    expect(sut(order(), lecturer(), EARLIEST, 1, w)).not.toHaveProperty('named');
  });

  it('raises the unserved penalty of an order that names a lecturer by as much, and forgets the name once they declined', () => {
    const named = { namedLecturerId: lecturer().id };
    expect(unservedPenalty(order(named), w)).toBe(unservedPenalty(order(), w) + 100);
    const declined = order({ ...named, declinedLecturerIds: [lecturer().id] });
    expect(unservedPenalty(declined, w)).toBe(unservedPenalty(order(), w));
    expect(sut(declined, lecturer({ id: 'another' }), EARLIEST, 1, w)).not.toHaveProperty('named');
  });

  it('charges travel for on-site forms by the distance', () => {
    const onSite = sut(order({ format: 'on_site' }), lecturer(), EARLIEST, 1, w);
    expect(onSite.travel).toBeGreaterThan(100); // Hailar → Ergun ≈ 120 km
    expect(onSite.travel).toBeLessThan(140);
  });

  it('costs less grassroots the further down a lecturer is sent', () => {
    const township = sut(order(), lecturer({ level: 'township' }), EARLIEST, 1, w);
    const banner = sut(order(), lecturer({ level: 'banner' }), EARLIEST, 1, w);
    expect([township.grassroots, banner.grassroots]).toEqual([20, 10]);
    const atCity = sut(order({}, { regionLevel: 'city' }), lecturer({ level: 'township' }), EARLIEST, 1, w);
    expect(atCity.grassroots).toBe(30);
  });

  it('prefers better-rated lecturers, shrinking few ratings toward the prior', () => {
    const great = sut(order(), lecturer({ rating: 5, ratingCount: 100 }), EARLIEST, 1, w).rating;
    const once = sut(order(), lecturer({ rating: 5, ratingCount: 1 }), EARLIEST, 1, w).rating;
    const never = sut(order(), lecturer({ rating: null, ratingCount: 0 }), EARLIEST, 1, w).rating;
    const poor = sut(order(), lecturer({ rating: 2, ratingCount: 50 }), EARLIEST, 1, w).rating;
    expect(great).toBeLessThan(once);
    expect(once).toBeLessThan(never);
    expect(never).toBeLessThan(poor);
    expect(effectiveRating(lecturer({ rating: null, ratingCount: 0 }), w)).toBe(3.5);
  });

  it('puts branches with few lectures first', () => {
    const covered = sut(order({}, { lecturesThisYear: 40 }), lecturer(), EARLIEST, 1, w).coverage;
    const neverReached = sut(order({}, { lecturesThisYear: 0 }), lecturer(), EARLIEST, 1, w).coverage;
    expect([neverReached, covered]).toEqual([0, 50]);
  });

  it('puts branches in remote, border and weak regions first', () => {
    const plain = sut(order({}, { remote: false, border: false, weak: false }), lecturer(), EARLIEST, 1, w).priority;
    const all = sut(order({}, { remote: true, border: true, weak: true }), lecturer(), EARLIEST, 1, w).priority;
    expect([all, plain]).toEqual([0, 45]);
  });
});

describe(loadCost.name, () => {
  it('is convex: each further lecture in a month costs more', () => {
    const sut = loadCost;
    const w = resolveWeights({ fairLoad: 8 });
    const marginal = [1, 2, 3, 4, 5].map((j) => sut(j, w));
    expect(marginal).toEqual([0, 8, 16, 24, 32]);
  });
});

describe(unservedPenalty.name, () => {
  const sut = unservedPenalty;
  const w = resolveWeights();
  const plain = () => sut(order({}, { remote: false, border: false, weak: false, lecturesThisYear: 20 }), w);

  it('is larger for remote, border, weak and rarely reached branches', () => {
    const remote = sut(order({}, { remote: true, border: false, weak: false, lecturesThisYear: 20 }), w);
    const everything = sut(order({}, { remote: true, border: true, weak: true, lecturesThisYear: 0 }), w);
    expect([plain(), remote, everything]).toEqual([5000, 7000, 12000]);
  });

  it('is far above any served cost', () => {
    const served = assignmentCost(
      order({ format: 'on_site' }),
      lecturer({ rating: 1, ratingCount: 99, level: 'township' }),
      EARLIEST + 7 * 24 * HOUR,
      10,
      w,
    );
    expect(served.total).toBeLessThan(plain());
  });
});

describe(resolveWeights.name, () => {
  const sut = resolveWeights;

  it('overrides the defaults it is given, and keeps the others', () => {
    expect(sut({ travelPerKm: 2 }).travelPerKm).toBe(2);
    expect(sut().ratingPerStar).toBe(DEFAULT_WEIGHTS.ratingPerStar);
  });

  it('rejects negative or non-finite weights', () => {
    expect(() => sut({ fairLoad: -1 })).toThrow(RangeError);
    expect(() => sut({ travelPerKm: Number.NaN })).toThrow(RangeError);
  });
});
