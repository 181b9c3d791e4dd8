import type { CoverageFigures, CoverageView, GroupFigures, PriorityGroups, RegionCoverage, UnreachedBranch } from './coverage.dto.js';
import type { DayPeriod } from './coverage-period.js';
import type { RegionLectures, RegionReach, ScopeRegion } from './coverage.repository.js';
import { CUSTOM_TOPIC, type DimensionKey, SUMMARY_COLUMNS, UNKNOWN } from './summary-columns.js';

/**
 * Figures as one flat vector per region, so that rolling a city of thousands of regions up the tree is
 * a tight loop over numbers: four totals, then one slot per dimension value (see `Slots`).
 */
type Vector = Float64Array;
const BRANCHES = 0;
const REACHED = 1;
const LECTURES = 2;
const ATTENDANCE = 3;
const FIXED = 4;

/** Which slot of a vector counts which dimension value. */
class Slots {
  readonly keys: Record<DimensionKey, string[]> = { byCategory: [], byLevel: [], byFormat: [], byTopic: [] };
  private readonly index = new Map<string, number>();
  private next = FIXED;

  slot(dimension: DimensionKey, value: string): number {
    const key = `${dimension}:${value}`;
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.next++;
      this.index.set(key, at);
      this.keys[dimension].push(value);
    }
    return at;
  }

  get size(): number {
    return this.next;
  }

  private laidOut?: Record<DimensionKey, Array<[string, number]>>;
  /** Per dimension, its values and their slots, in order (once all slots are made). */
  get layout(): Record<DimensionKey, Array<[string, number]>> {
    const of = (k: DimensionKey) => this.keys[k].map((value): [string, number] => [value, this.index.get(`${k}:${value}`) as number]);
    return (this.laidOut ??= { byCategory: of('byCategory'), byLevel: of('byLevel'), byFormat: of('byFormat'), byTopic: of('byTopic') });
  }
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function add(into: Vector, from: Vector): void {
  for (let i = 0; i < from.length; i++) into[i] += from[i];
}

function figures(v: Vector, slots: Slots): CoverageFigures {
  const shaped = (k: DimensionKey) => {
    // No prototype: a custom topic is free text, and one named `__proto__` must stay a plain key.
    const out = Object.create(null) as Record<string, number>;
    for (const [value, at] of slots.layout[k]) out[value] = v[at];
    return out;
  };
  return {
    branches: v[BRANCHES], branchesReached: v[REACHED], reachRate: rate(v[REACHED], v[BRANCHES]),
    lectures: v[LECTURES], attendance: v[ATTENDANCE],
    byCategory: shaped('byCategory'), byLevel: shaped('byLevel'), byFormat: shaped('byFormat'), byTopic: shaped('byTopic'),
  };
}

function group(v: Vector): GroupFigures {
  return {
    branches: v[BRANCHES], branchesReached: v[REACHED], reachRate: rate(v[REACHED], v[BRANCHES]),
    lectures: v[LECTURES], attendance: v[ATTENDANCE],
    lecturesPerBranch: v[BRANCHES] === 0 ? null : Math.round((v[LECTURES] / v[BRANCHES]) * 100) / 100,
  };
}

