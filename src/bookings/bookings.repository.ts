import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { SqlParams } from '../common/sql.js';
import { bookingDriveMinutes, readAroundMs, travelKm } from '../kernel/geo.js';
import { atLocalSql, MINUTE_MS } from '../kernel/time.js';
import type { BookingInterval } from '../scheduling/solver/types.js';
import { Booking } from './booking.entity.js';
import { offerEndSql, type TakenTime, toTakenIntervals } from './rule-inputs.js';

/**
 * Bookings starting within 31 days of the period between the placeholders `from` and `to`: every booking a monthly
 * count of a month holding an instant of the period counts (a month lasts at most 31 days), and those whose time the
 * period's lectures could clash with.
 */
const startsAroundSql = (from: string, to: string) =>
  `starts_at >= ${from}::timestamptz - interval '31 days' AND starts_at < ${to}::timestamptz + interval '31 days'`;

/** A booking about to be written: the lecture and the travel blocked around it. */
export interface NewBooking {
  orderId: string;
  lecturerId: string;
  startsAt: Date;
  endsAt: Date;
  travelMinutes: number;
  /** A tour's later stop: the order in whose village the lecturer spends the night before (the travel starts there). */
  travelFromOrderId?: string;
}

/** A tour's last booked stop, reached from a village: where the lecturer drives home from, and when. */
interface LastStopRow {
  orderId: string;
  lecturerId: string;
  end: Date;
  format: string;
  branchLatitude: number;
  branchLongitude: number;
  homeLatitude: number;
  homeLongitude: number;
}

/** Whose tour time to read, around which period, and which stop's drive home a stop being accepted replaces. */
export interface TourTimeQuery {
  /** One lecturer's, or everyone's. */
  lecturerId?: string;
  from: Date;
  to: Date;
  travelSpeedKmh: number;
  /** The stop before a stop being accepted from its village: its lecturer goes on from there, not home. */
  arrivingFrom?: string;
}

/** `AND <alias>.lecturer_id = …` when the query is for one lecturer. */
const ofLecturerSql = (p: SqlParams, alias: string, lecturerId: string | undefined) =>
  lecturerId === undefined ? '' : `AND ${alias}.lecturer_id = ${p.add(lecturerId)}`;

/** Time a tour takes beyond its stops' bookings, and the stops whose bookings bound it (which it may touch). */
export type TourSpan = TakenTime['intervals'][number] & { stops: string[] };

/** The drive home after a tour's last stop: from the lecture's end for as long as the drive takes. */
function driveHomeSpan(r: LastStopRow, travelSpeedKmh: number): TourSpan {
  const km = travelKm(
    { latitude: r.homeLatitude, longitude: r.homeLongitude },
    { latitude: r.branchLatitude, longitude: r.branchLongitude },
  );
  const end = new Date(r.end).getTime();
  const drive = bookingDriveMinutes(r.format, km, travelSpeedKmh) * MINUTE_MS;
  return { lecturerId: r.lecturerId, start: end, end: end + drive, stops: [r.orderId] };
}

/** A row of a lecturer's schedule, as read. */
export interface ScheduleRow {
  booking_id: string;
  order_id: string;
  title: string;
  format: string;
  status: string;
  expected_audience: number;
  branch_id: string;
  branch_name: string;
  /** The branch's region path, to tell who may see the lecture's details. */
  region_path: string[];
  starts_at: Date;
  ends_at: Date;
}

/** Every statement on bookings. Writes run in the caller's transaction (`manager`). */
@Injectable()
export class BookingsRepository {
  constructor(@InjectRepository(Booking) private readonly bookings: Repository<Booking>) {}

  /** Inserts the booking with its `blocked` range (lecture plus travel), which the exclusion constraint compares. */
  async insert(manager: EntityManager, b: NewBooking): Promise<void> {
    await manager.query(
      `INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked, travel_from_order_id)
       VALUES ($1, $2, $3, $4, tstzrange($3::timestamptz - make_interval(mins => $5), $4::timestamptz + make_interval(mins => $5), '[)'), $6)`,
      [b.orderId, b.lecturerId, b.startsAt, b.endsAt, b.travelMinutes, b.travelFromOrderId ?? null],
    );
  }

  async release(manager: EntityManager, orderId: string): Promise<void> {
    await manager.query('UPDATE bookings SET released_at = now() WHERE order_id = $1 AND released_at IS NULL', [orderId]);
  }

