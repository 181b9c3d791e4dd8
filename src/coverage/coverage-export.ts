import ExcelJS from 'exceljs';
import { BRANCH_KIND_ZH, CATEGORY_ZH, FORMAT_ZH, labelOf, LEVEL_ZH, PRIORITY_GROUP_ZH, REGION_LEVEL_ZH, TOPIC_ZH } from '../i18n/labels-zh.js';
import { type CoverageView, type GroupFigures, PRIORITY_GROUPS, type PriorityGroup, type RegionCoverage, type UnreachedBranch } from './coverage.dto.js';
import { DIMENSION_KEYS, type DimensionKey, UNKNOWN } from './summary-columns.js';

const DIMENSION_LABELS: Record<DimensionKey, string> = { byCategory: '讲师类别', byLevel: '讲师层级', byFormat: '授课形式', byTopic: '专题' };
/**
 * The users' words for each dimension's values, plus the catch-all `unknown` of categories and levels;
 * a value without one (a custom topic) shows as itself.
 */
const VALUE_LABELS: Record<DimensionKey, Readonly<Record<string, string>>> = {
  byCategory: { ...CATEGORY_ZH, [UNKNOWN]: '未知' },
  byLevel: { ...LEVEL_ZH, [UNKNOWN]: '未知' },
  byFormat: FORMAT_ZH,
  byTopic: TOPIC_ZH,
};
const yesNo = (b: boolean) => (b ? '是' : '否');

type Cell = string | number | null;

interface Column<T> {
  header: string;
  /** The JSON field the column shows (for readers matching the file to the API). */
  key: string;
  value: (row: T) => Cell;
}

/** The region table's columns: the JSON fields of a region row, with every dimension value as a column. */
export function regionColumns(view: CoverageView): Array<Column<RegionCoverage>> {
  const names = new Map(view.regions.map((r) => [r.regionId, r.name]));
  const columns: Array<Column<RegionCoverage>> = [
    { header: '区域ID', key: 'regionId', value: (r) => r.regionId },
    { header: '区域', key: 'name', value: (r) => r.name },
    { header: '区域层级', key: 'level', value: (r) => labelOf(REGION_LEVEL_ZH, r.level) },
    { header: '上级区域', key: 'parentName', value: (r) => (r.parentId === null ? '' : names.get(r.parentId) ?? '') },
    { header: '边境', key: 'border', value: (r) => yesNo(r.border) },
    { header: '牧区/偏远', key: 'remote', value: (r) => yesNo(r.remote) },
    { header: '党员教育薄弱', key: 'weak', value: (r) => yesNo(r.weak) },
    { header: '党组织数', key: 'branches', value: (r) => r.branches },
    { header: '已覆盖党组织数', key: 'branchesReached', value: (r) => r.branchesReached },
    { header: '覆盖率', key: 'reachRate', value: (r) => r.reachRate },
    { header: '授课场次', key: 'lectures', value: (r) => r.lectures },
    { header: '听课人次', key: 'attendance', value: (r) => r.attendance },
  ];
  for (const dimension of DIMENSION_KEYS) {
    for (const value of Object.keys(view.totals[dimension])) {
      const header = `${DIMENSION_LABELS[dimension]}:${labelOf(VALUE_LABELS[dimension], value)}`;
      columns.push({ header, key: `${dimension}.${value}`, value: (r) => r[dimension][value] ?? 0 });
    }
  }
  return columns;
}

