/**
 * The demo city's orders: about 150 in every state, each with its history, declines and bookings. A
 * lecturer and a start are chosen only where the platform's own `checkEligibility` allows them.
 */
import { checkEligibility, type EligibilityContext, STATIC_RULES, TIME_RULES } from '../scheduling/solver/index.js';
import type { BookingInterval, SolverLecturer } from '../scheduling/solver/index.js';
import { HOUR_MS, MINUTE_MS, localDay, localMidnight, monthKeyOf, parseHm } from '../kernel/time.js';
import { travelKm } from '../kernel/geo.js';
import { isOnSite, type LectureFormat, OFFER_EXPIRED_REASON, type OrderStatus, TOPICS, type Topic } from '../kernel/vocabulary.js';
import { offerExpiresAt } from '../orders/order-state-machine.js';
import type { Draws } from './draws.js';
import type { BookingRow, BranchRow, CourseRow, DeclineRow, HistoryRow, LecturerRow, NewId, OrderRow } from './model.js';
import {
  ADMIN_CANCEL_REASONS,
  BRANCH_CANCEL_REASONS,
  CUSTOM_TITLES,
  DECLINE_REASONS,
  ORDER_NOTES,
  RATING_COMMENTS,
  REJECT_REASONS,
  lectureSummariesZh,
} from './names-zh.js';
import { type OrderFacts, toSolverLecturer, toSolverOrder, travelMinutes } from './solver-input.js';

/** An offer's time to live (AppConfig.OFFER_TTL_MINUTES's default). */
export const OFFER_TTL_MS = 48 * HOUR_MS;
/** Demo lecturers are sent only to branches at least this far inside their travel radius: none sits on the edge of the rule. */
const RADIUS_MARGIN_KM = 1;
/** How many orders a branch places at most. */
const ORDERS_PER_BRANCH = 3;
/** Orders of each state in the whole city, the demo logins' included (about 150). */
const STATUS_TARGETS: Record<OrderStatus, number> = { completed: 70, accepted: 22, offered: 12, pending: 20, cancelled: 14, rejected: 10 };

/** Local (Asia/Shanghai) time `minutes` after midnight of local day `day`, as epoch ms. */
const localAt = (day: number, minutes: number): number => localMidnight(day) + minutes * MINUTE_MS;
/** Lectures start in the morning or the afternoon; online ones also in the evening. */
const MORNING = parseHm('09:30');
const AFTERNOON = parseHm('14:00');
const EVENING = parseHm('19:30');
/** An order's window opens at 08:00 on its first day and closes at 20:00 on its last. */
const WINDOW_OPENS = parseHm('08:00');
const WINDOW_CLOSES = parseHm('20:00');

type When = 'past' | 'recentPast' | 'future';
type CancelFrom = 'pending' | 'offered' | 'accepted';

/** An order to make: its final state, roughly when its lecture is, and who it is for. */
interface Spec {
  status: OrderStatus;
  when: When;
  rated?: boolean;
  cancelFrom?: CancelFrom;
  lecturer?: LecturerRow;
  branch?: BranchRow;
  /** A pending order that this lecturer can claim. */
  claimableBy?: LecturerRow;
}

/** A transition after the order was placed, with the time since the one before. */
interface Step {
  to: OrderStatus;
  from: OrderStatus;
  actor: string | null;
  lecturerId: string | null;
  reason: string | null;
  gap: number;
}

interface Draft extends OrderFacts {
  topic: Topic;
  format: LectureFormat;
}

/** A lecture's place in a lecturer's calendar. */
interface Slot {
  start: number;
  end: number;
  travel: number;
  day: number;
  monthKey: string;
}

/** What a lecturer has taken on so far in the demo. */
interface Schedule {
  /** Local days with a lecture: the demo gives a lecturer one lecture a day at most. */
  days: Set<number>;
  /** Lecture plus travel, as the bookings table blocks it. */
  blocked: BookingInterval[];
  perMonth: Record<string, number>;
  load: number;
}

