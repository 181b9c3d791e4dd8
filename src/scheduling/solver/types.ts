/**
 * Plain data in, plain data out: the types of the batch solver.
 *
 * Everything here is structured-cloneable (no classes, no functions, no Dates: instants are epoch
 * milliseconds), so a whole input can be posted to a worker thread and the result posted back.
 * Local times ("HH:MM", weekdays, months) are Asia/Shanghai (UTC+8, no daylight saving time).
 */

import type { LecturerLevel, RegionLevel } from '../../kernel/vocabulary.js';

/** The hard rules of who may take an order, checked by `eligibility.ts` in this order. */
export type StaticRule = 'teaches' | 'language' | 'format' | 'distance' | 'declined';
export type TimeRule = 'window' | 'availability' | 'exception' | 'booking' | 'monthly_cap';
export type RuleCode = StaticRule | TimeRule;

/** An instant as milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMs = number;

/** The ordering branch as far as scheduling cares. */
export interface SolverBranch {
  latitude: number;
  longitude: number;
  /** Level of the branch's region node (village = 嘎查村 / 社区 level). */
  regionLevel: RegionLevel;
  remote: boolean;
  border: boolean;
  weak: boolean;
  /** Lectures the branch has had this calendar year (coverage: fewest first). */
  lecturesThisYear: number;
}

export interface SolverOrder {
  id: string;
  branchId: string;
  /** Menu course, or null for a custom topic. */
  courseId: string | null;
  /** For a menu order: the lecturers who give the course (the only ones who can teach it). */
  courseLecturerIds?: string[];
  /** The topic (for a menu order the course's topic; for a custom order what the branch asked for). */
  topic: string;
  /** The order's title (the course's for a menu order), for explanations only. */
  title?: string;
  format: string;
  language: string;
  /** Earliest acceptable start (inclusive). */
  earliestStart: EpochMs;
  /** Latest acceptable start (inclusive). */
  latestStart: EpochMs;
  durationMinutes: number;
  branch: SolverBranch;
  /** Lecturers who declined this order (or let an offer expire): never proposed again. */
  declinedLecturerIds?: string[];
  /** The lecturer the branch named (点名): anyone else costs `namedLecturer` points more. */
  namedLecturerId?: string;
}

/** A weekly availability window in local time; `to: "24:00"` is the end of the day. */
export interface WeeklyWindow {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  from: string;
  to: string;
}

/** A dated unavailability (leave, trip), half-open [from, to). */
export interface ExceptionInterval {
  from: EpochMs;
  to: EpochMs;
}

/** An existing booking, half-open [start, end), already including the travel buffer. */
export interface BookingInterval {
  start: EpochMs;
  end: EpochMs;
}

export interface SolverLecturer {
  id: string;
  level: LecturerLevel;
  latitude: number;
  longitude: number;
  topics: string[];
  languages: string[];
  formats: string[];
  travelRadiusKm: number;
  /** km/h of the travel a booking blocks around the lecturer's on-site lectures (the app's TRAVEL_SPEED_KMH). */
  travelSpeedKmh: number;
  maxLecturesPerMonth: number;
  /** Mean rating 1–5 from branches' evaluations, or null when never rated. */
  rating: number | null;
  ratingCount: number;
  weekly: WeeklyWindow[];
  exceptions: ExceptionInterval[];
  bookings: BookingInterval[];
  /** Lectures already booked per local month, key 'YYYY-MM'. */
  bookedPerMonth: Record<string, number>;
}

/** One part of a day with a fixed local start time and the formats it may hold. */
export interface DayPart {
  name: string;
  /** Local start 'HH:MM'. */
  start: string;
  formats: string[];
}

/**
 * The slot grid. Each local day has these parts; a lecture given in a part must end by the start of
 * the next part (so one lecturer's lectures in different parts never overlap). At most one part per
 * day may hold on-site forms: one on-site lecture per lecturer per day.
 */
export interface SlotModel {
  parts: DayPart[];
}

/**
 * Cost weights. All costs are in "points"; one point is roughly one km of travel. Every component
 * is rounded to a whole point, so flow costs are exact integers. See cost.ts for the defaults and
 * the reasons behind them.
 */
