/**
 * The cost model: one number per (order, lecturer, slot), in points (≈ km of travel), made of
 * soft goals that are each rounded to a whole point (so the flow costs are exact integers).
 *
 *   travel      travelPerKm × km lecturer home → branch (on-site forms; online: 0)
 *   rating      ratingPerStar × (5 − r̂), r̂ = (r·n + prior·m) / (n + m): a shrunken mean so that one
 *               5-star rating does not beat forty 4.8s; never rated = the prior
 *   coverage    coveragePerLecture × min(lecturesThisYear, coverageCap): branches with the fewest
 *               lectures this year are the cheapest to serve
 *   priority    priorityRemote·[not remote] + priorityBorder·[not border] + priorityWeak·[not weak]
 *   grassroots  grassrootsPerLevel × (3 − levels sent down), levels sent down =
 *               rank(branch region level) − rank(lecturer level) clamped to 0…3 with city 0, banner 1,
 *               township 2, village 3: a city lecturer at a village branch costs 0, a township
 *               lecturer at a city branch 3 levels' worth (the tilt to the grassroots)
 *   lateness    latenessPerDay × days after the window's earliest start
 *   named       namedLecturer × [the order names another lecturer (点名), who has not declined it]
 *   load        fairLoad × (j − 1) for the j-th lecture of the lecturer in that month, counting the
 *               lectures already booked: convex, so it is modelled exactly as parallel unit arcs of
 *               rising cost from the lecturer-month node to the sink
 * and, for an order left unserved,
 *   unserved    unservedBase + unservedRemote·[remote] + unservedBorder·[border] + unservedWeak·[weak]
 *               + unservedCoverage × max(0, coverageCap − lecturesThisYear)
 *               + namedLecturer·[the order names a lecturer, who has not declined it]
 *
 * Why these defaults: one point is one km, the one physical quantity. A star of rating is worth
 * 20 km, so a 4.5-star lecturer beats a 3.5-star one 20 km nearer, not one 100 km nearer. Coverage
 * (up to 50) and region priority (up to 45) are tie-breakers among served orders; what really puts
 * remote/border/weak and never-reached branches first is the unserved penalty (5,000 plus 2,000 per
 * flag plus up to 1,000 for coverage): under scarce capacity the solver drops the orders whose
 * penalty is lowest. Every served cost (≤ ~1,000 within any realistic travel radius) is far below the
 * base penalty, so an order is left unserved only when no feasible reassignment of the batch can
 * take it. Grassroots 10 per level: sending a city lecturer to a village instead of a township
 * lecturer is worth 20 km. Lateness 2 per day: earlier in the window is mildly preferred. Fair load
 * 8: the 5th lecture in a month costs 32 km more than a first one, which spreads work without
 * sending people across the grassland. Named lecturer 100: the one a branch asked for by name goes
 * before anyone up to 100 km nearer or five stars better rated; a hard rule still keeps them out, and the
 * unserved penalty of such an order is 100 higher too, so that naming someone never costs the order its
 * place against other branches' orders. A name stops counting once that lecturer declines the order.
 */
import { orderTravelKm } from './eligibility.js';
import { isOnSite, type LecturerLevel, type RegionLevel } from '../../kernel/vocabulary.js';
import { DAY_MS } from '../../kernel/time.js';
import type { CostBreakdown, SolverLecturer, SolverOrder, Weights } from './types.js';

export const DEFAULT_WEIGHTS: Readonly<Weights> = Object.freeze({
  travelPerKm: 1,
  ratingPerStar: 20,
  ratingPrior: 3.5,
  ratingPriorCount: 5,
  coveragePerLecture: 5,
  coverageCap: 10,
  priorityRemote: 15,
  priorityBorder: 15,
  priorityWeak: 15,
  grassrootsPerLevel: 10,
  latenessPerDay: 2,
  fairLoad: 8,
  unservedBase: 5000,
  unservedRemote: 2000,
  unservedBorder: 2000,
  unservedWeak: 2000,
  unservedCoverage: 100,
  nightAway: 40,
  namedLecturer: 100,
});

/** Defaults overridden by `partial`; every weight must be a finite number ≥ 0. */
export function resolveWeights(partial?: Partial<Weights>): Weights {
  const w: Weights = { ...DEFAULT_WEIGHTS, ...(partial ?? {}) };
  for (const [k, v] of Object.entries(w)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new RangeError(`weight ${k} must be a finite number ≥ 0, got ${String(v)}`);
  }
  return w;
}

const LECTURER_RANK: Record<LecturerLevel, number> = { city: 0, banner: 1, township: 2 };
const REGION_RANK: Record<RegionLevel, number> = { city: 0, banner: 1, township: 2, village: 3 };