function needsLecturer(spec: Spec): boolean {
  return (
    spec.status === 'offered' ||
    spec.status === 'accepted' ||
    spec.status === 'completed' ||
    (spec.status === 'cancelled' && spec.cancelFrom !== 'pending')
  );
}

/** Local minutes a lecture may start at, in the order tried: an online one that ends by 22:00 in the evening first. */
function startMinutes(d: Draft): number[] {
  if (!isOnSite(d.format) && d.duration <= 150) return [EVENING, MORNING, AFTERNOON];
  return [MORNING, AFTERNOON];
}

export interface OrderInputs {
  branches: BranchRow[];
  lecturers: LecturerRow[];
  courses: CourseRow[];
  adminId: string;
  demoLecturer: LecturerRow;
  demoBranch: BranchRow;
}

export interface DemoOrders {
  orders: OrderRow[];
  history: HistoryRow[];
  bookings: BookingRow[];
  declines: DeclineRow[];
}

/** The year of orders around `now`: the demo logins' own first, then the rest of the city up to STATUS_TARGETS. */
export function buildOrders(draws: Draws, now: number, inputs: OrderInputs, newId: NewId): DemoOrders {
  const factory = new OrderFactory(draws, now, inputs, newId);
  const specs = [...demoLoginSpecs(inputs.demoLecturer, inputs.demoBranch)];
  const have = (s: OrderStatus): number => specs.filter((x) => x.status === s).length;
  const rest: Spec[] = [];
  const t = STATUS_TARGETS;
  for (let i = have('completed'); i < t.completed; i++) rest.push({ status: 'completed', when: 'past', rated: draws.chance(0.6) });
  for (let i = have('accepted'); i < t.accepted; i++)
    rest.push({ status: 'accepted', when: i === have('accepted') ? 'recentPast' : 'future' });
  for (let i = have('offered'); i < t.offered; i++) rest.push({ status: 'offered', when: 'future' });
  for (let i = have('pending'); i < t.pending; i++) rest.push({ status: 'pending', when: 'future' });
  for (let i = have('cancelled'); i < t.cancelled; i++) {
    const when = draws.chance(0.6) ? 'past' : 'future';
    rest.push({
      status: 'cancelled',
      when,
      cancelFrom: draws.weighted(['pending', 'offered', 'accepted'] as const, (c) => ({ pending: 4, offered: 2.5, accepted: 3.5 })[c]),
    });
  }
  for (let i = have('rejected'); i < t.rejected; i++) rest.push({ status: 'rejected', when: draws.chance(0.6) ? 'past' : 'future' });
  for (const spec of [...specs, ...draws.shuffle(rest)]) factory.make(spec);
  return {
    orders: factory.orders,
    history: factory.history.sort((a, b) => a.at - b.at),
    bookings: factory.bookings,
    declines: factory.declines,
  };
}

/** What the demo logins see: the lecturer's offers, lectures ahead and given, claimable orders; the branch's orders in several states. */
function demoLoginSpecs(lecturer: LecturerRow, branch: BranchRow): Spec[] {
  const specs: Spec[] = [];
  const add = (count: number, spec: Spec): void => {
    for (let i = 0; i < count; i++) specs.push({ ...spec });
  };
  add(3, { status: 'offered', when: 'future', lecturer });
  add(3, { status: 'accepted', when: 'future', lecturer });
  add(1, { status: 'accepted', when: 'recentPast', lecturer }); // given but not yet reported
  add(5, { status: 'completed', when: 'past', lecturer, rated: true });
  add(3, { status: 'completed', when: 'past', lecturer, rated: false });
  add(1, { status: 'cancelled', when: 'future', lecturer, cancelFrom: 'accepted' });
  add(2, { status: 'pending', when: 'future', claimableBy: lecturer });
  add(1, { status: 'completed', when: 'past', branch, rated: true });
  add(1, { status: 'completed', when: 'past', branch, rated: false });
  add(1, { status: 'accepted', when: 'future', branch });
  add(1, { status: 'offered', when: 'future', branch });
  add(1, { status: 'pending', when: 'future', branch });
  add(1, { status: 'cancelled', when: 'past', branch, cancelFrom: 'pending' });
  add(1, { status: 'rejected', when: 'past', branch });
  return specs;
}

