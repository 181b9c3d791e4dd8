import { Injectable } from '@nestjs/common';
import { type Actor, requireBranchId } from '../auth/actor.js';
import { pgErrorOf } from '../common/database-errors.js';
import { type IdempotencyClaim, IdempotencyService, type StoredResponse } from '../common/idempotency.js';
import { CoursesService } from '../courses/courses.service.js';
import { Clock } from '../kernel/clock.js';
import { DAY_MS } from '../kernel/time.js';
import { timeOrderedUuid } from '../kernel/time-ordered-uuid.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { BranchOrder } from './branch-order.entity.js';
import { toOrderView } from './order-view.js';
import type { OrderView, PlaceOrderDto } from './orders.dto.js';
import { OrderErrors } from './orders.errors.js';
import { OrdersRepository } from './orders.repository.js';

const DEFAULT_CUSTOM_DURATION = 90;
/** The constraints an order of a branch or account that no longer exists breaks. */
const GONE_PLACER = new Set(['orders_branch_fk', 'orders_placed_by_fk']);
const MAX_WINDOW_MS = 366 * DAY_MS;

/**
 * The field that makes an order neither a menu order (courseId alone) nor a custom one (topic and title): one given
 * beside courseId, or the one a custom order lacks; undefined when the order is one or the other.
 */
function menuOrCustomProblem(dto: Pick<PlaceOrderDto, 'courseId' | 'topic' | 'title'>): string | undefined {
  if (dto.courseId !== undefined) return dto.topic !== undefined ? 'topic' : dto.title !== undefined ? 'title' : undefined;
  if (dto.topic === undefined && dto.title === undefined) return 'courseId';
  return dto.topic === undefined ? 'topic' : dto.title === undefined ? 'title' : undefined;
}

/** What a branch chooses when placing an order (the rest is the platform's). */
type OrderFields = Pick<
  BranchOrder,
  | 'courseId'
  | 'topic'
  | 'title'
  | 'format'
  | 'earliestStart'
  | 'latestStart'
  | 'durationMinutes'
  | 'expectedAudience'
  | 'language'
  | 'preferredLecturerId'
  | 'notes'
>;

/** 点单: a branch places an order, from the menu or on a custom topic, at most once per Idempotency-Key. */
@Injectable()
export class OrderPlacementService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly courses: CoursesService,
    private readonly lecturers: LecturersService,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
  ) {}

  /**
   * Places an order for the actor's branch: the order, its first history entry and (with an
   * Idempotency-Key) the recorded response are written by one statement. A retry with the key
   * returns the first response.
   */
  async place(actor: Actor, dto: PlaceOrderDto, opts: { idempotencyKey?: string } = {}): Promise<StoredResponse<OrderView>> {
    if (opts.idempotencyKey === undefined) return this.placeOnce(actor, dto);
    const claim = this.idempotency.claim(actor.accountId, opts.idempotencyKey, dto);
    return this.idempotency.exclusively(claim, () => this.placeOnce(actor, dto, claim));
  }

  private async placeOnce(actor: Actor, dto: PlaceOrderDto, claim?: IdempotencyClaim): Promise<StoredResponse<OrderView>> {
    const order = this.newOrder(actor, await this.orderFields(dto));
    const placed = {
      at: order.createdAt,
      actorId: actor.accountId,
      fromStatus: null,
      toStatus: 'pending' as const,
      lecturerId: null,
      reason: null,
    };
    const view = toOrderView(order, null, [placed]);
    try {
      await this.orders.insertPlaced(order, view, claim && { claim, status: 201, body: view });
      return { status: 201, body: view, replayed: false };
    } catch (err) {
      // The token outlived its branch or account (removed since it was issued).
      if (GONE_PLACER.has(pgErrorOf(err)?.constraint ?? '')) throw OrderErrors.ORDER_BRANCH_NOT_FOUND();
      if (!claim) throw err;
      return this.idempotency.replayOnConflict<OrderView>(err, claim);
    }
  }

  private async orderFields(dto: PlaceOrderDto): Promise<OrderFields> {
    const fields = await this.chosenFields(dto);
    if (fields.preferredLecturerId !== null) await this.checkNamedLecturer(fields.preferredLecturerId, fields);
    return fields;
  }

  /**
   * The lecturer a branch names (点名) must give the course (a custom order: teach its topic), speak its language and
   * offer its format, or the branch would wait for a lecture that cannot come. The radius is left to the scheduler:
   * a tour may reach a village beyond it.
   */
  private async checkNamedLecturer(lecturerId: string, order: OrderFields): Promise<void> {
    const lecturer = await this.lecturers.findById(lecturerId);
    if (!lecturer) throw OrderErrors.ORDER_PREFERRED_LECTURER_NOT_FOUND();
    const teaches =
      order.courseId !== null ? await this.courses.isGivenBy(order.courseId, lecturerId) : lecturer.topics.includes(order.topic);
    if (!teaches || !lecturer.languages.includes(order.language) || !lecturer.formats.includes(order.format))
      throw OrderErrors.ORDER_PREFERRED_LECTURER_UNQUALIFIED();
  }

  private async chosenFields(dto: PlaceOrderDto): Promise<OrderFields> {
    const isMenu = dto.courseId !== undefined;
    const wrongField = menuOrCustomProblem(dto);
    if (wrongField !== undefined) throw OrderErrors.ORDER_COURSE_OR_TOPIC_REQUIRED(undefined, wrongField);
    const earliest = new Date(dto.earliestStart);
    const latest = new Date(dto.latestStart);
    if (latest < earliest || latest.getTime() < this.clock.now() || latest.getTime() - earliest.getTime() > MAX_WINDOW_MS)
      throw OrderErrors.ORDER_WINDOW_INVALID();
    const common = {
      format: dto.format,
      earliestStart: earliest,
      latestStart: latest,
      expectedAudience: dto.expectedAudience,
      language: dto.language,
      preferredLecturerId: dto.preferredLecturerId ?? null,
      notes: dto.notes ?? null,
    };
    if (!isMenu)
      return {
        ...common,
        courseId: null,
        topic: dto.topic as string,
        title: dto.title as string,
        durationMinutes: dto.durationMinutes ?? DEFAULT_CUSTOM_DURATION,
      };
    const course = await this.courses.menuEntry(dto.courseId as string);
    if (!course.formats.includes(dto.format)) throw OrderErrors.ORDER_FORMAT_NOT_OFFERED();
    return {
      ...common,
      courseId: course.id,
      topic: course.topic,
      title: course.title,
      durationMinutes: dto.durationMinutes ?? course.durationMinutes,
    };
  }

  /**
   * A new pending order of the actor's branch, as it will be written and shown. Its id is time-ordered: placements
   * append to the orders' primary key instead of each landing on a random leaf page (after a checkpoint, 20 writers
   * placing in a loop on the bench data: 13.9 → 7.4 KB of WAL per placement).
   */
  private newOrder(actor: Actor, fields: OrderFields): BranchOrder {
    const now = new Date();
    return Object.assign(new BranchOrder(), {
      ...fields,
      id: timeOrderedUuid(now.getTime()),
      branchId: requireBranchId(actor),
      status: 'pending' as const,
      placedBy: actor.accountId,
      createdAt: now,
      updatedAt: now,
      offeredLecturerId: null,
      offeredStartsAt: null,
      offerExpiresAt: null,
      attendance: null,
      startedAt: null,
      summary: null,
      completedAt: null,
      ratingScore: null,
      ratingComment: null,
      ratedAt: null,
    });
  }
}
