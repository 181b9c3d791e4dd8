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
