import { buildCoverage, type CoverageInputs } from './coverage-report.js';
import type { ScopeRegion } from './coverage.repository.js';

const region = (id: string, parent: ScopeRegion | null, level: ScopeRegion['level'], flags: Partial<ScopeRegion> = {}): ScopeRegion => ({
  id, name: id, level, parentId: parent?.id ?? null, path: [...(parent?.path ?? []), id], border: false, remote: false, weak: false, ...flags,
});

const city = region('city', null, 'city');
const bannerA = region('A', city, 'banner', { border: true });
const townA = region('A1', bannerA, 'township');
const villageA = region('A1a', townA, 'village', { remote: true });
const bannerB = region('B', city, 'banner');
const villageB = region('B1a', region('B1', bannerB, 'township'), 'village', { weak: true });
const townB = region('B1', bannerB, 'township');

function inputs(over: Partial<CoverageInputs> = {}): CoverageInputs {
  return {
    period: { from: '2026-01-01', to: '2026-12-31' },
    rootId: 'city',
    regions: [villageB, townB, bannerB, villageA, townA, bannerA, city],
    lectures: [
      { regionId: 'A1a', lectures: 3, attendance: 90, counts: { category_expert_scholar: 2, category_five_elders: 1, level_city: 3, format_online: 3, topic_theory: 1, topic_custom: 2 } },
      { regionId: 'A1', lectures: 1, attendance: 10, counts: { category_unknown: 1, level_unknown: 1, format_field: 1, topic_policy: 1 } },
      { regionId: 'B1a', lectures: 2, attendance: 5, counts: { category_expert_scholar: 2, level_township: 2, format_on_site: 2, topic_theory: 2 } },
    ],
    reach: [
      { regionId: 'A1a', branches: 2, branchesReached: 1, unreached: [{ id: 'b2', name: '支部2', kind: 'village' }] },
      { regionId: 'A1', branches: 1, branchesReached: 1, unreached: [] },
      { regionId: 'B1a', branches: 3, branchesReached: 1, unreached: [{ id: 'b5', name: '支部5', kind: 'community' }, { id: 'b6', name: '支部6', kind: 'village' }] },
      { regionId: 'B1', branches: 1, branchesReached: 0, unreached: [{ id: 'b7', name: '支部7', kind: 'enterprise' }] },
    ],
    customTopics: [{ regionId: 'A1a', topic: 'grassland_fire', lectures: 2 }],
    ...over,
  };
}

describe(buildCoverage.name, () => {
  it('rolls every region up over its subtree, parents before children', () => {
    const sut = buildCoverage(inputs());
    expect(sut.regions.map((r) => [r.regionId, r.depth])).toEqual([['city', 0], ['A', 1], ['A1', 2], ['A1a', 3], ['B', 1], ['B1', 2], ['B1a', 3]]);
    const byId = Object.fromEntries(sut.regions.map((r) => [r.regionId, r]));
    expect(byId.A1).toMatchObject({ branches: 3, branchesReached: 2, lectures: 4, attendance: 100, reachRate: 0.6667 });
    expect(byId.B).toMatchObject({ branches: 4, branchesReached: 1, lectures: 2, attendance: 5, reachRate: 0.25 });
    expect(byId.city).toMatchObject({ branches: 7, branchesReached: 3, lectures: 6, attendance: 105 });
    expect(sut.totals).toEqual(Object.fromEntries(Object.keys(sut.totals).map((k) => [k, (byId.city as unknown as Record<string, unknown>)[k]])));
  });

  it('gives every node the same keys per dimension, custom topics one by one and unknown only when it occurs', () => {
    const { totals, regions } = buildCoverage(inputs());
    expect(totals.byCategory).toMatchObject({ expert_scholar: 4, five_elders: 1, unknown: 1, branch_secretary: 0 });
    expect(totals.byLevel).toEqual({ city: 3, banner: 0, township: 2, unknown: 1 });
    expect(totals.byFormat).toEqual({ on_site: 2, online: 3, field: 1, mobile: 0 });
    expect(totals.byTopic).toMatchObject({ theory: 3, policy: 1, grassland_fire: 2 });
    expect(totals.byTopic).not.toHaveProperty('custom');
    for (const r of regions) expect(Object.keys(r.byTopic)).toEqual(Object.keys(totals.byTopic));
    const known = buildCoverage(inputs({ lectures: [inputs().lectures[2]], customTopics: [] })).totals;
    expect(known.byCategory).not.toHaveProperty('unknown');
  });

  it('compares the remote, border and weak regions with the rest by their own flags', () => {
    const { priorityGroups } = buildCoverage(inputs());
    expect(priorityGroups.remote).toEqual({ branches: 2, branchesReached: 1, reachRate: 0.5, lectures: 3, attendance: 90, lecturesPerBranch: 1.5 });
    expect(priorityGroups.weak).toMatchObject({ branches: 3, branchesReached: 1, lectures: 2 });
    // banner A is a border banner, but its branches sit in its township and village, not in the banner itself
    expect(priorityGroups.border).toMatchObject({ branches: 0, lectures: 0, reachRate: null, lecturesPerBranch: null });
    expect(priorityGroups.other).toMatchObject({ branches: 2, branchesReached: 1, lectures: 1 });
  });

  it('lists the unreached branches in the order of the tree, with their region', () => {
    const { unreachedBranches } = buildCoverage(inputs());
    expect(unreachedBranches.map((b) => [b.id, b.regionName, b.remote, b.weak])).toEqual([
      ['b2', 'A1a', true, false], ['b7', 'B1', false, false], ['b5', 'B1a', false, true], ['b6', 'B1a', false, true],
    ]);
  });

  it('counts only the subtree under a root below the city', () => {
    const sut = buildCoverage(inputs({ rootId: 'B', regions: [bannerB, townB, villageB] }));
    expect(sut.regions.map((r) => r.regionId)).toEqual(['B', 'B1', 'B1a']);
    expect(sut.totals).toMatchObject({ branches: 4, lectures: 2 });
    expect(sut.unreachedBranches.map((b) => b.id)).toEqual(['b7', 'b5', 'b6']);
  });
});
