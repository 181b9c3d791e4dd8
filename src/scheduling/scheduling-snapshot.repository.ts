import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Availability } from '../lecturers/lecturer.entity.js';
import { type LecturerFacts, toSolverLecturer } from './solver-inputs.js';
import type { LecturerLevel, RegionLevel } from '../kernel/vocabulary.js';
import type { BookingInterval, SolverLecturer, SolverOrder } from './solver/types.js';

const DAY_MS = 86_400_000;

export interface SnapshotScope {
  /** An admin's region subtree; null = the whole city. */
  regionId: string | null;
  from?: Date;
  to?: Date;
  /** Only this order (candidates). */
  orderId?: string;
  /** Only orders of a format, language and course or topic this lecturer has (their open orders, to claim). */
  claimableBy?: Pick<LecturerFacts, 'id' | 'topics' | 'languages' | 'formats'>;
}

interface OrderRow {
  id: string; branch_id: string; course_id: string | null; topic: string; title: string; format: string; language: string;
  earliest_start: Date; latest_start: Date; duration_minutes: number;
  latitude: number; longitude: number; region_level: RegionLevel; remote: boolean; border: boolean; weak: boolean;
  lectures_this_year: number; course_lecturer_ids: string[] | null; declined: string[] | null;
}

interface LecturerRow {
  id: string; level: LecturerLevel; latitude: number; longitude: number; topics: string[]; languages: string[]; formats: string[];
  travel_radius_km: number; max_lectures_per_month: number; rating_sum: number; rating_count: number; availability: Availability;
}

/**
 * What the solver needs, read in one consistent snapshot (REPEATABLE READ): the pending orders in
 * scope with their branch's place and flags, and the whole pool with availability, the time already
 * taken (bookings with their travel, and outstanding offers) and lectures per local month.
 */