  /**
   * The booking of an order that goes back to the queue (a tour's stop dropped): removed, not released, since an order
   * is booked once (`bookings_order_key`) and this one may be booked again; its history keeps what happened.
   */
  async unbook(manager: EntityManager, orderId: string): Promise<void> {
    await manager.query('DELETE FROM bookings WHERE order_id = $1 AND released_at IS NULL', [orderId]);
  }

  /**
   * The booking of a tour stop the lecturer now reaches from home: it no longer comes from the village before, and
   * blocks the drive from home (`driveMinutes`; null: a lecture given, left as it was) either side instead of the
   * leg's, unless that would meet another of the lecturer's bookings (then its blocked time stays as it was). No lock
   * on the lecturer's row here (the caller holds order rows, which a take locks before the lecturer's): a take racing
   * this write meets it in `bookings_no_overlap`. Whether the longer drive fits.
   */
  async travelFromHome(manager: EntityManager, orderId: string, driveMinutes: number | null): Promise<boolean> {
    if (driveMinutes === null) {
      await manager.query('UPDATE bookings SET travel_from_order_id = NULL WHERE order_id = $1 AND released_at IS NULL', [orderId]);
      return true;
    }
    const fromHome = `tstzrange(s.starts_at - make_interval(mins => $2), s.ends_at + make_interval(mins => $2), '[)')`;
    const rows: Array<{ fits: boolean }> = await manager.query(
      `WITH fit AS (
         SELECT s.id, NOT EXISTS (SELECT 1 FROM bookings o WHERE o.lecturer_id = s.lecturer_id AND o.released_at IS NULL
                                  AND o.id <> s.id AND o.blocked && ${fromHome}) AS fits
         FROM bookings s WHERE s.order_id = $1 AND s.released_at IS NULL),
       moved AS (
         UPDATE bookings s SET travel_from_order_id = NULL, blocked = CASE WHEN fit.fits THEN ${fromHome} ELSE s.blocked END
         FROM fit WHERE s.id = fit.id RETURNING fit.fits)
       SELECT fits FROM moved`,
      [orderId, driveMinutes],
    );
    return rows[0]?.fits ?? false;
  }

  async findActive(orderIds: string[], manager: EntityManager = this.bookings.manager): Promise<Booking[]> {
    if (orderIds.length === 0) return [];
    return manager.query(
      `SELECT id, order_id AS "orderId", lecturer_id AS "lecturerId", starts_at AS "startsAt", ends_at AS "endsAt",
              released_at AS "releasedAt", created_at AS "createdAt"
       FROM bookings WHERE order_id = ANY($1::uuid[]) AND released_at IS NULL`,
      [orderIds],
    );
  }

  /**
   * The lecturer's taken time touching [from, to), as rule intervals: active bookings (blocked, travel included) and
   * the time their tours take beyond them (`tourTime`), but the tour time the stop being taken (`taking`) bounds
   * itself, its night before when a stop after it was booked first: that is checked once it is booked
   * (`tourTimeClashes`).
   */
  async busyIntervals(manager: EntityManager, q: TourTimeQuery & { lecturerId: string; taking?: string }): Promise<BookingInterval[]> {
    const booked = await this.bookedSpans(manager, q.lecturerId, q.from, q.to);
    const tours = (await this.tourTime(manager, q)).filter((span) => q.taking === undefined || !span.stops.includes(q.taking));
    return [...booked, ...tours].map(({ start, end }) => ({ start, end }));
  }

  /** The lecturer's active bookings whose blocked time (lecture and travel) touches [from, to), in epoch ms. */
  private async bookedSpans(
    manager: EntityManager,
    lecturerId: string,
    from: Date,
    to: Date,
  ): Promise<Array<{ orderId: string; start: number; end: number }>> {
    const rows: Array<{ orderId: string; start: Date; end: Date }> = await manager.query(
      `SELECT order_id AS "orderId", lower(blocked) AS start, upper(blocked) AS "end" FROM bookings
       WHERE lecturer_id = $1 AND released_at IS NULL AND blocked && tstzrange($2, $3)`,
      [lecturerId, from, to],
    );
    return rows.map((r) => ({ orderId: r.orderId, start: new Date(r.start).getTime(), end: new Date(r.end).getTime() }));
  }

