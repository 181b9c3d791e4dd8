import type { Actor } from '../auth/actor.js';

/**
 * The one region-scope rule: an admin scoped to a region sees that region's subtree, a city-wide admin
 * (scope null) sees everything. The TypeScript predicate and its SQL fragment live side by side so that
 * they cannot drift apart. A region's `path` holds the ids from the city down to itself.
 */

/** Whether a scope (null = the whole city) covers a region with this path. */
export function scopeCovers(scopeRegionId: string | null, region: { path: readonly string[] }): boolean {
  return scopeRegionId === null || region.path.includes(scopeRegionId);
}

/**
 * SQL: the region whose path column is `pathColumn` lies in the subtree of the region given by the
 * parameter placeholder `param` (e.g. `$1`, or `:scope` in a QueryBuilder).
 */
export function withinSubtreeSql(pathColumn: string, param: string): string {
  return `${param} = ANY(${pathColumn})`;
}

/**
 * Whether a place counts as weak (党员教育薄弱), as SQL over its region's path (qualified: `r.path`): marked itself or
 * lying under any region an admin marked (a township, a banner, the city itself), since a township's mark is meant
 * for its villages. Border and remote are each place's own geography and are read from it alone.
 */
export function weakOnPathSql(pathColumn: string): string {
  return `EXISTS (SELECT 1 FROM regions marked WHERE marked.id = ANY(${pathColumn}) AND marked.weak)`;
}

/** Who an actor is to a booked lecture: its lecturer, the branch that ordered it, or an admin whose scope holds that branch. */
export type LectureParty = 'lecturer' | 'branch' | 'admin';

type LectureSides = { lecturerId: string | null; branchId: string; regionPath: readonly string[] };

/** The actor's part in a lecture, or undefined for anyone else (to whom the lecture is not there: 404). */
function partyTo(actor: Actor, lecture: LectureSides): LectureParty | undefined {
  if (actor.role === 'lecturer') return lecture.lecturerId === actor.lecturerId ? 'lecturer' : undefined;
  if (actor.role === 'branch') return lecture.branchId === actor.branchId ? 'branch' : undefined;
  return scopeCovers(actor.regionId, { path: lecture.regionPath }) ? 'admin' : undefined;
}

/** Whether the actor is one of the lecture's parties that `allowed` names. */
export function isPartyTo(actor: Actor, lecture: LectureSides, allowed: readonly LectureParty[]): boolean {
  const party = partyTo(actor, lecture);
  return party !== undefined && allowed.includes(party);
}