class OrderFactory {
  readonly orders: OrderRow[] = [];
  readonly history: HistoryRow[] = [];
  readonly bookings: BookingRow[] = [];
  readonly declines: DeclineRow[] = [];
  private readonly schedules = new Map<LecturerRow, Schedule>();
  /** Lecturers as the static rules see them: the radius less the margin. */
  private readonly withMargin = new Map<LecturerRow, SolverLecturer>();
  private readonly qualified = new Map<string, boolean>();
  private readonly today: number;

  constructor(
    private readonly draws: Draws,
    private readonly now: number,
    private readonly city: OrderInputs,
    private readonly newId: NewId,
  ) {
    this.today = localDay(now);
    for (const l of city.lecturers) {
      this.schedules.set(l, { days: new Set(), blocked: [], perMonth: {}, load: 0 });
      // the calendar is left out: the time rules are skipped there
      this.withMargin.set(l, toSolverLecturer({ ...l, travelRadiusKm: l.travelRadiusKm - RADIUS_MARGIN_KM, weekly: [], exceptions: [] }));
    }
  }

  private schedule(l: LecturerRow): Schedule {
    return this.schedules.get(l) as Schedule;
  }

  /** The rules that do not depend on time (teaches, language, format, distance), by `checkEligibility`. */
  private qualifies(d: Draft, l: LecturerRow): boolean {
    // drafts repeat (400 tries an order): ask once per branch, course or topic, format, language and lecturer
    const key = `${d.branch.id} ${d.course?.id ?? d.topic} ${d.format} ${d.language} ${l.id}`;
    let ok = this.qualified.get(key);
    if (ok === undefined) {
      ok = checkEligibility(toSolverOrder(d), this.withMargin.get(l) as SolverLecturer, 0, { skip: TIME_RULES }).length === 0;
      this.qualified.set(key, ok);
    }
    return ok;
  }

  /** The first start on one of `days` (in their order) at which `checkEligibility` lets the lecturer give the lecture. */
  private findSlot(l: LecturerRow, d: Draft, days: number[], window?: [number, number]): Slot | null {
    const travel = travelMinutes(d.format, l, d.branch);
    const schedule = this.schedule(l);
    // checkEligibility keeps the new lecture's own travel clear of the others' blocked time, as the bookings table does
    const lecturer = toSolverLecturer(l, schedule.blocked, schedule.perMonth);
    const order = toSolverOrder(d, window);
    // every caller has checked the static rules (with the margin) already
    const context: EligibilityContext = { skip: window ? STATIC_RULES : [...STATIC_RULES, 'window'] };
    for (const day of days) {
      if (schedule.days.has(day)) continue;
      for (const minute of startMinutes(d)) {
        const start = localAt(day, minute);
        if (checkEligibility(order, lecturer, start, context).length > 0) continue;
        return { start, end: start + d.duration * MINUTE_MS, travel, day, monthKey: monthKeyOf(start) };
      }
    }
    return null;
  }

  private reserve(l: LecturerRow, slot: Slot): void {
    const s = this.schedule(l);
    s.days.add(slot.day);
    s.blocked.push({ start: slot.start - slot.travel * MINUTE_MS, end: slot.end + slot.travel * MINUTE_MS });
    s.perMonth[slot.monthKey] = (s.perMonth[slot.monthKey] ?? 0) + 1;
    s.load++;
  }

  /** Days to try around a target day, nearest first, inside [lo, hi]. */
  private daysAround(target: number, lo: number, hi: number, spread = 10): number[] {
    const out: number[] = [];
    for (let k = 0; k <= spread; k++) {
      for (const d of k === 0 ? [target] : [target + k, target - k]) if (d >= lo && d <= hi) out.push(d);
    }
    return out;
  }