  /**
   * Whether the tour time booking `orderId`'s stop bounds (its nights away, its drive home) meets another of its
   * lecturer's bookings: a stop accepted while a lecture was booked in what is now its night or its drive home.
   */
  async tourTimeClashes(manager: EntityManager, orderId: string, q: TourTimeQuery & { lecturerId: string }): Promise<boolean> {
    const spans = (await this.tourTime(manager, q)).filter((span) => span.stops.includes(orderId));
    if (spans.length === 0) return false;
    const from = new Date(Math.min(...spans.map((s) => s.start)));
    const booked = await this.bookedSpans(manager, q.lecturerId, from, new Date(Math.max(...spans.map((s) => s.end))));
    return spans.some((span) => booked.some((b) => !span.stops.includes(b.orderId) && b.start < span.end && span.start < b.end));
  }

  /**
   * The time tours take beyond their stops' bookings, which block a stop's lecture with the leg from the village
   * before on either side: between a booked stop and the next one booked from its village the lecturer is away (a
   * lecture at home that night would leave the next leg undriven), and after the last booked stop reached from a
   * village they drive home from there. Intervals touching [from, to).
   */
  async tourTime(manager: EntityManager, q: TourTimeQuery): Promise<TourSpan[]> {
    const [away, home] = [await this.awayBetweenStops(manager, q), await this.drivesHome(manager, q)];
    return [...away, ...home];
  }

  /**
   * From the end of the stop before, booked with the lecturer or still offered to them, to the start of a stop booked
   * from its village: the nights of a tour. (A stop offered still may be accepted; until it is declined or expires,
   * the lecturer is to spend that night on the way.)
   */
  private async awayBetweenStops(manager: EntityManager, q: TourTimeQuery): Promise<TourSpan[]> {
    const p = new SqlParams();
    // A stop follows the one before by a day: the bound on its start lets a lecturer's bookings be read by their start.
    const to = p.add(q.to);
    const rows: Array<{ lecturerId: string; start: Date; end: Date; before: string; after: string }> = await manager.query(
      `SELECT b.lecturer_id AS "lecturerId", coalesce(a.ends_at, ${offerEndSql('ao')}) AS start, b.starts_at AS "end",
              b.travel_from_order_id AS before, b.order_id AS after
       FROM bookings b
       LEFT JOIN bookings a ON a.order_id = b.travel_from_order_id AND a.lecturer_id = b.lecturer_id AND a.released_at IS NULL
       LEFT JOIN orders ao ON ao.id = b.travel_from_order_id AND ao.status = 'offered' AND ao.offered_lecturer_id = b.lecturer_id
       WHERE b.released_at IS NULL AND b.travel_from_order_id IS NOT NULL ${ofLecturerSql(p, 'b', q.lecturerId)}
         AND (a.order_id IS NOT NULL OR ao.id IS NOT NULL)
         AND coalesce(a.ends_at, ${offerEndSql('ao')}) < ${to}::timestamptz AND b.starts_at > ${p.add(q.from)}::timestamptz
         AND b.starts_at < ${to}::timestamptz + interval '3 days'`,
      p.values,
    );
    return toTakenIntervals(rows).map((span, i) => ({ ...span, stops: [rows[i].before, rows[i].after] }));
  }

  /** The drive home after each tour's last booked stop reached from a village (but `arrivingFrom`'s). */
  private async drivesHome(manager: EntityManager, q: TourTimeQuery): Promise<TourSpan[]> {
    const p = new SqlParams();
    const replaced = q.arrivingFrom === undefined ? '' : `AND s.order_id <> ${p.add(q.arrivingFrom)}`;
    // No drive home is longer than the rules read around a period, and no lecture lasts a day (the bound on its start
    // lets a lecturer's bookings be read by their start).
    const [from, around] = [p.add(q.from), `${p.add(readAroundMs(q.travelSpeedKmh))} * interval '1 millisecond'`];
    const rows: LastStopRow[] = await manager.query(
      `SELECT s.order_id AS "orderId", s.lecturer_id AS "lecturerId", s.ends_at AS "end", o.format,
              br.latitude AS "branchLatitude", br.longitude AS "branchLongitude", l.latitude AS "homeLatitude", l.longitude AS "homeLongitude"
       FROM bookings s JOIN orders o ON o.id = s.order_id JOIN branches br ON br.id = o.branch_id JOIN lecturers l ON l.id = s.lecturer_id
       WHERE s.released_at IS NULL AND s.travel_from_order_id IS NOT NULL ${ofLecturerSql(p, 's', q.lecturerId)} ${replaced}
         AND NOT EXISTS (SELECT 1 FROM bookings n WHERE n.travel_from_order_id = s.order_id AND n.released_at IS NULL)
         AND s.starts_at < ${p.add(q.to)}::timestamptz AND s.starts_at > ${from}::timestamptz - interval '1 day' - ${around}
         AND s.ends_at > ${from}::timestamptz - ${around}`,
      p.values,
    );
    return rows.map((r) => driveHomeSpan(r, q.travelSpeedKmh)).filter((i) => i.end > q.from.getTime());
  }