const groupColumns: Array<Column<[PriorityGroup, GroupFigures]>> = [
  { header: '区域类别', key: 'group', value: ([g]) => PRIORITY_GROUP_ZH[g] },
  { header: '党组织数', key: 'branches', value: ([, f]) => f.branches },
  { header: '已覆盖党组织数', key: 'branchesReached', value: ([, f]) => f.branchesReached },
  { header: '覆盖率', key: 'reachRate', value: ([, f]) => f.reachRate },
  { header: '授课场次', key: 'lectures', value: ([, f]) => f.lectures },
  { header: '听课人次', key: 'attendance', value: ([, f]) => f.attendance },
  { header: '每个党组织平均场次', key: 'lecturesPerBranch', value: ([, f]) => f.lecturesPerBranch },
];
const unreachedColumns: Array<Column<UnreachedBranch>> = [
  { header: '党组织ID', key: 'id', value: (b) => b.id },
  { header: '党组织', key: 'name', value: (b) => b.name },
  { header: '类型', key: 'kind', value: (b) => labelOf(BRANCH_KIND_ZH, b.kind) },
  { header: '区域ID', key: 'regionId', value: (b) => b.regionId },
  { header: '区域', key: 'regionName', value: (b) => b.regionName },
  { header: '边境', key: 'border', value: (b) => yesNo(b.border) },
  { header: '牧区/偏远', key: 'remote', value: (b) => yesNo(b.remote) },
  { header: '党员教育薄弱', key: 'weak', value: (b) => yesNo(b.weak) },
];

/** Columns of names and ids, wide enough to read without widening by hand (Excel's widths, in characters). */
const WIDE_COLUMNS: Readonly<Record<string, number>> = { regionId: 38, id: 38, name: 24, regionName: 24, parentName: 20 };

interface Table<T> {
  title: string;
  columns: Array<Column<T>>;
  rows: T[];
}

function tables(view: CoverageView): [Table<RegionCoverage>, Table<[PriorityGroup, GroupFigures]>, Table<UnreachedBranch>] {
  return [
    { title: '区域覆盖', columns: regionColumns(view), rows: view.regions },
    { title: '重点区域对比', columns: groupColumns, rows: PRIORITY_GROUPS.map((g): [PriorityGroup, GroupFigures] => [g, view.priorityGroups[g]]) },
    { title: '未覆盖党组织', columns: unreachedColumns, rows: view.unreachedBranches },
  ];
}

/**
 * A text cell as a spreadsheet will not run it: names are typed by people, and one starting with
 * = + - @ (or a tab or CR) would be taken for a formula (CSV injection), so it gets a leading quote.
 */
function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvCell = (c: Cell) => (c === null ? '' : typeof c === 'number' ? String(c) : csvText(c));

/**
 * CSV in UTF-8 with a byte order mark, which Excel needs to read Chinese right: the period, then the
 * region table, the priority groups and the unreached branches, each under its title and separated
 * by an empty line. CRLF line ends, as RFC 4180 has them.
 */
export function coverageCsv(view: CoverageView): Buffer {
  const lines: string[] = [[csvText('统计期间'), view.period.from, view.period.to].join(',')];
  for (const t of tables(view)) {
    lines.push('', csvText(t.title), t.columns.map((c) => csvText(c.header)).join(','));
    for (const row of t.rows) lines.push(t.columns.map((c) => csvCell(c.value(row as never))).join(','));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/** An Excel workbook: one sheet per table, header row bold and frozen, numbers as numbers. */
export async function coverageXlsx(view: CoverageView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '草原先锋讲师';
  workbook.created = new Date();
  for (const t of tables(view)) {
    const sheet = workbook.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = t.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: Math.max(c.key in WIDE_COLUMNS ? WIDE_COLUMNS[c.key] : 10, c.header.length * 2 + 2),
      // A rate shows as the dashboard shows it (11.1%), and stays a number to compute with.
      ...(c.key === 'reachRate' ? { style: { numFmt: '0.0%' } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of t.rows) sheet.addRow(t.columns.map((c) => c.value(row as never)));
  }
  const info = workbook.addWorksheet('说明');
  const root = view.regions.find((r) => r.regionId === view.regionId);
  info.addRows([['统计期间', view.period.from, view.period.to], ['区域', root?.name ?? '', view.regionId], ['计数规则', '订单完成后计入，按授课日期（北京时间）计入下单党组织及其上级各区域']]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
