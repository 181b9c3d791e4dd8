import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Booking } from './booking.entity.js';
import { BookingsRepository, type NewBooking } from './bookings.repository.js';
import type { TakenTime } from './rule-inputs.js';

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
  constructor(private readonly bookings: BookingsRepository) {}

  /** Books the lecture and the travel around it; a clash surfaces as LECTURER_BUSY (23P01 on bookings_no_overlap). */
  async book(manager: EntityManager, booking: NewBooking): Promise<void> {
    await this.bookings.insert(manager, booking);
  }

  async release(manager: EntityManager, orderId: string): Promise<void> {
    await this.bookings.release(manager, orderId);
  }

  async findActive(orderIds: string[], manager?: EntityManager): Promise<Booking[]> {
    return this.bookings.findActive(orderIds, manager);
  }

  /** The time booked lectures (with their travel) take around [from, to), for the scheduler's snapshot (`manager`). */
  takenTime(manager: EntityManager, from: Date, to: Date): Promise<TakenTime> {
    return this.bookings.takenTime(manager, from, to);
  }

  /** A lecturer's accepted and given lectures starting in [from, to). */
  async schedule(lecturerId: string, from: Date, to: Date): Promise<ScheduledLecture[]> {
    const rows = await this.bookings.schedule(lecturerId, from, to);
    return rows.map((r) => ({
      orderId: r.order_id,
      title: r.title,
      format: r.format,
      status: r.status,
      branchId: r.branch_id,
      branchName: r.branch_name,
      expectedAudience: r.expected_audience,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
    }));
  }
}