@Injectable()
export class SchedulingSnapshotRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(scope: SnapshotScope): Promise<{ orders: SolverOrder[]; lecturers: SolverLecturer[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const orders = await this.pendingOrders(scope, m);
      if (orders.length === 0) return { orders, lecturers: [] };
      const from = Math.min(...orders.map((o) => o.earliestStart)) - DAY_MS;
      const to = Math.max(...orders.map((o) => o.latestStart)) + 2 * DAY_MS;
      return { orders, lecturers: await this.lecturers(m, new Date(from), new Date(to)) };
    });
  }

  /** The pending orders in scope whose window has not passed, as the rules and the solver see them. */
  async pendingOrders(scope: SnapshotScope, m: EntityManager = this.dataSource.manager): Promise<SolverOrder[]> {
    const params: unknown[] = [];
    const where = [`o.status = 'pending'`, `o.latest_start > now()`];
    if (scope.regionId !== null) where.push(`$${params.push(scope.regionId)} = ANY(r.path)`);
    if (scope.from) where.push(`o.latest_start >= $${params.push(scope.from)}`);
    if (scope.to) where.push(`o.earliest_start < $${params.push(scope.to)}`);
    if (scope.orderId) where.push(`o.id = $${params.push(scope.orderId)}`);
    if (scope.claimableBy) {
      const l = scope.claimableBy;
      where.push(`o.format = ANY($${params.push(l.formats)}) AND o.language = ANY($${params.push(l.languages)})`);
      where.push(`((o.course_id IS NULL AND o.topic = ANY($${params.push(l.topics)}))
        OR EXISTS (SELECT 1 FROM course_lecturers cl WHERE cl.course_id = o.course_id AND cl.lecturer_id = $${params.push(l.id)}))`);
    }
    const rows: OrderRow[] = await m.query(
      `SELECT o.id, o.branch_id, o.course_id, o.topic, o.title, o.format, o.language, o.earliest_start, o.latest_start, o.duration_minutes,
              b.latitude, b.longitude, r.level AS region_level, r.remote, r.border, r.weak,
              (SELECT count(*)::int FROM orders c WHERE c.branch_id = o.branch_id AND c.status = 'completed'
                 AND c.started_at >= (date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')) AS lectures_this_year,
              (SELECT array_agg(cl.lecturer_id) FROM course_lecturers cl WHERE cl.course_id = o.course_id) AS course_lecturer_ids,
              (SELECT array_agg(d.lecturer_id) FROM order_declines d WHERE d.order_id = o.id) AS declined
       FROM orders o JOIN branches b ON b.id = o.branch_id JOIN regions r ON r.id = b.region_id
       WHERE ${where.join(' AND ')}
       ORDER BY o.created_at, o.id`,
      params,
    );
    return rows.map((r) => ({
      id: r.id, branchId: r.branch_id, courseId: r.course_id,
      ...(r.course_id !== null ? { courseLecturerIds: r.course_lecturer_ids ?? [] } : {}),
      topic: r.topic, title: r.title, format: r.format, language: r.language,
      earliestStart: new Date(r.earliest_start).getTime(), latestStart: new Date(r.latest_start).getTime(), durationMinutes: r.duration_minutes,
      branch: { latitude: r.latitude, longitude: r.longitude, regionLevel: r.region_level, remote: r.remote, border: r.border, weak: r.weak, lecturesThisYear: r.lectures_this_year },
      declinedLecturerIds: r.declined ?? [],
    }));
  }

  private async lecturers(m: EntityManager, from: Date, to: Date): Promise<SolverLecturer[]> {
    const rows: LecturerRow[] = await m.query(
      `SELECT id, level, latitude, longitude, topics, languages, formats, travel_radius_km, max_lectures_per_month, rating_sum, rating_count, availability
       FROM lecturers ORDER BY id`);
    // Time already taken: active bookings (with travel) and outstanding offers (the lecture itself).
    const busy: Array<{ lecturer_id: string; start: Date; end: Date }> = await m.query(
      `SELECT lecturer_id, lower(blocked) AS start, upper(blocked) AS "end" FROM bookings
       WHERE released_at IS NULL AND blocked && tstzrange($1, $2)
       UNION ALL
       SELECT offered_lecturer_id, offered_starts_at, offered_starts_at + make_interval(mins => duration_minutes) FROM orders
       WHERE status = 'offered' AND offered_starts_at < $2 AND offered_starts_at + make_interval(mins => duration_minutes) > $1`,
      [from, to]);
    const perMonth: Array<{ lecturer_id: string; month: string; n: number }> = await m.query(
      `SELECT lecturer_id, month, sum(n)::int AS n FROM (
         SELECT lecturer_id, to_char(starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*) AS n FROM bookings
         WHERE released_at IS NULL AND starts_at >= $1::timestamptz - interval '31 days' AND starts_at < $2::timestamptz + interval '31 days' GROUP BY 1, 2
         UNION ALL
         SELECT offered_lecturer_id, to_char(offered_starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), count(*) FROM orders
         WHERE status = 'offered' GROUP BY 1, 2
       ) t GROUP BY 1, 2`,
      [from, to]);
    const busyOf = new Map<string, BookingInterval[]>();
    for (const b of busy) busyOf.set(b.lecturer_id, [...(busyOf.get(b.lecturer_id) ?? []), { start: new Date(b.start).getTime(), end: new Date(b.end).getTime() }]);
    const monthsOf = new Map<string, Record<string, number>>();
    for (const p of perMonth) monthsOf.set(p.lecturer_id, { ...(monthsOf.get(p.lecturer_id) ?? {}), [p.month]: p.n });
    return rows.map((l) => toSolverLecturer({
      id: l.id, level: l.level, latitude: l.latitude, longitude: l.longitude, topics: l.topics, languages: l.languages, formats: l.formats,
      travelRadiusKm: l.travel_radius_km, maxLecturesPerMonth: l.max_lectures_per_month, ratingSum: l.rating_sum, ratingCount: l.rating_count,
      availability: l.availability,
    }, busyOf.get(l.id) ?? [], monthsOf.get(l.id) ?? {}));
  }
}