/** Shrunken mean rating r̂ used by the rating cost. */
export function effectiveRating(lecturer: SolverLecturer, w: Weights): number {
  const n = lecturer.rating === null || !(lecturer.ratingCount > 0) ? 0 : lecturer.ratingCount;
  const sum = n > 0 ? (lecturer.rating as number) * n : 0;
  const m = w.ratingPriorCount;
  if (n + m === 0) return w.ratingPrior;
  return (sum + w.ratingPrior * m) / (n + m);
}

export function travelCost(km: number, w: Weights): number {
  return Math.round(km * w.travelPerKm);
}

export function ratingCost(lecturer: SolverLecturer, w: Weights): number {
  return Math.round(w.ratingPerStar * Math.max(0, 5 - effectiveRating(lecturer, w)));
}

export function coverageCost(order: SolverOrder, w: Weights): number {
  return Math.round(w.coveragePerLecture * Math.min(Math.max(0, order.branch.lecturesThisYear), w.coverageCap));
}

export function priorityCost(order: SolverOrder, w: Weights): number {
  const b = order.branch;
  return Math.round((b.remote ? 0 : w.priorityRemote) + (b.border ? 0 : w.priorityBorder) + (b.weak ? 0 : w.priorityWeak));
}

/** Levels the lecturer is sent down to reach the branch, 0…3. */
export function levelsSentDown(order: SolverOrder, lecturer: SolverLecturer): number {
  const d = (REGION_RANK[order.branch.regionLevel] ?? 3) - (LECTURER_RANK[lecturer.level] ?? 2);
  return Math.min(3, Math.max(0, d));
}

export function grassrootsCost(order: SolverOrder, lecturer: SolverLecturer, w: Weights): number {
  return Math.round(w.grassrootsPerLevel * (3 - levelsSentDown(order, lecturer)));
}

export function latenessCost(order: SolverOrder, startsAt: number, w: Weights): number {
  return Math.round((w.latenessPerDay * Math.max(0, startsAt - order.earliestStart)) / DAY_MS);
}

/** The lecturer the branch named (点名) while the name still counts: not once they declined the order. */
function namedLecturerOf(order: SolverOrder): string | undefined {
  const named = order.namedLecturerId;
  return named === undefined || order.declinedLecturerIds?.includes(named) ? undefined : named;
}

/**
 * What giving the order to this lecturer costs against the one the branch named (点名): 0 if none is named. The
 * unserved penalty carries the same weight, so a name ranks the order's lecturers and never the order against others.
 */
export function namedCost(order: SolverOrder, lecturer: SolverLecturer, w: Weights): number {
  const named = namedLecturerOf(order);
  return named === undefined || named === lecturer.id ? 0 : Math.round(w.namedLecturer);
}

/** Marginal cost of the j-th (1-based) lecture of one lecturer in one month, counting earlier bookings. */
export function loadCost(j: number, w: Weights): number {
  return Math.round(w.fairLoad * Math.max(0, j - 1));
}

/** Penalty for leaving the order unserved. */
export function unservedPenalty(order: SolverOrder, w: Weights): number {
  const b = order.branch;
  const deficit = Math.max(0, w.coverageCap - Math.max(0, b.lecturesThisYear));
  return (
    Math.round(
      w.unservedBase +
        (b.remote ? w.unservedRemote : 0) +
        (b.border ? w.unservedBorder : 0) +
        (b.weak ? w.unservedWeak : 0) +
        w.unservedCoverage * deficit,
    ) + (namedLecturerOf(order) === undefined ? 0 : Math.round(w.namedLecturer))
  );
}

/**
 * The cost of giving `order` to `lecturer` at `startsAt` as the `j`-th lecture of the lecturer in
 * that month (j counts lectures already booked, 1-based). `km` defaults to the haversine distance
 * for on-site forms and 0 for online.
 */
export function assignmentCost(
  order: SolverOrder,
  lecturer: SolverLecturer,
  startsAt: number,
  j: number,
  w: Weights,
  km: number = orderTravelKm(order, lecturer),
): CostBreakdown {
  const travel = isOnSite(order.format) ? travelCost(km, w) : 0;
  const rating = ratingCost(lecturer, w);
  const coverage = coverageCost(order, w);
  const priority = priorityCost(order, w);
  const grassroots = grassrootsCost(order, lecturer, w);
  const lateness = latenessCost(order, startsAt, w);
  const load = loadCost(j, w);
  const named = namedCost(order, lecturer, w);
  return {
    travel,
    rating,
    coverage,
    priority,
    grassroots,
    lateness,
    load,
    ...(namedLecturerOf(order) !== undefined ? { named } : {}),
    total: travel + rating + coverage + priority + grassroots + lateness + load + named,
  };
}
