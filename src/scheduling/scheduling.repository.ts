import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type TakenTime, toSolverLecturer } from '../bookings/rule-inputs.js';
import { keysetPage, microsSql, type Page, type PageQuery, pageSql, pageStart, type SortColumn } from '../common/pagination.js';
import { SqlParams } from '../common/sql.js';
import type { Availability } from '../kernel/availability.js';
import { withinSubtreeSql } from '../regions/region-scope.js';
import type { RunView } from './scheduling.dto.js';
import type { LecturerLevel } from '../kernel/vocabulary.js';
import type { BookingInterval, SolverLecturer } from './solver/types.js';

interface LecturerRow {
  id: string;
  level: LecturerLevel;
  latitude: number;
  longitude: number;
  topics: string[];
  languages: string[];
  formats: string[];
  travel_radius_km: number;
  max_lectures_per_month: number;
  rating_sum: number;
  rating_count: number;
  availability: Availability;
}

/** A scheduling run as stored. */
export interface RunRow {
  id: string;
  run_by: string;
  scope_region_id: string | null;
  dry_run: boolean;
  created_at: Date;
  period_from: Date | null;
  period_to: Date | null;
  confirms_run_id: string | null;
  confirmed_by_run_id: string | null;
  orders_considered: number;
  lecturers_considered: number;
  assigned_count: number;
  unassigned_count: number;
  offers_made: number;
  skipped_count: number;
  total_cost: number;
  duration_ms: number;
  result?: Pick<RunView, 'assigned' | 'unassigned'> & Partial<Pick<RunView, 'tours' | 'bound' | 'settings'>>;
}

/** Newest first; the id breaks ties. */
const RUN_SORT: SortColumn[] = [
  { sql: 's.created_at', kind: 'timestamp', desc: true },
  { sql: 's.id', kind: 'uuid' },
];

/** The run that confirmed the run `s` (a dry run), if one did. */
const CONFIRMED_BY_SQL = '(SELECT c.id FROM scheduling_runs c WHERE c.confirms_run_id = s.id) AS confirmed_by_run_id';

/** Runs visible to an admin whose scope (null = the whole city) holds the run's scope. */
function visibleRunsSql(p: SqlParams, scopeRegionId: string | null): string {
  if (scopeRegionId === null) return 'true';
  const within = withinSubtreeSql('sr.path', p.add(scopeRegionId));
  return `s.scope_region_id IS NOT NULL AND EXISTS (SELECT 1 FROM regions sr WHERE sr.id = s.scope_region_id AND ${within})`;
}

/** Scheduling's statements: the lecturer pool as the solver sees it (read inside the run's snapshot) and the runs' records. */
@Injectable()
export class SchedulingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The whole pool with availability, given the time already taken (bookings with travel, outstanding offers) and
   * lectures per month, travelling at `travelSpeedKmh`.
   */
  async lecturerPool(m: EntityManager, taken: TakenTime[], travelSpeedKmh: number): Promise<SolverLecturer[]> {
    const rows: LecturerRow[] = await m.query(
      `SELECT id, level, latitude, longitude, topics, languages, formats, travel_radius_km, max_lectures_per_month, rating_sum, rating_count, availability
       FROM lecturers ORDER BY id`,
    );
    const busyOf = new Map<string, BookingInterval[]>();
    const monthsOf = new Map<string, Record<string, number>>();
    for (const { intervals, perMonth } of taken) {
      for (const i of intervals) busyOf.set(i.lecturerId, [...(busyOf.get(i.lecturerId) ?? []), { start: i.start, end: i.end }]);
      for (const p of perMonth) {
        const months = monthsOf.get(p.lecturerId) ?? {};
        monthsOf.set(p.lecturerId, { ...months, [p.month]: (months[p.month] ?? 0) + p.n });
      }
    }
    return rows.map((l) =>
      toSolverLecturer(
        {
          id: l.id,
          level: l.level,
          latitude: l.latitude,
          longitude: l.longitude,
          topics: l.topics,
          languages: l.languages,
          formats: l.formats,
          travelRadiusKm: l.travel_radius_km,
          maxLecturesPerMonth: l.max_lectures_per_month,
          ratingSum: l.rating_sum,
          ratingCount: l.rating_count,
          availability: l.availability,
        },
        busyOf.get(l.id) ?? [],
        monthsOf.get(l.id) ?? {},
        travelSpeedKmh,
      ),
    );
  }

  async insertRun(manager: EntityManager, v: RunView): Promise<void> {
    await manager.query(
      `INSERT INTO scheduling_runs (id, run_by, scope_region_id, dry_run, period_from, period_to, orders_considered, lecturers_considered,
         assigned_count, unassigned_count, offers_made, skipped_count, total_cost, duration_ms, result, confirms_run_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        v.id,
        v.runBy,
        v.scopeRegionId,
        v.dryRun,
        v.periodFrom,
        v.periodTo,
        v.ordersConsidered,
        v.lecturersConsidered,
        v.assignedCount,
        v.unassignedCount,
        v.offersMade,
        v.skipped,
        v.totalCost,
        v.durationMs,
        JSON.stringify({ assigned: v.assigned, unassigned: v.unassigned, tours: v.tours, bound: v.bound, settings: v.settings }),
        v.confirmsRunId,
      ],
    );
  }

  /** One page of the runs an admin may see, newest first, without their results; an offset page with its total. */
  async listRuns(scopeRegionId: string | null, q: PageQuery): Promise<Page<RunRow>> {
    const start = pageStart(q, RUN_SORT);
    const p = new SqlParams();
    const where = visibleRunsSql(p, scopeRegionId);
    const counting =
      'offset' in start
        ? this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM scheduling_runs s WHERE ${where}`, [...p.values])
        : undefined;
    const { after, tail } = pageSql(start, (v) => p.add(v));
    const [rows, counted] = await Promise.all([
      this.dataSource.query<Array<RunRow & { cursor_at: string }>>(
        `SELECT id, run_by, scope_region_id, dry_run, created_at, period_from, period_to, confirms_run_id, ${CONFIRMED_BY_SQL},
                orders_considered, lecturers_considered, assigned_count, unassigned_count,
                offers_made, skipped_count, total_cost, duration_ms, ${microsSql('s.created_at')} AS cursor_at
         FROM scheduling_runs s WHERE ${where} AND ${after} ${tail}`,
        p.values,
      ),
      counting,
    ]);
    const page = keysetPage(rows, start, (r) => [Number(r.cursor_at), r.id]);
    return { ...page, ...(counted ? { total: counted[0].n } : {}) };
  }

  async findRun(scopeRegionId: string | null, id: string): Promise<RunRow | undefined> {
    const p = new SqlParams();
    const rows: RunRow[] = await this.dataSource.query(
      `SELECT s.*, ${CONFIRMED_BY_SQL} FROM scheduling_runs s WHERE s.id = ${p.add(id)} AND ${visibleRunsSql(p, scopeRegionId)}`,
      p.values,
    );
    return rows[0];
  }
}