/** The subtree in pre-order from the root: parents before children, siblings by name (then id, for ties). */
function preOrder(regions: ScopeRegion[], rootId: string): ScopeRegion[] {
  const children = new Map<string | null, ScopeRegion[]>();
  for (const r of regions) {
    const siblings = children.get(r.parentId);
    if (siblings) siblings.push(r);
    else children.set(r.parentId, [r]);
  }
  for (const list of children.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  const root = regions.find((r) => r.id === rootId);
  const out: ScopeRegion[] = [];
  const stack = root ? [root] : [];
  for (let r = stack.pop(); r !== undefined; r = stack.pop()) {
    out.push(r);
    stack.push(...[...(children.get(r.id) ?? [])].reverse());
  }
  return out;
}

export interface CoverageInputs {
  period: DayPeriod;
  rootId: string;
  regions: ScopeRegion[];
  lectures: RegionLectures[];
  reach: RegionReach[];
  customTopics: Array<{ regionId: string; topic: string; lectures: number }>;
}

/**
 * Builds the coverage view from per-region figures of each region's own branches: every node gets
 * the sum over its subtree (a branch counts for its region and every region above it, up to the
 * root), the priority groups sum the regions by their own flags, and the unreached branches are
 * listed in the order of the tree.
 */
export function buildCoverage(input: CoverageInputs): CoverageView {
  // Every value with a column of its own is shown, zero or not, so all rows (and an export's columns)
  // have one shape; `unknown` and the custom topics only when they occur.
  const slots = new Slots();
  for (const c of SUMMARY_COLUMNS) if (c.value !== UNKNOWN && c.value !== CUSTOM_TOPIC) slots.slot(c.dimension, c.value);
  const occurring = SUMMARY_COLUMNS.filter((c) => c.value === UNKNOWN && input.lectures.some((l) => (l.counts[c.column] ?? 0) > 0));
  for (const c of occurring) slots.slot(c.dimension, c.value);
  for (const topic of [...new Set(input.customTopics.filter((c) => c.lectures > 0).map((c) => c.topic))].sort()) slots.slot('byTopic', topic);
  // Custom topics are counted one by one; the `custom` column is only their sum.
  const columns = SUMMARY_COLUMNS.filter((c) => c.value !== CUSTOM_TOPIC && (c.value !== UNKNOWN || occurring.includes(c))).map((c) => ({ column: c.column, at: slots.slot(c.dimension, c.value) }));

  const own = new Map<string, Vector>(input.regions.map((r) => [r.id, new Float64Array(slots.size)]));
  for (const row of input.lectures) {
    const v = own.get(row.regionId);
    if (!v) continue;
    v[LECTURES] += row.lectures;
    v[ATTENDANCE] += row.attendance;
    for (const c of columns) v[c.at] += row.counts[c.column] ?? 0;
  }
  for (const row of input.customTopics) {
    const v = own.get(row.regionId);
    if (v) v[slots.slot('byTopic', row.topic)] += row.lectures;
  }
  for (const row of input.reach) {
    const v = own.get(row.regionId);
    if (!v) continue;
    v[BRANCHES] += row.branches;
    v[REACHED] += row.branchesReached;
  }

  const ordered = preOrder(input.regions, input.rootId);
  const rolled = new Map<string, Vector>(ordered.map((r) => [r.id, new Float64Array(slots.size)]));
  for (const r of ordered) {
    const mine = own.get(r.id) as Vector;
    for (let i = r.path.indexOf(input.rootId); i >= 0 && i < r.path.length; i++) {
      const into = rolled.get(r.path[i]);
      if (into) add(into, mine);
    }
  }

  const groups = { remote: new Float64Array(slots.size), border: new Float64Array(slots.size), weak: new Float64Array(slots.size), other: new Float64Array(slots.size) };
  for (const r of ordered) {
    const mine = own.get(r.id) as Vector;
    if (r.remote) add(groups.remote, mine);
    if (r.border) add(groups.border, mine);
    if (r.weak) add(groups.weak, mine);
    if (!r.remote && !r.border && !r.weak) add(groups.other, mine);
  }

  const rootDepth = (ordered[0]?.path.length ?? 1) - 1;
  const regions: RegionCoverage[] = ordered.map((r) => ({
    regionId: r.id, name: r.name, level: r.level, parentId: r.parentId, depth: r.path.length - 1 - rootDepth,
    border: r.border, remote: r.remote, weak: r.weak, ...figures(rolled.get(r.id) as Vector, slots),
  }));

  const unreachedOf = new Map(input.reach.map((r) => [r.regionId, r.unreached]));
  const unreachedBranches: UnreachedBranch[] = ordered.flatMap((r) => (unreachedOf.get(r.id) ?? []).map((b) => ({
    id: b.id, name: b.name, kind: b.kind, regionId: r.id, regionName: r.name, border: r.border, remote: r.remote, weak: r.weak,
  })));

  const priorityGroups: PriorityGroups = { remote: group(groups.remote), border: group(groups.border), weak: group(groups.weak), other: group(groups.other) };
  return {
    period: input.period,
    regionId: input.rootId,
    totals: figures(rolled.get(input.rootId) ?? new Float64Array(slots.size), slots),
    regions,
    priorityGroups,
    unreachedBranches,
  };
}