  /**
   * The lecturer's active bookings per local month ('YYYY-MM'), exact for every month that holds an instant of
   * [from, to] (`startsAroundSql`); months around those may be counted in part, and are not to be read.
   */
  async countsByLocalMonth(manager: EntityManager, lecturerId: string, from: Date, to: Date): Promise<Record<string, number>> {
    const rows: Array<{ month: string; n: number }> = await manager.query(
      `SELECT to_char(${atLocalSql('starts_at')}, 'YYYY-MM') AS month, count(*)::int AS n FROM bookings
       WHERE lecturer_id = $1 AND released_at IS NULL AND ${startsAroundSql('$2', '$3')}
       GROUP BY 1`,
      [lecturerId, from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.month, r.n]));
  }

  /**
   * Locks the lecturer's row until the transaction ends, so that one lecturer's concurrent takes are
   * serialised and the monthly cap holds under races.
   */
  async lockLecturer(manager: EntityManager, lecturerId: string): Promise<void> {
    await manager.query('SELECT 1 FROM lecturers WHERE id = $1 FOR UPDATE', [lecturerId]);
  }

  /**
   * Every lecturer's active bookings whose blocked time touches [from, to), with the time their tours take beyond
   * them (`tourTime`), and their lectures per month around it.
   */
  async takenTime(manager: EntityManager, from: Date, to: Date, travelSpeedKmh: number): Promise<TakenTime> {
    const intervals: Array<{ lecturerId: string; start: Date; end: Date }> = await manager.query(
      `SELECT lecturer_id AS "lecturerId", lower(blocked) AS start, upper(blocked) AS "end" FROM bookings
       WHERE released_at IS NULL AND blocked && tstzrange($1, $2)`,
      [from, to],
    );
    const perMonth: TakenTime['perMonth'] = await manager.query(
      `SELECT lecturer_id AS "lecturerId", to_char(${atLocalSql('starts_at')}, 'YYYY-MM') AS month, count(*)::int AS n FROM bookings
       WHERE released_at IS NULL AND ${startsAroundSql('$1', '$2')}
       GROUP BY 1, 2`,
      [from, to],
    );
    const tours = await this.tourTime(manager, { from, to, travelSpeedKmh });
    return { intervals: [...toTakenIntervals(intervals), ...tours], perMonth };
  }

  /** The active bookings a scheduling run's rules read for the period [from, to) (`startsAroundSql`), by id. */
  async activeIdsAround(manager: EntityManager, from: Date, to: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM bookings WHERE released_at IS NULL AND ${startsAroundSql('$1', '$2')}`,
      [from, to],
    );
    return rows.map((r) => r.id);
  }

  /** Of `lecturerIds`, those with an active booking that the rules read for [from, to) and that is not one of `seen`. */
  async bookedBesides(
    manager: EntityManager,
    lecturerIds: string[],
    period: { from: Date; to: Date },
    seen: string[],
  ): Promise<Set<string>> {
    const rows: Array<{ lecturer_id: string }> = await manager.query(
      `SELECT DISTINCT lecturer_id FROM bookings
       WHERE released_at IS NULL AND lecturer_id = ANY($1::uuid[]) AND ${startsAroundSql('$2', '$3')} AND NOT (id = ANY($4::uuid[]))`,
      [lecturerIds, period.from, period.to, seen],
    );
    return new Set(rows.map((r) => r.lecturer_id));
  }

  /** A lecturer's active bookings starting in [from, to), with their order and branch. */
  async schedule(lecturerId: string, from: Date, to: Date): Promise<ScheduleRow[]> {
    return this.bookings.query(
      `SELECT b.id AS booking_id, o.id AS order_id, o.title, o.format, o.status, o.expected_audience, br.id AS branch_id, br.name AS branch_name,
              r.path AS region_path, b.starts_at, b.ends_at
       FROM bookings b JOIN orders o ON o.id = b.order_id JOIN branches br ON br.id = o.branch_id JOIN regions r ON r.id = br.region_id
       WHERE b.lecturer_id = $1 AND b.released_at IS NULL AND b.starts_at >= $2 AND b.starts_at < $3
       ORDER BY b.starts_at, b.id`,
      [lecturerId, from, to],
    );
  }
}
