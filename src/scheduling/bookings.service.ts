import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { Booking } from './booking.entity.js';
import type { BookingInterval } from './solver/types.js';

export interface ScheduledLecture {
  orderId: string;
  title: string;
  format: string;
  status: string;
  branchId: string;
  branchName: string;
  startsAt: string;
  endsAt: string;
  expectedAudience: number;
}

/** Bookings: the time a lecturer is taken. The database's exclusion constraint is the last word on overlaps. */
@Injectable()
export class BookingsService {
  constructor(@InjectRepository(Booking) private readonly bookings: Repository<Booking>) {}

  /** Books the lecture and the travel around it; a clash surfaces as LECTURER_BUSY (23P01 on bookings_no_overlap). */
  async book(manager: EntityManager, b: { orderId: string; lecturerId: string; startsAt: Date; endsAt: Date; travelMinutes: number }): Promise<void> {
    await manager.query(
      `INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked)
       VALUES ($1, $2, $3, $4, tstzrange($3::timestamptz - make_interval(mins => $5), $4::timestamptz + make_interval(mins => $5), '[)'))`,
      [b.orderId, b.lecturerId, b.startsAt, b.endsAt, b.travelMinutes],
    );
  }

  async release(manager: EntityManager, orderId: string): Promise<void> {
    await manager.query('UPDATE bookings SET released_at = now() WHERE order_id = $1 AND released_at IS NULL', [orderId]);
  }

  /** Active bookings of the lecturer whose blocked time touches [from, to), as solver intervals. */
  async busyIntervals(manager: EntityManager, lecturerId: string, from: Date, to: Date): Promise<BookingInterval[]> {
    const rows: Array<{ start: Date; end: Date }> = await manager.query(
      `SELECT lower(blocked) AS start, upper(blocked) AS "end" FROM bookings
       WHERE lecturer_id = $1 AND released_at IS NULL AND blocked && tstzrange($2, $3)`,
      [lecturerId, from, to],
    );
    return rows.map((r) => ({ start: new Date(r.start).getTime(), end: new Date(r.end).getTime() }));
  }

  /** Active bookings of the lecturer starting in the local (Asia/Shanghai) month that holds `at`. */
  async countInLocalMonth(manager: EntityManager, lecturerId: string, at: Date): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM bookings
       WHERE lecturer_id = $1 AND released_at IS NULL
         AND date_trunc('month', starts_at AT TIME ZONE 'Asia/Shanghai') = date_trunc('month', $2::timestamptz AT TIME ZONE 'Asia/Shanghai')`,
      [lecturerId, at],
    );
    return rows[0].n;
  }

  async findActive(orderIds: string[], manager = this.bookings.manager): Promise<Booking[]> {
    if (orderIds.length === 0) return [];
    return manager.getRepository(Booking).createQueryBuilder('b').where('b.order_id = ANY(:ids)', { ids: orderIds }).andWhere('b.released_at IS NULL').getMany();
  }

  /** A lecturer's accepted and given lectures starting in [from, to). */
  async schedule(lecturerId: string, from: Date, to: Date): Promise<ScheduledLecture[]> {
    const rows: Array<Record<string, unknown>> = await this.bookings.query(
      `SELECT o.id AS order_id, o.title, o.format, o.status, o.expected_audience, br.id AS branch_id, br.name AS branch_name, b.starts_at, b.ends_at
       FROM bookings b JOIN orders o ON o.id = b.order_id JOIN branches br ON br.id = o.branch_id
       WHERE b.lecturer_id = $1 AND b.released_at IS NULL AND b.starts_at >= $2 AND b.starts_at < $3
       ORDER BY b.starts_at`,
      [lecturerId, from, to],
    );
    return rows.map((r) => ({
      orderId: r.order_id as string, title: r.title as string, format: r.format as string, status: r.status as string,
      branchId: r.branch_id as string, branchName: r.branch_name as string, expectedAudience: r.expected_audience as number,
      startsAt: new Date(r.starts_at as string).toISOString(), endsAt: new Date(r.ends_at as string).toISOString(),
    }));
  }
}