  private targetDays(when: When): number[] {
    const t = this.today;
    if (when === 'past') return this.daysAround(t - 1 - Math.floor(364 * this.draws.float() ** 1.15), t - 365, t - 1);
    if (when === 'recentPast') return this.daysAround(t - this.draws.int(1, 3), t - 4, t - 1, 3);
    return this.daysAround(t + this.draws.int(2, 58), t + 1, t + 60);
  }

  /** A random span of `a` to `b` hours, in ms. */
  private someHours(a: number, b: number): number {
    return Math.round(this.draws.float(a, b) * HOUR_MS);
  }

  /** What the branch asks for; null when the draw makes no sense (a border course far from the border, no format the lecturer offers). */
  private draft(spec: Spec): Draft | null {
    const draws = this.draws;
    const forced = spec.lecturer ?? spec.claimableBy;
    const open = this.city.branches.filter((b) => b.orders < ORDERS_PER_BRANCH);
    const reachable = forced ? open.filter((b) => travelKm(b, forced) <= forced.travelRadiusKm - RADIUS_MARGIN_KM) : open;
    const branch =
      spec.branch ??
      draws.weighted(
        reachable.length > 0 ? reachable : open,
        (b) => 1 + (b.region.remote ? 1.5 : 0) + (b.region.border ? 1 : 0) + (b.region.weak ? 2 : 0) + (b.kind === 'village' ? 0.5 : 0),
      );
    const options = forced ? this.city.courses.filter((c) => c.lecturers.has(forced.id)) : this.city.courses;
    let course: CourseRow | null = null;
    let topic: Topic;
    let title: string;
    if (options.length > 0 && draws.chance(0.8)) {
      course = draws.pick(options);
      topic = course.seed.topic;
      title = course.seed.title;
    } else {
      topic = forced ? draws.pick(forced.topics) : draws.pick(TOPICS);
      if (topic === 'border_security' && !branch.region.border && draws.chance(0.8)) return null;
      title = draws.pick(CUSTOM_TITLES[topic]);
    }
    let formats: LectureFormat[] = course ? course.seed.formats : ['on_site', 'on_site', 'on_site', 'online', 'online', 'field', 'mobile'];
    if (forced) formats = formats.filter((f) => forced.formats.includes(f));
    if (formats.length === 0) return null;
    const format = draws.pick(formats);
    const mnLikely = branch.region.profile === 'pastoral' ? 0.4 : 0.05;
    let language = draws.chance(mnLikely) ? 'mn' : 'zh';
    if (forced && !forced.languages.includes(language)) language = forced.languages[0];
    const duration = course ? course.seed.minutes : draws.pick([60, 90, 90, 120, 120, 150, 180]);
    return { branch, course, topic, title, format, language, duration };
  }

  /** Makes one order of the spec, trying drafts until one fits; gives up (and makes none) after 400. */
  make(spec: Spec): boolean {
    // most orders start from a lecturer with little work yet, so that the load spreads over the pool
    const lecturerFirst = spec.lecturer === undefined && spec.branch === undefined && needsLecturer(spec) && this.draws.chance(0.6);
    for (let attempt = 0; attempt < 400; attempt++) {
      let s = spec;
      if (lecturerFirst && attempt < 200) {
        const pool = this.city.lecturers.filter((l) => l !== this.city.demoLecturer);
        const least = Math.min(...pool.map((l) => this.schedule(l).load));
        s = { ...spec, lecturer: this.draws.pick(pool.filter((l) => this.schedule(l).load <= least + 1)) };
      }
      const d = this.draft(s);
      if (d && this.tryMake(s, d)) return true;
    }
    return false;
  }

