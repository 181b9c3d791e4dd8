import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlParams } from '../common/sql.js';
import { weakOnPathSql, withinSubtreeSql } from '../regions/region-scope.js';
import { type DayPeriod, reachMasks, splitByMonths } from './coverage-period.js';
import { CUSTOM_TOPIC_CONDITION, SUMMARY_COLUMNS } from './summary-columns.js';
import type { RegionLevel } from '../kernel/vocabulary.js';

/** The root of a coverage query: a region with its place in the tree. */
export interface ScopeRoot {
  id: string;
  level: RegionLevel;
  /** Ids from the city down to the root, itself included. */
  path: string[];
}

export interface ScopeRegion {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  path: string[];
  border: boolean;
  remote: boolean;
  weak: boolean;
}

/** Lectures of the branches of one region (its own, not its subtree's), by summary column. */
export interface RegionLectures {
  regionId: string;
  lectures: number;
  attendance: number;
  /** SummaryColumn.column → lectures */
  counts: Record<string, number>;
}

export interface RegionReach {
  regionId: string;
  branches: number;
  branchesReached: number;
  /** Branches of the region with no lecture in the period, by name. */
  unreached: Array<{ id: string; name: string; kind: string }>;
}

export interface LecturerLoadRow {
  id: string;
  name: string;
  category: string;
  level: string;
  regionId: string;
  lectures: number;
  attendance: number;
}

/**
 * The SQL of coverage. Whole months are read from `coverage_months`, the days at the ends of a period
 * that do not fill a month from `lecture_facts`, and reach from `branch_reach` (see the migration);
 * everything is aggregated in PostgreSQL down to one row per region before it reaches the app.
 */