export interface Weights {
  /** Points per km between the lecturer's home and the branch (on-site forms only). */
  travelPerKm: number;
  /** Points per star the lecturer's (shrunken) rating lies below 5. */
  ratingPerStar: number;
  /** Prior mean rating used to shrink few ratings (and for never-rated lecturers). */
  ratingPrior: number;
  /** Weight of the prior, in pseudo-ratings. */
  ratingPriorCount: number;
  /** Points per lecture the branch already had this year, counted up to `coverageCap`. */
  coveragePerLecture: number;
  /** Lectures per year after which a branch counts as covered. */
  coverageCap: number;
  /** Points when the branch is NOT remote / border / weak (those are served first). */
  priorityRemote: number;
  priorityBorder: number;
  priorityWeak: number;
  /** Points per level the lecturer is NOT sent down (city lecturer → village costs 0). */
  grassrootsPerLevel: number;
  /** Points per day the start lies after the window's earliest start. */
  latenessPerDay: number;
  /** Convex fair load: the j-th lecture of a lecturer in a month costs fairLoad × (j − 1). */
  fairLoad: number;
  /** Penalty for leaving an order unserved … */
  unservedBase: number;
  /** … plus this much if the branch is remote, */
  unservedRemote: number;
  /** … border, */
  unservedBorder: number;
  /** … weak, */
  unservedWeak: number;
  /** … plus this much per lecture the branch is below `coverageCap` this year. */
  unservedCoverage: number;
  /** Points per night a lecturer spends away from home on a tour (巡回宣讲). */
  nightAway: number;
  /** Points an order that names a lecturer (点名) costs with anyone else. */
  namedLecturer: number;
}

/** Tours (巡回宣讲): on-site lectures of one lecturer on consecutive days chained into one trip. */
export interface TourOptions {
  /** Nights away from home a tour may take (a tour has at most maxNights + 1 stops). */
  maxNights: number;
  /** Speed of the travel blocked around on-site lectures (the bookings' travel), km/h. */
  travelSpeedKmh: number;
  /**
   * Milliseconds the solve may take, the network included: the search stops between its steps once
   * they are spent and returns its best plan and bound so far (the tour-less optimum chained and one
   * bound always come first). Absent: no limit.
   */
  timeBudgetMs?: number;
}

export interface SolveInput {
  orders: SolverOrder[];
  lecturers: SolverLecturer[];
  slotModel: SlotModel;
  /** Overrides of the default weights. */
  weights?: Partial<Weights>;
  /** Plan tours too (absent: every on-site lecture is a trip from home and back). */
  tours?: TourOptions;
}

/** Cost of one assignment, by soft goal. `total` is the sum of the others. */
export interface CostBreakdown {
  travel: number;
  rating: number;
  coverage: number;
  priority: number;
  grassroots: number;
  lateness: number;
  load: number;
  /** Tour stops only: the cost of the night away before this stop (0 on a tour's first stop). */
  nights?: number;
  /** Orders that name a lecturer (点名) only: `namedLecturer` if this is another, else 0. */
  named?: number;
  total: number;
}

export interface Assignment {
  orderId: string;
  lecturerId: string;
  startsAt: EpochMs;
  /** Day part name of the slot. */
  part: string;
  /** Lecturer home → branch, km (0 for online). */
  travelKm: number;
  cost: number;
  breakdown: CostBreakdown;
  /** Index into `tours` when the lecture is a stop of a tour. */
  tourIndex?: number;
}

/** One leg of a tour: from home or a stop to a stop or home (null = the lecturer's home). */
export interface TourLeg {
  fromOrderId: string | null;
  toOrderId: string | null;
  km: number;
}

export interface TourStop {
  orderId: string;
  branchId: string;
  startsAt: EpochMs;
}

/** Stops of one lecturer on consecutive days, travelled village to village; the last leg returns home. */
export interface Tour {
  lecturerId: string;
  stops: TourStop[];
  legs: TourLeg[];
  /** Km driven: home → first stop → … → last stop → home. */
  km: number;
  /** Km of the same lectures as separate trips from home and back. */
  kmIfSeparate: number;
  nights: number;
}

// ---- reasons: codes and the facts behind them, never text (src/i18n renders them) ---------------

/** What an order asks for, as reasons name it. */
export interface OrderAsked {
  /** Menu course (named by its title when it has one), or null for a custom topic. */
  courseId: string | null;
  title: string | null;
  topic: string;
  language: string;
  format: string;
}

/** Qualified lecturers who could not take the order, by the time rule that kept them out. */
export interface UnavailableCounts {
  availability: number;
  exception: number;
  booking: number;
  monthly_cap: number;
}

