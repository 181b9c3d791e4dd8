import type { CoverageView } from '../../coverage/coverage.dto.js';
import { dashboardChart, monthsOf } from './coverage-dashboard.js';

describe(monthsOf.name, () => {
  it('cuts a period into its months, the first and last cut to the period, naming the years it crosses', () => {
    expect(monthsOf('2026-11-15', '2027-01-10')).toEqual([
      { from: '2026-11-15', to: '2026-11-30', label: '2026年11月' },
      { from: '2026-12-01', to: '2026-12-31', label: '12月' },
      { from: '2027-01-01', to: '2027-01-10', label: '2027年1月' },
    ]);
  });

  it('names the year of every January of a period across years, as of its first month, and of no month within one year', () => {
    const labels = monthsOf('2025-01-01', '2026-12-31').map((m) => m.label);
    expect(labels.filter((l) => l.includes('年'))).toEqual(['2025年1月', '2026年1月']);
    expect(labels.slice(0, 3)).toEqual(['2025年1月', '2月', '3月']);
    expect(monthsOf('2026-01-01', '2026-12-31').every((m) => !m.label.includes('年'))).toBe(true);
  });

  it('knows February of a leap year', () => {
    expect(monthsOf('2028-02-01', '2028-02-29')).toEqual([{ from: '2028-02-01', to: '2028-02-29', label: '2月' }]);
  });
});

describe(dashboardChart.name, () => {
  const figures = { byFormat: {}, byTopic: {}, attendance: 0 };
  const view = {
    period: { from: '2026-01-01', to: '2026-12-31' },
    regionId: 'city',
    totals: {
      ...figures,
      branches: 3,
      branchesReached: 2,
      reachRate: 2 / 3,
      lectures: 5,
      byCategory: { five_elders: 4, unknown: 1 },
      byLevel: { city: 5 },
    },
    regions: [
      {
        ...figures,
        regionId: 'city',
        name: '呼伦贝尔市',
        level: 'city',
        parentId: null,
        depth: 0,
        border: false,
        remote: false,
        weak: false,
        branches: 3,
        branchesReached: 2,
        reachRate: 2 / 3,
        lectures: 5,
        byCategory: {},
        byLevel: {},
      },
      {
        ...figures,
        regionId: 'b1',
        name: '新巴尔虎右旗',
        level: 'banner',
        parentId: 'city',
        depth: 1,
        border: true,
        remote: true,
        weak: false,
        branches: 3,
        branchesReached: 2,
        reachRate: 2 / 3,
        lectures: 5,
        byCategory: {},
        byLevel: {},
      },
    ],
    priorityGroups: {} as CoverageView['priorityGroups'],
    unreachedBranches: [
      {
        id: 'x',
        name: '未覆盖党支部',
        kind: 'village',
        regionId: 'b1',
        regionName: '新巴尔虎右旗',
        border: true,
        remote: true,
        weak: false,
      },
    ],
  } as CoverageView;
  const branch = (id: string) => ({
    id,
    name: id,
    regionId: 'b1',
    kind: 'village' as const,
    memberCount: 1,
    latitude: 48.6,
    longitude: 116.8,
  });

  it('shows the level below the root, the categories in Chinese, and each branch reached or not where it is', () => {
    const sut = dashboardChart(view, [{ label: '1月', lectures: 5 }], [branch('x'), branch('y')]);
    expect(sut.banners).toEqual([{ id: 'b1', name: '新巴尔虎右旗', branches: 3, reached: 2, percent: 66.7, lectures: 5, attendance: 0 }]);
    expect(sut.categories).toEqual([
      { label: '“五老”', lectures: 4 },
      { label: '未记录讲师', lectures: 1 },
    ]);
    expect(sut.levels).toEqual([{ label: '市级', lectures: 5 }]);
    expect(sut.partsLabel).toBe('旗市区');
    expect(sut.branches.map((b) => [b.name, b.reached, b.border])).toEqual([
      ['x', false, true],
      ['y', true, true],
    ]);
  });

  it("names a banner's rows as townships and lists them in the region lists' order", () => {
    const [, banner] = view.regions;
    const township = (regionId: string, name: string) => ({ ...banner, regionId, name, level: 'township' as const, parentId: 'b1' });
    const sut = dashboardChart(
      { ...view, regionId: 'b1', regions: [{ ...banner, depth: 0 }, township('t1', '扎赉诺尔区'), township('t2', '阿拉坦额莫勒镇')] },
      [],
      [],
    );
    expect(sut.partsLabel).toBe('苏木乡镇');
    expect(sut.banners.map((b) => b.name)).toEqual(['阿拉坦额莫勒镇', '扎赉诺尔区']); // by pinyin: a before zha
  });
});
