import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { bookingDriveMinutes, readAroundMs, travelKm } from '../kernel/geo.js';
import { MINUTE_MS } from '../kernel/time.js';
import type { Lecturer } from '../lecturers/lecturer.entity.js';
import { LecturerErrors } from '../lecturers/lecturers.errors.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { checkEligibility, firstEligibleStarts, type RuleCode, TIME_RULES } from '../scheduling/solver/eligibility.js';
import type { Violation } from '../scheduling/solver/types.js';
import { violationEn } from '../i18n/scheduling-en.js';
import { violationZh } from '../i18n/scheduling-zh.js';
import type { SolverOrder } from '../scheduling/solver/types.js';
import { BookingErrors } from './bookings.errors.js';
import { BookingsRepository } from './bookings.repository.js';
import { type LecturerFacts, toSolverLecturer } from './rule-inputs.js';

export interface TakeDecision {
  lecturer: Lecturer;
  endsAt: Date;
  /** Minutes of travel blocked before and after an on-site lecture. */
  travelMinutes: number;
}

/** What a lecturer asks to take: an order as the rules see it, at one start. */
export interface TakeRequest {
  order: SolverOrder;
  lecturerId: string;
  startsAt: Date;
  /** Lock the lecturer first (a take that books; an offer only checks). */
  lock: boolean;
  /**
   * A stop of a tour after its first: the stop before, whose village the lecturer travels from instead of home (and
   * does not drive home from).
   */
  travelFrom?: { orderId: string; latitude: number; longitude: number };
}

/** An order and the starts to try for it, in the order preferred. */
export interface FeasibleAsk {
  order: SolverOrder;
  candidates: number[];
}

/** The client-facing error for the broken rules, which it names (`rules`) for the pages to say. */
function errorFor(violations: Violation[]): DomainError {
  return Object.assign(errorOf(violations), { rules: [...new Set(violations.map((v) => v.code))] });
}

function errorOf(violations: Violation[]): DomainError {
  const codes = new Set<RuleCode>(violations.map((v) => v.code));
  const detail = violations.map((v) => `${violationEn(v)} (${violationZh(v)})`).join('; ');
  if (codes.has('window')) return BookingErrors.START_OUTSIDE_WINDOW(`startsAt lies outside the order's window: ${detail}`);
  if (codes.has('declined')) return BookingErrors.LECTURER_DECLINED();
  const timeOnly = [...codes].every((c) => c === 'booking' || c === 'monthly_cap');
  if (timeOnly && codes.has('booking')) return BookingErrors.LECTURER_BUSY(`The lecturer is busy: ${detail}`);
  if (timeOnly) return BookingErrors.MONTHLY_CAP_REACHED(`The lecturer cannot take it: ${detail}`);
  return BookingErrors.LECTURER_NOT_ELIGIBLE(`The lecturer cannot take this order: ${detail}`);
}

/**
 * The database side of the hard rules: whether one lecturer may take one order at one start (claims
 * and admin offers). The rules themselves are the solver's `checkEligibility`, the same code the
 * batch scheduler uses.
 */
@Injectable()
export class EligibilityService {
  constructor(
    private readonly bookings: BookingsRepository,
    private readonly lecturers: LecturersService,
    private readonly config: AppConfig,
  ) {}

  /** How far around a start the bookings it may meet lie. */
  private get readAround(): number {
    return readAroundMs(this.config.TRAVEL_SPEED_KMH);
  }

  travelMinutes(order: Pick<SolverOrder, 'format' | 'branch'>, lecturer: Pick<Lecturer, 'latitude' | 'longitude'>): number {
    return bookingDriveMinutes(order.format, travelKm(lecturer, order.branch), this.config.TRAVEL_SPEED_KMH);
  }

  /** Whether the lecturer meets every rule that does not depend on time (topic, language, format, radius, declined). */
  static qualifiesStatically(order: SolverOrder, lecturer: LecturerFacts): boolean {
    // The time rules are skipped: no booking, no travel to weigh (any speed would do).
    const rules = toSolverLecturer(lecturer, [], {}, Infinity);
    return checkEligibility(order, rules, order.earliestStart, { skip: TIME_RULES }).length === 0;
  }

  /**
   * For each order, the first of its `candidates` (starts, in the order preferred) at which the lecturer may take it
   * by every hard rule as things stand (claims' suggestions: no lock, nothing booked); none where no candidate
   * passes. The lecturer's bookings and lectures per month are read once for all the orders (a page of open orders).
   */
  async firstFeasibleEach(manager: EntityManager, lecturerId: string, asks: FeasibleAsk[]): Promise<Array<number | undefined>> {
    const starts = asks.flatMap((a) => a.candidates);
    const lecturer = starts.length === 0 ? null : await this.lecturers.findById(lecturerId, manager);
    if (!lecturer) return asks.map(() => undefined);
    const [first, last] = starts.reduce(([lo, hi], at) => [Math.min(lo, at), Math.max(hi, at)], [Infinity, -Infinity]);
    const [busy, perMonth] = await Promise.all([
      this.bookings.busyIntervals(manager, {
        lecturerId,
        from: new Date(first - this.readAround),
        to: new Date(last + this.readAround),
        travelSpeedKmh: this.config.TRAVEL_SPEED_KMH,
      }),
      this.bookings.countsByLocalMonth(manager, lecturerId, new Date(first), new Date(last)),
    ]);
    const rules = toSolverLecturer(lecturer, busy, perMonth, this.config.TRAVEL_SPEED_KMH);
    return firstEligibleStarts(rules, asks);
  }

  /**
   * Checks every hard rule inside the caller's transaction. With `lock`, the lecturer's row is locked
   * first, so that concurrent takes by one lecturer are serialised and the monthly cap holds under races.
   */
  async assertCanTake(manager: EntityManager, take: TakeRequest): Promise<TakeDecision> {
    const { order, lecturerId, startsAt } = take;
    if (take.lock) await this.bookings.lockLecturer(manager, lecturerId);
    const lecturer = await this.lecturers.findById(lecturerId, manager);
    // An admin's offer naming a lecturer who does not exist (a lecturer taking an order is always one).
    if (!lecturer) throw LecturerErrors.LECTURER_NOT_FOUND();
    const at = startsAt.getTime();
    const busy = await this.bookings.busyIntervals(manager, {
      lecturerId,
      from: new Date(at - this.readAround),
      to: new Date(at + this.readAround),
      travelSpeedKmh: this.config.TRAVEL_SPEED_KMH,
      arrivingFrom: take.travelFrom?.orderId,
      taking: order.id,
    });
    const perMonth = await this.bookings.countsByLocalMonth(manager, lecturerId, startsAt, startsAt);
    const from: { latitude: number; longitude: number } = take.travelFrom ?? lecturer;
    const rules = {
      ...toSolverLecturer(lecturer, busy, perMonth, this.config.TRAVEL_SPEED_KMH),
      latitude: from.latitude,
      longitude: from.longitude,
    };
    const violations = checkEligibility(order, rules, at);
    if (violations.length > 0) throw errorFor(violations);
    return { lecturer, endsAt: new Date(at + order.durationMinutes * MINUTE_MS), travelMinutes: this.travelMinutes(order, from) };
  }
}