/** How an order with usable slots lost them in the final plan. */
export interface LostSlots {
  eligibleLecturers: number;
  usableSlots: number;
  /** Usable slots that went to other orders. */
  slotsTaken: number;
  /** Usable slots in a lecturer-month filled up by other orders. */
  fullMonths: number;
}

/**
 * Why an order got no lecturer: a stable code, what it counts (lecturers or slots, when it counts
 * something) and its parameters. `monthly_caps_reached` comes in two kinds: every qualified lecturer
 * was at the cap before the batch (params with `unavailable`), or other orders of the batch filled
 * the months (params of LostSlots).
 */
export type Reason =
  | {
      code: 'no_slot';
      count?: undefined;
      params: { earliestStart: EpochMs; latestStart: EpochMs; durationMinutes: number; format: string };
    }
  | { code: 'no_qualified_lecturer'; count: number; params: OrderAsked & { nearestOutOfRangeKm: number | null } }
  | {
      code: 'all_booked' | 'monthly_caps_reached' | 'not_available' | 'no_free_lecturer';
      count: number;
      params: OrderAsked & { qualified: number; unavailable: UnavailableCounts };
    }
  | { code: 'monthly_caps_reached' | 'lost_to_other_orders' | 'too_costly'; count: number; params: LostSlots }
  /** Detail: how many of `lecturers` fail at this rule first. */
  | { code: StaticRule; count: number; params: OrderAsked & { lecturers: number } };

/** The facts behind each broken hard rule of one lecturer at one start. */
export interface ViolationParams {
  teaches: Pick<OrderAsked, 'courseId' | 'title' | 'topic'>;
  language: { language: string };
  format: { format: string };
  distance: { km: number; travelRadiusKm: number };
  declined: Record<string, never>;
  window: { startsAt: EpochMs };
  availability: { startsAt: EpochMs };
  exception: { startsAt: EpochMs };
  booking: { startsAt: EpochMs };
  monthly_cap: { month: string; maxLecturesPerMonth: number };
}

export type Violation = { [C in RuleCode]: { code: C; params: ViolationParams[C] } }[RuleCode];

/** Why a lecturer is excluded over an order's whole window: static rules as violations, time rules at no single start. */
export interface ExclusionParams extends Pick<ViolationParams, StaticRule> {
  window: Record<string, never>;
  availability: Record<string, never>;
  exception: Record<string, never>;
  booking: Record<string, never>;
  monthly_cap: { maxLecturesPerMonth: number };
}

export type Exclusion = { [C in RuleCode]: { code: C; params: ExclusionParams[C] } }[RuleCode];

export interface UnassignedOrder {
  orderId: string;
  /** The unserved penalty paid in the objective. */
  penalty: number;
  reasons: Reason[];
}

export interface SolverStats {
  orders: number;
  lecturers: number;
  served: number;
  unserved: number;
  /** order → slot arcs of the full network. */
  arcs: number;
  slots: number;
  lecturerMonths: number;
  augmentations: number;
  buildMs: number;
  solveMs: number;
  totalMs: number;
  /** Sum of each component over all assignments, and the unserved penalties. */
  costByComponent: Omit<CostBreakdown, 'total' | 'nights' | 'named'> & { named: number; unserved: number; nights?: number };
  /** Half the km driven: each lecture's km from home, a tour's stops half the tour's km (a stop's own travelKm stays home → branch). */
  travelKm: number;
  /** With tours: the search's figures. */
  tours?: TourStats;
}

export interface TourStats {
  /** Total cost of the tour-less optimum (the min-cost flow). */
  flowCost: number;
  /** Proven lower bound on the tour model's optimum. */
  lowerBound: number;
  /** (totalCost − lowerBound) / lowerBound. */
  gap: number;
  /** Whether the search proved the plan optimal (gap 0 by exhaustion). */
  proven: boolean;
  tours: number;
  nights: number;
  /** order → slot arcs that only a tour can use (beyond the home radius). */
  farArcs: number;
  nodes: number;
  rounds: number;
  /** Whether the time budget cut the search short. */
  timedOut: boolean;
}

export interface SolveResult {
  assigned: Assignment[];
  unassigned: UnassignedOrder[];
  /** Sum of assignment costs and unserved penalties: the minimised objective. */
  totalCost: number;
  stats: SolverStats;
  /** With tours: the plan's tours (assignments point here with `tourIndex`). */
  tours?: Tour[];
}