@Injectable()
export class CoverageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every region of the subtree under (and including) the root; weak as its branches count (`weakOnPathSql`). */
  async regionsUnder(rootId: string): Promise<ScopeRegion[]> {
    const p = new SqlParams();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT r.id, r.name, r.level, r.parent_id, r.path, r.border, r.remote, ${weakOnPathSql('r.path')} AS weak FROM regions r
       WHERE ${withinSubtreeSql('r.path', p.add(rootId))}`, p.values);
    return rows.map((r) => ({
      id: r.id as string, name: r.name as string, level: r.level as RegionLevel, parentId: r.parent_id as string | null,
      path: r.path as string[], border: r.border as boolean, remote: r.remote as boolean, weak: r.weak as boolean,
    }));
  }

  /**
   * A condition keeping rows (with `region_id` and `banner_id`) of the root's subtree: below the city,
   * the banner column narrows the rows through its index first.
   */
  private scope(alias: string, root: ScopeRoot, p: SqlParams): string {
    const subtree = () => `${alias}.region_id IN (SELECT id FROM regions WHERE ${withinSubtreeSql('path', p.add(root.id))})`;
    if (root.level === 'city') return subtree();
    const banner = `${alias}.banner_id = ${p.add(root.path[1])}`;
    return root.level === 'banner' ? banner : `${banner} AND ${subtree()}`;
  }

  /** Lectures per region (the branches' own region) over the period, by every summary column. */
  async lecturesByRegion(root: ScopeRoot, period: DayPeriod): Promise<RegionLectures[]> {
    const { months, days } = splitByMonths(period);
    const p = new SqlParams();
    const parts: string[] = [];
    if (months) {
      parts.push(`SELECT region_id, lectures, attendance, ${SUMMARY_COLUMNS.map((c) => c.column).join(', ')}
        FROM coverage_months m WHERE m.month BETWEEN ${p.add(months.first)} AND ${p.add(months.last)} AND ${this.scope('m', root, p)}`);
    }
    if (days.length > 0) {
      const ranges = days.map((d) => `f.day BETWEEN ${p.add(d.from)} AND ${p.add(d.to)}`).join(' OR ');
      parts.push(`SELECT region_id, count(*) AS lectures, sum(attendance) AS attendance, ${SUMMARY_COLUMNS.map((c) => `count(*) FILTER (WHERE ${c.condition}) AS ${c.column}`).join(', ')}
        FROM lecture_facts f WHERE (${ranges}) AND ${this.scope('f', root, p)} GROUP BY region_id`);
    }
    const rows: Array<Record<string, string | number>> = await this.dataSource.query(
      `SELECT region_id, sum(lectures)::int AS lectures, sum(attendance)::float8 AS attendance,
              ${SUMMARY_COLUMNS.map((c) => `sum(${c.column})::int AS ${c.column}`).join(', ')}
       FROM (${parts.join(' UNION ALL ')}) x GROUP BY region_id`, p.values);
    return rows.map((r) => ({
      regionId: r.region_id as string, lectures: Number(r.lectures), attendance: Number(r.attendance),
      counts: Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c.column, Number(r[c.column])])),
    }));
  }

  /** Lectures on topics off the menu, per region and topic (few: found through a partial index). */
  async customTopicsByRegion(root: ScopeRoot, period: DayPeriod): Promise<Array<{ regionId: string; topic: string; lectures: number }>> {
    const p = new SqlParams();
    const rows: Array<{ region_id: string; topic: string; lectures: number }> = await this.dataSource.query(
      `SELECT region_id, topic, count(*)::int AS lectures FROM lecture_facts f
       WHERE f.day BETWEEN ${p.add(period.from)} AND ${p.add(period.to)} AND f.${CUSTOM_TOPIC_CONDITION} AND ${this.scope('f', root, p)}
       GROUP BY region_id, topic`, p.values);
    return rows.map((r) => ({ regionId: r.region_id, topic: r.topic, lectures: r.lectures }));
  }

  /** The branches with a lecture in the period, as a CTE named `reached` (one row per branch). */
  private reachedCte(root: ScopeRoot, period: DayPeriod, p: SqlParams): string {
    const m = reachMasks(period);
    const first = p.add(m.firstYear);
    const last = p.add(m.lastYear);
    const banner = root.level === 'city' ? '' : `AND r.banner_id = ${p.add(root.path[1])}`;
    // A branch has one row a year: only a period over several years can find it twice.
    return `reached AS (
      SELECT ${m.firstYear === m.lastYear ? '' : 'DISTINCT'} r.branch_id FROM branch_reach r
      WHERE r.year BETWEEN ${first} AND ${last} ${banner}
        AND bit_count(r.days & CASE WHEN r.year = ${first} THEN ${p.add(m.fromMask)}::bit(366) ELSE ~B'0'::bit(366) END
                             & CASE WHEN r.year = ${last} THEN ${p.add(m.toMask)}::bit(366) ELSE ~B'0'::bit(366) END) > 0
    )`;
  }

  /** Per region of the subtree that has branches: how many, how many reached, and which were not. */
  async reachByRegion(root: ScopeRoot, period: DayPeriod): Promise<RegionReach[]> {
    const p = new SqlParams();
    const reached = this.reachedCte(root, period, p);
    const rows: Array<{ region_id: string; branches: number; reached: number; unreached: RegionReach['unreached'] | null }> = await this.dataSource.query(
      `WITH ${reached}
       SELECT b.region_id, count(*)::int AS branches, count(h.branch_id)::int AS reached,
              json_agg(json_build_object('id', b.id, 'name', b.name, 'kind', b.kind)) FILTER (WHERE h.branch_id IS NULL) AS unreached
       FROM branches b
       JOIN regions g ON g.id = b.region_id
       LEFT JOIN reached h ON h.branch_id = b.id
       WHERE ${withinSubtreeSql('g.path', p.add(root.id))}
       GROUP BY b.region_id`, p.values);
    // Sorted here rather than in the aggregate, which would make PostgreSQL sort all the branches.
    const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);
    return rows.map((r) => ({ regionId: r.region_id, branches: r.branches, branchesReached: r.reached, unreached: (r.unreached ?? []).sort(byName) }));
  }

  /** Lectures, attendance and branches reached in the whole subtree (a campaign's progress). */
  async totals(root: ScopeRoot, period: DayPeriod): Promise<{ lectures: number; attendance: number; branchesReached: number }> {
    const p = new SqlParams();
    const reached = this.reachedCte(root, period, p);
    const [reach, lectures] = await Promise.all([
      this.dataSource.query<Array<{ n: number }>>(
        `WITH ${reached}
         SELECT count(*)::int AS n FROM reached h JOIN branches b ON b.id = h.branch_id JOIN regions g ON g.id = b.region_id
         WHERE ${withinSubtreeSql('g.path', p.add(root.id))}`, p.values),
      this.lecturesByRegion(root, period),
    ]);
    return {
      lectures: lectures.reduce((s, r) => s + r.lectures, 0),
      attendance: lectures.reduce((s, r) => s + r.attendance, 0),
      branchesReached: reach[0].n,
    };
  }

  /** Lectures given in the subtree per lecturer, with every lecturer at home there (none given: 0). */
  async lecturerLoad(root: ScopeRoot, period: DayPeriod): Promise<LecturerLoadRow[]> {
    const p = new SqlParams();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `WITH given AS (
         SELECT f.lecturer_id, count(*)::int AS lectures, sum(f.attendance)::float8 AS attendance FROM lecture_facts f
         WHERE f.day BETWEEN ${p.add(period.from)} AND ${p.add(period.to)} AND f.lecturer_id IS NOT NULL AND ${this.scope('f', root, p)}
         GROUP BY f.lecturer_id
       )
       SELECT l.id, l.name, l.category, l.level, l.region_id, coalesce(g.lectures, 0) AS lectures, coalesce(g.attendance, 0) AS attendance
       FROM lecturers l LEFT JOIN given g ON g.lecturer_id = l.id
       WHERE g.lecturer_id IS NOT NULL
          OR EXISTS (SELECT 1 FROM regions h WHERE h.id = l.region_id AND ${withinSubtreeSql('h.path', p.add(root.id))})`, p.values);
    return rows.map((r) => ({
      id: r.id as string, name: r.name as string, category: r.category as string, level: r.level as string, regionId: r.region_id as string,
      lectures: Number(r.lectures), attendance: Number(r.attendance),
    }));
  }
}