  /** Qualified lecturers, the least loaded first; city and banner lecturers a little ahead for villages (the tilt to the grassroots). */
  private candidates(d: Draft, exclude?: LecturerRow): LecturerRow[] {
    const tilt = d.branch.region.level === 'village';
    return this.city.lecturers
      .filter((l) => l !== exclude && this.qualifies(d, l))
      .map((l) => ({ l, key: this.schedule(l).load - (tilt && l.level !== 'township' ? 0.5 : 0) + this.draws.float(0, 0.9) }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.l);
  }

  /** The lecturer and slot of an order that needs one: the spec's lecturer, else one of the eight best candidates. */
  private assign(spec: Spec, d: Draft): { lecturer: LecturerRow; slot: Slot } | null {
    const pool = spec.lecturer ? (this.qualifies(d, spec.lecturer) ? [spec.lecturer] : []) : this.candidates(d);
    const days = this.targetDays(spec.when);
    for (const lecturer of pool.slice(0, 8)) {
      const slot = this.findSlot(lecturer, d, days);
      if (slot) return { lecturer, slot };
    }
    return null;
  }

  /** A pending order's window, provided some qualified lecturer could still take it; null when nobody could. */
  private pendingWindow(spec: Spec, d: Draft): { window: [number, number]; lectureDay: number } | null {
    const first = this.today + this.draws.int(2, 45);
    const window: [number, number] = [localAt(first, WINDOW_OPENS), localAt(first + this.draws.int(5, 20), WINDOW_CLOSES)];
    const who = spec.claimableBy ? (this.qualifies(d, spec.claimableBy) ? [spec.claimableBy] : []) : this.candidates(d);
    const days: number[] = [];
    for (let day = localDay(window[0]); day <= localDay(window[1]); day++) days.push(day);
    return who.some((l) => this.findSlot(l, d, days, window) !== null) ? { window, lectureDay: first } : null;
  }

  private tryMake(spec: Spec, d: Draft): boolean {
    const draws = this.draws;
    let assigned: { lecturer: LecturerRow; slot: Slot } | null = null;
    if (needsLecturer(spec)) {
      assigned = this.assign(spec, d);
      if (!assigned) return false;
    }
    const lecturer = assigned?.lecturer ?? null;
    const slot = assigned?.slot ?? null;

    // pending orders get their window first; the others around their lecture, once the history is drawn
    let window: [number, number] = [0, 0];
    let lectureDay: number;
    if (slot) {
      lectureDay = slot.day;
    } else if (spec.status === 'pending') {
      const pending = this.pendingWindow(spec, d);
      if (!pending) return false;
      ({ window, lectureDay } = pending);
    } else {
      lectureDay = this.targetDays(spec.when)[0];
    }

    const { steps, declined } = this.stepsAfterPlacing(spec, d, lecturer);

    // anchor the last of these steps, then walk back to the placing of the order
    const lectureStart = slot ? slot.start : localAt(lectureDay, MORNING);
    let anchor: number;
    if (spec.status === 'offered') anchor = this.now - this.someHours(1, 40);
    else if (lectureStart < this.now) anchor = lectureStart - this.someHours(spec.status === 'cancelled' ? 20 : 24, 240);
    else anchor = this.now - this.someHours(0.2, spec.status === 'pending' ? 96 : 240);
    const times: number[] = new Array<number>(steps.length + 1);
    times[steps.length] = anchor;
    for (let i = steps.length - 1; i >= 0; i--) times[i] = times[i + 1] - steps[i].gap;
    const created = times[0];

    if (slot) {
      const lo = Math.max(lectureDay - draws.int(0, 6), localDay(created) + 1);
      window = [
        Math.max(localAt(Math.min(lo, lectureDay), WINDOW_OPENS), created + HOUR_MS),
        localAt(lectureDay + draws.int(0, 10), WINDOW_CLOSES),
      ];
      if (window[0] > slot.start) window[0] = slot.start;
    } else if (spec.status !== 'pending') {
      // cancelled before an offer or rejected: any day after the order was placed
      lectureDay = Math.max(lectureDay, localDay(created) + 2);
      window = [localAt(lectureDay, WINDOW_OPENS), localAt(lectureDay + draws.int(3, 15), WINDOW_CLOSES)];
    }
    if (lecturer && slot) this.reserve(lecturer, slot);

    const id = this.newId();
    const audience = Math.max(5, Math.round(d.branch.members * draws.float(0.5, 1.3)) + (d.format === 'mobile' ? draws.int(5, 20) : 0));
    const order: OrderRow = {
      id,
      branch: d.branch,
      course: d.course,
      topic: d.topic,
      title: d.title,
      format: d.format,
      earliest: window[0],
      latest: window[1],
      duration: d.duration,
      audience,
      language: d.language,
      preferredId: null,
      notes: draws.chance(0.3) ? draws.pick(ORDER_NOTES) : null,
      status: spec.status,
      offeredId: null,
      offeredStart: null,
      offerExpires: null,
      attendance: null,
      startedAt: null,
      summary: null,
      completedAt: null,
      ratingScore: null,
      ratingComment: null,
      ratedAt: null,
      placedBy: d.branch.accountId,
      createdAt: created,
      updatedAt: times[times.length - 1],
    };
    if (lecturer && draws.chance(0.15)) order.preferredId = lecturer.id; // 点名
    if (d.language === 'mn' && order.notes === null && draws.chance(0.3)) order.notes = ORDER_NOTES[0];
    this.history.push({ orderId: id, at: created, actorId: d.branch.accountId, from: null, to: 'pending', lecturerId: null, reason: null });
    steps.forEach((s, i) =>
      this.history.push({
        orderId: id,
        at: times[i + 1],
        actorId: s.actor,
        from: s.from,
        to: s.to,
        lecturerId: s.lecturerId,
        reason: s.reason,
      }),
    );
    for (const x of declined) {
      const at =
        this.history.find((h) => h.orderId === id && h.to === 'pending' && h.from === 'offered' && h.lecturerId === x.id)?.at ?? created;
      this.declines.push({ orderId: id, lecturerId: x.id, at });
    }

    if (lecturer && slot) {
      if (spec.status === 'offered') {
        order.offeredId = lecturer.id;
        order.offeredStart = slot.start;
        order.offerExpires = offerExpiresAt(anchor, new Date(slot.start), OFFER_TTL_MS).getTime();
      }
      const accepted = steps.findIndex((s) => s.to === 'accepted');
      if (accepted >= 0) {
        const releasedAt = spec.status === 'cancelled' ? anchor : null;
        this.bookings.push({
          orderId: id,
          lecturerId: lecturer.id,
          start: slot.start,
          end: slot.end,
          travel: slot.travel,
          releasedAt,
          createdAt: times[accepted + 1],
        });
      }
      if (spec.status === 'completed') this.complete(order, lecturer, slot, spec.rated ?? false);
    }
    this.orders.push(order);
    d.branch.orders++;
    return true;
  }

  /** The transitions after the order was placed, forward, and the lecturers who declined an earlier offer. */
  private stepsAfterPlacing(spec: Spec, d: Draft, lecturer: LecturerRow | null): { steps: Step[]; declined: LecturerRow[] } {
    const draws = this.draws;
    const steps: Step[] = [];
    const declined: LecturerRow[] = [];
    const adminId = this.city.adminId;
    const branchActor = d.branch.accountId;
    const addEarlierOffer = (): void => {
      // an earlier offer to someone else that was declined or ran out; a pending order keeps someone else who could take it
      const others = this.candidates(d, lecturer ?? spec.claimableBy);
      const other = others.length >= (spec.status === 'pending' ? 2 : 1) ? others[0] : undefined;
      if (!other) return;
      steps.push({ to: 'offered', from: 'pending', actor: adminId, lecturerId: other.id, reason: null, gap: this.someHours(2, 72) });
      if (draws.chance(0.65)) {
        declined.push(other);
        const reason = draws.chance(0.8) ? draws.pick(DECLINE_REASONS) : null;
        steps.push({ to: 'pending', from: 'offered', actor: other.accountId, lecturerId: other.id, reason, gap: this.someHours(1, 40) });
      } else {
        steps.push({
          to: 'pending',
          from: 'offered',
          actor: null,
          lecturerId: other.id,
          reason: OFFER_EXPIRED_REASON,
          gap: OFFER_TTL_MS + draws.int(5, 40) * 1000,
        });
      }
    };
    const hadHistory =
      spec.status === 'pending' ||
      spec.status === 'offered' ||
      spec.status === 'accepted' ||
      spec.status === 'completed' ||
      (spec.status === 'cancelled' && spec.cancelFrom !== 'pending');
    if (hadHistory && draws.chance(spec.status === 'pending' ? 0.3 : 0.18)) addEarlierOffer();

    const lecturerId = lecturer?.id ?? null;
    const offer = (): Step => ({ to: 'offered', from: 'pending', actor: adminId, lecturerId, reason: null, gap: this.someHours(2, 72) });
    const accept = (): Step => ({
      to: 'accepted',
      from: 'offered',
      actor: lecturer?.accountId ?? null,
      lecturerId,
      reason: null,
      gap: this.someHours(0.5, 40),
    });
    switch (spec.status) {
      case 'offered':
        steps.push(offer());
        break;
      case 'accepted':
      case 'completed':
        if (draws.chance(0.7)) steps.push(offer(), accept());
        else
          steps.push({
            to: 'accepted',
            from: 'pending',
            actor: lecturer?.accountId ?? null,
            lecturerId,
            reason: null,
            gap: this.someHours(3, 144),
          });
        break;
      case 'cancelled':
        if (spec.cancelFrom === 'pending') {
          steps.push({
            to: 'cancelled',
            from: 'pending',
            actor: branchActor,
            lecturerId: null,
            reason: draws.pick(BRANCH_CANCEL_REASONS),
            gap: this.someHours(3, 120),
          });
        } else if (spec.cancelFrom === 'offered') {
          steps.push(offer());
          steps.push({
            to: 'cancelled',
            from: 'offered',
            actor: adminId,
            lecturerId: null,
            reason: draws.pick(ADMIN_CANCEL_REASONS),
            gap: this.someHours(1, 40),
          });
        } else {
          steps.push(offer(), accept());
          steps.push({
            to: 'cancelled',
            from: 'accepted',
            actor: branchActor,
            lecturerId: null,
            reason: draws.pick(BRANCH_CANCEL_REASONS),
            gap: this.someHours(6, 200),
          });
        }
        break;
      case 'rejected':
        steps.push({
          to: 'rejected',
          from: 'pending',
          actor: adminId,
          lecturerId: null,
          reason: draws.pick(REJECT_REASONS),
          gap: this.someHours(2, 72),
        });
        break;
      case 'pending':
        break;
    }
    return { steps, declined };
  }

  /** The lecturer's report of the lecture and, when `rated`, the branch's rating (if it falls before now). */
  private complete(order: OrderRow, l: LecturerRow, slot: Slot, rated: boolean): void {
    const draws = this.draws;
    const attendance = Math.max(3, Math.round(order.audience * draws.float(0.7, 1.1)));
    const completedAt = Math.min(slot.end + Math.round(draws.float(0.3, 48) * HOUR_MS), this.now - MINUTE_MS);
    const summaries = lectureSummariesZh({
      lecturer: l.name,
      title: order.title,
      format: order.format,
      where: order.branch.region.name,
      attendance,
      mongolian: order.language === 'mn',
    });
    Object.assign(order, {
      attendance,
      startedAt: slot.start + draws.int(-5, 15) * MINUTE_MS,
      summary: draws.pick(summaries),
      completedAt,
      updatedAt: completedAt,
    });
    this.history.push({
      orderId: order.id,
      at: completedAt,
      actorId: l.accountId,
      from: 'accepted',
      to: 'completed',
      lecturerId: l.id,
      reason: null,
    });
    const ratedAt = completedAt + Math.round(draws.float(1, 120) * HOUR_MS);
    if (rated && ratedAt < this.now) {
      const score = draws.weighted([5, 4, 3, 2, 1], (s) => ({ 5: 50, 4: 34, 3: 11, 2: 4, 1: 1 })[s] ?? 0);
      Object.assign(order, {
        ratingScore: score,
        ratingComment: draws.chance(0.85) ? draws.pick(RATING_COMMENTS[score]) : null,
        ratedAt,
        updatedAt: ratedAt,
      });
      l.ratingSum += score;
      l.ratingCount += 1;
    }
  }
}
