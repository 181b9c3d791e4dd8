import { Clock } from '../../kernel/clock.js';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor.js';
import type { AttendeesView } from '../../attendance/attendance.dto.js';
import { AttendanceService } from '../../attendance/attendance.service.js';
import type { EvidenceView } from '../../evidence/evidence.dto.js';
import { EvidenceService } from '../../evidence/evidence.service.js';
import { CoursesService } from '../../courses/courses.service.js';
import { LecturersService } from '../../lecturers/lecturers.service.js';
import type { OrderView } from '../../orders/orders.dto.js';
import { hasCode } from '../../i18n/error-codes.js';
import { pageText } from '../../i18n/texts.js';
import { travelKm } from '../../kernel/geo.js';
import { unlessNotFound } from './page-actions.js';
import { type Place, type PlaceBook, Places } from './places.js';
import { describeHistory, historyReason, orderTimeline, type Timeline } from './order-timeline.js';

export interface HistoryLine {
  at: string;
  text: string;
  reason?: string;
}

/** An order with what its pages show around it: where, who, its timeline and history in words. */
export interface OrderDetail {
  order: OrderView;
  place: Place;
  timeline: Timeline;
  history: HistoryLine[];
  /** The lecturer it is offered to or booked with, and the one the branch named (点名). */
  lecturerName?: string;
  preferredName?: string;
  /** A booked lecture's sign-in sheet and photos, where the actor may see them. */
  field?: FieldRecord;
}

export interface FieldRecord {
  attendees: AttendeesView;
  photos: Array<EvidenceView & { pageUrl: string }>;
}

export interface OrderRow {
  order: OrderView;
  place: Place;
}

/** What a lecturer teaches, speaks and gives: the hard rules a branch's order form can check as it is filled in. */
export interface LecturerFits {
  topics: string[];
  languages: string[];
  formats: string[];
}

/**
 * What the three roles' order pages share. Lecturers' names come from the roster where the actor may
 * read it (admins, the lecturer themself) and otherwise from the course menu, which everyone may read:
 * a branch sees the name of a menu lecturer, as the menu already shows it.
 */
@Injectable()
export class OrderPresenter {
  constructor(
    private readonly places: Places,
    private readonly lecturers: LecturersService,
    private readonly courses: CoursesService,
    private readonly attendance: AttendanceService,
    private readonly evidence: EvidenceService,
    private readonly clock: Clock,
  ) {}

  async rows(actor: Actor, orders: OrderView[], book: PlaceBook = this.places.book(actor)): Promise<OrderRow[]> {
    const places = await book.ofAll(orders.map((o) => o.branchId));
    return orders.map((order) => ({ order, place: places.get(order.branchId) as Place }));
  }

  async detail(actor: Actor, order: OrderView): Promise<OrderDetail> {
    const lecturerId = order.booking?.lecturerId ?? order.offer?.lecturerId;
    const [place, lecturerName, preferredName, field] = await Promise.all([
      this.places.book(actor).of(order.branchId),
      lecturerId ? this.lecturerName(actor, lecturerId) : undefined,
      order.preferredLecturerId ? this.lecturerName(actor, order.preferredLecturerId) : undefined,
      this.fieldRecord(actor, order),
    ]);
    const history = order.history.map((h) => ({
      at: h.at,
      text: describeHistory(h),
      ...(historyReason(h) ? { reason: historyReason(h) } : {}),
    }));
    return { order, place, timeline: orderTimeline(order, this.clock.now()), history, lecturerName, preferredName, field };
  }

  private async fieldRecord(actor: Actor, order: OrderView): Promise<FieldRecord | undefined> {
    if (order.booking === null) return undefined;
    const [attendees, photos] = await Promise.all([
      this.attendance.attendees(actor, order.id).catch(unlessNotFound),
      this.evidence.list(actor, order.id).catch(unlessNotFound),
    ]);
    if (!attendees || !photos) return undefined;
    // The pages' session reaches the images through /photos, not the API's bearer route.
    return { attendees, photos: photos.map((p) => ({ ...p, pageUrl: `/photos/${p.id}` })) };
  }

  private async lecturerName(actor: Actor, id: string): Promise<string | undefined> {
    try {
      return (await this.lecturers.get(actor, id)).name;
    } catch (err) {
      if (!hasCode(err, 'LECTURER_NOT_FOUND')) throw err;
      return (await this.menuLecturers()).get(id);
    }
  }

  /**
   * The lecturers a branch may name (点名), by name, each whose home lies beyond their travel radius from the branch
   * marked so with both distances: the scheduler would have to send them on a tour to come on site, and seldom can.
   * Each says what it teaches, speaks and gives (`fits`), for the form's script to grey out who could not take the order.
   */
  async namedLecturerChoices(
    actor: Actor,
    names: ReadonlyMap<string, string>,
  ): Promise<Array<{ value: string; label: string; fits?: LecturerFits }>> {
    const [branch, lecturers] = await Promise.all([
      actor.role === 'branch' ? this.places.book(actor).of(actor.branchId) : undefined,
      this.lecturers.findByIds([...names.keys()]),
    ]);
    const byId = new Map(lecturers.map((l) => [l.id, l]));
    return [...names]
      .map(([value, name]) => {
        const l = byId.get(value);
        const km = l && branch ? travelKm(branch, l) : 0;
        const label =
          l && km > l.travelRadiusKm
            ? pageText('orderForm.lecturerFar', {
                name,
                km: pageText('common.km', { n: Math.round(km) }),
                radius: pageText('common.km', { n: l.travelRadiusKm }),
              })
            : name;
        const fits = l && { topics: l.topics, languages: l.languages, formats: l.formats };
        return { value, label, name, fits };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map(({ value, label, fits }) => ({ value, label, ...(fits ? { fits } : {}) }));
  }

  /** Every lecturer the course menu names: id → name. */
  async menuLecturers(): Promise<Map<string, string>> {
    const { items } = await this.courses.list({ limit: 200, offset: 0 });
    return new Map(items.flatMap((c) => c.lecturers.map((l) => [l.id, l.name] as const)));
  }
}
