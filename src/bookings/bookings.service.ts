import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Page, type PageQuery, pageOfList, type SortColumn, timestampKey } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import { DAY_MS } from '../kernel/time.js';
import type { Booking } from './booking.entity.js';
import { BookingErrors } from './bookings.errors.js';
import { scopeCovers } from '../regions/region-scope.js';
import { BookingsRepository, type NewBooking, type ScheduleRow } from './bookings.repository.js';
import type { TakenTime } from './rule-inputs.js';

/** How far around a booking the tour time it may make lies: the stops next to it are a day away. */
const TOUR_NEIGHBOURS_MS = 3 * DAY_MS;

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

/** A lecture outside the viewer's scope: the time it takes, and nothing about it. */
export interface BusyTime {
  busy: true;
  startsAt: string;
  endsAt: string;
}

/** The bookings a scheduling run's snapshot read for its period (the period widened as `bookedAround` reads it). */
export interface BookingsSeen {
  from: Date;
  to: Date;
  ids: string[];
}

/** Bookings: the time a lecturer is taken. The database's exclusion constraint is the last word on overlaps. */
@Injectable()
export class BookingsService {
  constructor(
    private readonly bookings: BookingsRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Books the lecture and the travel around it; a clash surfaces as LECTURER_BUSY (23P01 on bookings_no_overlap). A tour's
   * stop also makes time its bookings do not block (a night away between it and a stop booked next to it, the drive
   * home after it): that time may meet none of the lecturer's lectures either, which the caller's lock on the
   * lecturer's row keeps so until the transaction ends.
   */
  async book(manager: EntityManager, booking: NewBooking): Promise<void> {
    await this.bookings.insert(manager, booking);
    const around = {
      from: new Date(booking.startsAt.getTime() - TOUR_NEIGHBOURS_MS),
      to: new Date(booking.endsAt.getTime() + TOUR_NEIGHBOURS_MS),
    };
    const clashes = await this.bookings.tourTimeClashes(manager, booking.orderId, {
      lecturerId: booking.lecturerId,
      ...around,
      travelSpeedKmh: this.config.TRAVEL_SPEED_KMH,
    });
    if (clashes) throw BookingErrors.LECTURER_BUSY('The lecturer is busy: the tour this stop belongs to would run into another lecture.');
  }

  async release(manager: EntityManager, orderId: string): Promise<void> {
    await this.bookings.release(manager, orderId);
  }

  async unbook(manager: EntityManager, orderId: string): Promise<void> {
    await this.bookings.unbook(manager, orderId);
  }

  /**
   * A kept tour stop now reached from home blocks the drive from home (`driveMinutes`; null: a lecture given, left as it
   * was); false if that meets another booking.
   */
  travelFromHome(manager: EntityManager, orderId: string, driveMinutes: number | null): Promise<boolean> {
    return this.bookings.travelFromHome(manager, orderId, driveMinutes);
  }

  async findActive(orderIds: string[], manager?: EntityManager): Promise<Booking[]> {
    return this.bookings.findActive(orderIds, manager);
  }

  /** The time booked lectures (with their travel, and their tours') take around [from, to), for the scheduler's snapshot (`manager`). */
  takenTime(manager: EntityManager, from: Date, to: Date, travelSpeedKmh: number): Promise<TakenTime> {
    return this.bookings.takenTime(manager, from, to, travelSpeedKmh);
  }

  /** The bookings a scheduling run's snapshot reads for the period [from, to), by id (`lecturersBookedSince`). */
  bookedAround(manager: EntityManager, from: Date, to: Date): Promise<string[]> {
    return this.bookings.activeIdsAround(manager, from, to);
  }

  /** Of `lecturerIds`, those booked for the period since `seen` (`bookedAround`) was read. */
  lecturersBookedSince(manager: EntityManager, lecturerIds: string[], seen: BookingsSeen): Promise<Set<string>> {
    return this.bookings.bookedBesides(manager, lecturerIds, seen, seen.ids);
  }

  /** A lecturer's accepted and given lectures starting in [from, to). */
  async schedule(lecturerId: string, from: Date, to: Date): Promise<ScheduledLecture[]> {
    return (await this.bookings.schedule(lecturerId, from, to)).map(toScheduledLecture);
  }

  /**
   * The same as an admin scoped to `scopeRegionId` sees it (null: the whole city): a lecture for a branch
   * outside the scope shows only as busy time, since such an admin sees nothing outside its banner.
   */
  async scheduleSeenFrom(
    scopeRegionId: string | null,
    lecturerId: string,
    period: { from: Date; to: Date },
    q: PageQuery,
  ): Promise<Page<ScheduledLecture | BusyTime>> {
    const rows = await this.bookings.schedule(lecturerId, period.from, period.to);
    // Keyed by the booking, which says nothing of a lecture the admin may not see.
    const page = pageOfList(rows, q, EARLIEST_FIRST, (r) => [timestampKey(r.starts_at), r.booking_id]);
    return {
      ...page,
      items: page.items.map((r) =>
        scopeCovers(scopeRegionId, { path: r.region_path })
          ? toScheduledLecture(r)
          : { busy: true, startsAt: new Date(r.starts_at).toISOString(), endsAt: new Date(r.ends_at).toISOString() },
      ),
    };
  }
}

const EARLIEST_FIRST: SortColumn[] = [
  { sql: 'b.starts_at', kind: 'timestamp' },
  { sql: 'b.id', kind: 'uuid' },
];

function toScheduledLecture(r: ScheduleRow): ScheduledLecture {
  return {
    orderId: r.order_id,
    title: r.title,
    format: r.format,
    status: r.status,
    branchId: r.branch_id,
    branchName: r.branch_name,
    expectedAudience: r.expected_audience,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
  };
}
