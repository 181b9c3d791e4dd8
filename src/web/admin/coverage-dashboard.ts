/** The coverage dashboard's figures, shaped for its charts and tables from CoverageService's views. */
import type { BranchView } from '../../branches/branches.dto.js';
import { type CoverageView, type GroupFigures, PRIORITY_GROUPS } from '../../coverage/coverage.dto.js';
import { CATEGORY_ZH, LEVEL_ZH, PRIORITY_GROUP_ZH, REGION_LEVEL_ZH } from '../../i18n/labels-zh.js';
import { adminText } from '../../i18n/texts.js';
import { LECTURER_CATEGORIES, LECTURER_LEVELS } from '../../kernel/vocabulary.js';

export interface MonthFigure {
  label: string;
  lectures: number;
}

export interface DashboardChart {
  months: MonthFigure[];
  /** What the rows below the root are: 旗市区, 苏木乡镇 … */
  partsLabel: string;
  banners: RegionFigures[];
  /** The region the figures are of (a banner's: the map shows that banner, shaded, and zooms to it); none when empty. */
  root?: RegionFigures & { level: string };
  categories: Array<{ label: string; lectures: number }>;
  levels: Array<{ label: string; lectures: number }>;
  branches: Array<{ name: string; lon: number; lat: number; reached: boolean; border: boolean; remote: boolean; place: string }>;
}

/** A region's figures as the charts and the map's tooltips show them. */
export interface RegionFigures {
  id: string;
  name: string;
  branches: number;
  reached: number;
  percent: number;
  lectures: number;
  attendance: number;
}

const percentOf = (rate: number | null) => (rate === null ? 0 : Math.round(rate * 1000) / 10);

const figuresOf = (r: CoverageView['regions'][number]): RegionFigures => ({
  id: r.regionId,
  name: r.name,
  branches: r.branches,
  reached: r.branchesReached,
  percent: percentOf(r.reachRate),
  lectures: r.lectures,
  attendance: r.attendance,
});

/** The months a period touches, as [first day, last day] pairs and a label ('3月', or '2027年1月' past the first year). */
export function monthsOf(from: string, to: string): Array<{ from: string; to: string; label: string }> {
  const months: Array<{ from: string; to: string; label: string }> = [];
  let [year, month] = from.split('-').map(Number);
  // Across years, the period's first month and every January say their year: "2025年1月 … 12月, 2026年1月 …".
  const acrossYears = from.slice(0, 4) !== to.slice(0, 4);
  let first = true;
  while (`${year}-${String(month).padStart(2, '0')}` <= to.slice(0, 7)) {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push({
      from: [`${key}-01`, from].sort()[1],
      to: [`${key}-${last}`, to].sort()[0],
      label:
        acrossYears && (first || month === 1)
          ? adminText('admin.dashboard.yearMonth', { y: year, m: month })
          : adminText('admin.dashboard.month', { m: month }),
    });
    first = false;
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** Lectures by a code, in the domain's order with Chinese labels, leaving out the codes with none. */
function labelled(
  counts: Record<string, number>,
  codes: readonly string[],
  labels: Readonly<Record<string, string>>,
): Array<{ label: string; lectures: number }> {
  const known = codes.map((c) => ({ label: labels[c] ?? c, lectures: counts[c] ?? 0 }));
  // 'unknown': lectures with no booked lecturer on record (the facts keep what was known when given).
  const unknown = counts.unknown ?? 0;
  const other = Object.entries(counts)
    .filter(([c]) => !codes.includes(c) && c !== 'unknown')
    .reduce((n, [, v]) => n + v, 0);
  return [
    ...known,
    { label: adminText('admin.dashboard.otherCategory'), lectures: other },
    { label: adminText('admin.dashboard.noLecturer'), lectures: unknown },
  ].filter((x) => x.lectures > 0);
}

export function dashboardChart(view: CoverageView, months: MonthFigure[], branches: BranchView[]): DashboardChart {
  const regions = new Map(view.regions.map((r) => [r.regionId, r]));
  const unreached = new Set(view.unreachedBranches.map((b) => b.id));
  // The level just below the root: banners for the city, townships for a banner admin; in the order the region lists use.
  const parts = view.regions.filter((r) => r.depth === 1).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const root = view.regions.find((r) => r.depth === 0);
  return {
    months,
    partsLabel: REGION_LEVEL_ZH[parts[0]?.level ?? 'banner'],
    ...(root ? { root: { ...figuresOf(root), level: root.level } } : {}),
    banners: parts.map(figuresOf),
    categories: labelled(view.totals.byCategory, LECTURER_CATEGORIES, CATEGORY_ZH),
    levels: labelled(view.totals.byLevel, LECTURER_LEVELS, LEVEL_ZH),
    branches: branches.map((b) => {
      const region = regions.get(b.regionId);
      return {
        name: b.name,
        lon: b.longitude,
        lat: b.latitude,
        reached: !unreached.has(b.id),
        border: region?.border ?? false,
        remote: region?.remote ?? false,
        place: region?.name ?? '',
      };
    }),
  };
}

/** Remote, border and weak places against the rest, as the export's 重点区域对比: whether lectures reach them first. */
export function priorityRows(view: CoverageView): Array<GroupFigures & { label: string; percent: number | null }> {
  // A group with no branch has no rate (—), as it has no lectures per branch.
  return PRIORITY_GROUPS.map((g) => {
    const figures = view.priorityGroups[g];
    return { ...figures, label: PRIORITY_GROUP_ZH[g], percent: figures.reachRate === null ? null : percentOf(figures.reachRate) };
  });
}

export function totalsOf(view: CoverageView): CoverageView['totals'] & { percent: number } {
  return { ...view.totals, percent: percentOf(view.totals.reachRate) };
}
