import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { Lecturer } from '../lecturers/lecturer.entity.js';
import type { BranchOrder } from '../orders/branch-order.entity.js';
import { OrderErrors } from '../orders/orders.errors.js';
import { BookingsService } from './bookings.service.js';
import { checkEligibility, type RuleCode, TIME_RULES } from './solver/eligibility.js';
import { violationEn } from '../i18n/scheduling-en.js';
import { violationZh } from '../i18n/scheduling-zh.js';
import { travelKm } from '../kernel/geo.js';
import { monthKeyOf } from '../kernel/time.js';
import { type LecturerFacts, type OrderBranchFacts, toSolverLecturer, toSolverOrder } from './solver-inputs.js';
import type { SolverOrder, Violation } from './solver/types.js';
import { ON_SITE_FORMATS } from '../kernel/vocabulary.js';

const DAY_MS = 86_400_000;

export interface TakeDecision {
  lecturer: Lecturer;
  endsAt: Date;
  /** Minutes of travel blocked before and after an on-site lecture. */
  travelMinutes: number;
}

/** The client-facing error for the first broken rule. */
function errorFor(violations: Violation[]): DomainError {
  const codes = new Set<RuleCode>(violations.map((v) => v.code));
  const detail = violations.map((v) => `${violationEn(v)} (${violationZh(v)})`).join('; ');
  if (codes.has('window')) return OrderErrors.START_OUTSIDE_WINDOW(`startsAt lies outside the order's window: ${detail}`);
  if (codes.has('declined')) return OrderErrors.LECTURER_DECLINED();
  const timeOnly = [...codes].every((c) => c === 'booking' || c === 'monthly_cap');
  if (timeOnly && codes.has('booking')) return OrderErrors.LECTURER_BUSY(`The lecturer is busy: ${detail}`);
  if (timeOnly) return OrderErrors.MONTHLY_CAP_REACHED(`The lecturer cannot take it: ${detail}`);
  return OrderErrors.LECTURER_NOT_ELIGIBLE(`The lecturer cannot take this order: ${detail}`);
}

/**
 * Whether one lecturer may take one order at one start (claims and admin offers). The rules
 * themselves are the solver's `checkEligibility`, the same code the batch scheduler uses.
 */
@Injectable()
export class EligibilityService {
  constructor(private readonly bookings: BookingsService, private readonly config: AppConfig) {}

  travelMinutes(order: Pick<BranchOrder, 'format'>, lecturer: Lecturer, branch: OrderBranchFacts): number {
    if (!ON_SITE_FORMATS.includes(order.format)) return 0;
    return Math.ceil((travelKm(lecturer, branch) / this.config.TRAVEL_SPEED_KMH) * 60);
  }

  /** An order as the rules see it: its branch's place and flags, its course's lecturers, who declined it. */
  async solverOrder(manager: EntityManager, order: BranchOrder, branch: OrderBranchFacts): Promise<SolverOrder> {
    // One connection per transaction: these run one after another.
    const courseLecturers: Array<{ lecturer_id: string }> | undefined = order.courseId === null
      ? undefined : await manager.query('SELECT lecturer_id FROM course_lecturers WHERE course_id = $1', [order.courseId]);
    const declined: Array<{ lecturer_id: string }> = await manager.query('SELECT lecturer_id FROM order_declines WHERE order_id = $1', [order.id]);
    return toSolverOrder(order, branch, courseLecturers?.map((r) => r.lecturer_id), declined.map((r) => r.lecturer_id));
  }

  /** Whether the lecturer meets every rule that does not depend on time (topic, language, format, radius, declined). */
  static qualifiesStatically(order: SolverOrder, lecturer: LecturerFacts): boolean {
    return checkEligibility(order, toSolverLecturer(lecturer, [], {}), order.earliestStart, { skip: TIME_RULES }).length === 0;
  }

  /**
   * Checks every hard rule inside the caller's transaction. With `lock`, the lecturer's row is locked
   * first, so that concurrent takes by one lecturer are serialised and the monthly cap holds under races.
   */
  async assertCanTake(
    manager: EntityManager,
    args: { order: BranchOrder; branch: OrderBranchFacts; lecturerId: string; startsAt: Date; lock: boolean },
  ): Promise<TakeDecision> {
    const { order, branch, lecturerId, startsAt } = args;
    const lecturer = await manager.getRepository(Lecturer).findOne({ where: { id: lecturerId }, ...(args.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!lecturer) throw OrderErrors.LECTURER_NOT_ELIGIBLE('No such lecturer.');
    const busy = await this.bookings.busyIntervals(manager, lecturerId, new Date(startsAt.getTime() - 2 * DAY_MS), new Date(startsAt.getTime() + 2 * DAY_MS));
    const monthCount = await this.bookings.countInLocalMonth(manager, lecturerId, startsAt);
    const solverOrder = await this.solverOrder(manager, order, branch);
    const solverLecturer = toSolverLecturer(lecturer, busy, { [monthKeyOf(startsAt.getTime())]: monthCount });
    const violations = checkEligibility(solverOrder, solverLecturer, startsAt.getTime());
    if (violations.length > 0) throw errorFor(violations);
    return {
      lecturer,
      endsAt: new Date(startsAt.getTime() + order.durationMinutes * 60_000),
      travelMinutes: this.travelMinutes(order, lecturer, branch),
    };
  }
}
