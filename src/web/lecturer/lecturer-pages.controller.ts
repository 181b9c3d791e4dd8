import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, requireLecturerId } from '../../auth/actor.js';
import { SignInDto } from '../../attendance/attendance.dto.js';
import { AttendanceService } from '../../attendance/attendance.service.js';
import { signInPhase } from '../../attendance/sign-in-rules.js';
import { CalendarService } from '../../calendar/calendar.module.js';
import { requestBaseUrl } from '../../common/request-url.js';
import { EvidenceService } from '../../evidence/evidence.service.js';
import type { ProcessedPhoto } from '../../evidence/photo-processing.js';
import type { Lecturer } from '../../lecturers/lecturer.entity.js';
import { AvailabilityDto } from '../../lecturers/lecturers.dto.js';
import { LecturersService } from '../../lecturers/lecturers.service.js';
import { AcceptDto, CompleteDto, OrderQuery, ReasonOptionalDto } from '../../orders/orders.dto.js';
import type { OrderView } from '../../orders/orders.dto.js';
import { OrdersService } from '../../orders/orders.service.js';
import { BookingsService, type ScheduledLecture } from '../../bookings/bookings.service.js';
import { leaveDuring } from '../../kernel/availability.js';
import { Clock } from '../../kernel/clock.js';
import { travelKm } from '../../kernel/geo.js';
import { DAY_MS, localDate, localDay, localMidnight } from '../../kernel/time.js';
import { isOnSite } from '../../kernel/vocabulary.js';
import { availabilityForm, availabilityOf, newLeaveControls, weeklyControls } from './availability-form.js';
import { dayOfDate, instantOf, localTime, mondayOf, weekDays } from '../shared/time-format.js';
import { type FormBody, num, text, validated } from '../shared/form-fields.js';
import { fieldLabel, type PageError, toPageError } from '../../i18n/page-errors.js';
import { toProblem } from '../../common/problem.filter.js';
import { pageText } from '../../i18n/texts.js';
import { OrderPresenter } from '../shared/order-presenter.js';
import { errorNotice, PageRenderer, wantsJson } from '../plumbing/page-renderer.js';
import { PageId, pageNumber, pager } from '../shared/page-params.js';
import { OtherNotice, runAction, unlessNotFound } from '../shared/page-actions.js';
import { photoKey, uploadedPhotos } from '../plumbing/photo-uploads.js';
import { type Place, Places } from '../shared/places.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';

const PAGE_SIZE = 20;
const SCHEDULE_DAYS = 90;
/** How far ahead the availability page looks for accepted lectures that fall in a leave. */
const LEAVE_LOOKAHEAD_DAYS = 366;

/** Where a lecturer's accept form was, to go back to when the order cannot be taken (it may no longer be visible). */
const ORIGINS: Readonly<Record<string, string>> = { home: '/lecturer', open: '/lecturer/open' };
/** Refusals after which an order is no longer the lecturer's to see: back to the open orders, not to its page. */
const ORDER_GONE = new Set(['ORDER_NOT_FOUND', 'ORDER_ALREADY_ACCEPTED', 'ORDER_NOT_PENDING', 'ORDER_NOT_OFFERED_TO_YOU']);

interface Nearby<T> {
  item: T;
  place: Place;
  km: number;
}

/** A stop's tour as the lecturer's pages show it: the stop's number of how many, and every stop with the km driven to it. */
interface TourView {
  n: number;
  of: number;
  legs: Array<{ orderId: string; title: string; startsAt: string; place: Place; km: number | undefined }>;
}

/** A lecturer's pages (讲师): offers to answer, open orders to claim, the schedule, reports, availability. */
@ApiExcludeController()
@WebPages('lecturer')
@Controller('lecturer')
export class LecturerPagesController {
  constructor(
    private readonly orders: OrdersService,
    private readonly lecturers: LecturersService,
    private readonly bookings: BookingsService,
    private readonly calendars: CalendarService,
    private readonly attendance: AttendanceService,
    private readonly evidence: EvidenceService,
    private readonly places: Places,
    private readonly presenter: OrderPresenter,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  /** The lecturer's own profile, through the same rule as the API's (a lecturer manages only themself). */
  private me(actor: Actor): Promise<Lecturer> {
    return this.lecturers.findManageable(actor, requireLecturerId(actor));
  }

  @Get()
  async todo(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const actor = actorOf(req);
    const me = await this.me(actor);
    const now = this.clock.now();
    const [offered, lectures] = await Promise.all([
      this.orders.list(actor, Object.assign(new OrderQuery(), { status: 'offered', limit: 50, offset: 0 })),
      this.bookings.schedule(me.id, new Date(now - 30 * DAY_MS), new Date(now + 14 * DAY_MS)),
    ]);
    const book = this.places.book(actor);
    // The offer to answer first comes first (by the time the page asks for the answer), then the lecture first given.
    const dueAt = (o: OrderView) => (o.offer ? Date.parse(o.offer.expiresAt) : Number.POSITIVE_INFINITY);
    const startOf = (o: OrderView) => (o.offer ? Date.parse(o.offer.startsAt) : Number.POSITIVE_INFINITY);
    const mine = offered.items.filter((o) => o.offer?.lecturerId === me.id).sort((a, b) => dueAt(a) - dueAt(b) || startOf(a) - startOf(b));
    const [nearby, tours] = await Promise.all([this.nearby(me, mine, book, (o) => o.branchId), this.tours(actor, me, book)]);
    const offers = nearby.map((o) => ({ ...o, tour: tours.get(o.item.id) }));
    const toReport = lectures.filter((l) => l.status === 'accepted' && Date.parse(l.startsAt) <= now);
    const upcoming = await this.nearby(
      me,
      lectures.filter((l) => Date.parse(l.startsAt) > now),
      book,
      (l) => l.branchId,
    );
    this.pages.render(req, res, 'lecturer/todo.njk', { title: pageText('nav.todo'), name: me.name, offers, toReport, upcoming });
  }

  @Get('open')
  async open(@Req() req: PageRequest, @Res() res: Response, @Query('page') pageParam?: string): Promise<void> {
    const actor = actorOf(req);
    const me = await this.me(actor);
    const page = pageNumber(pageParam);
    const { items, total } = await this.orders.list(
      actor,
      Object.assign(new OrderQuery(), { open: true, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    );
    const orders = await this.nearby(me, items, this.places.book(actor), (o) => o.branchId);
    this.pages.render(req, res, 'lecturer/open.njk', {
      title: pageText('nav.open'),
      orders: await this.claimForms(
        actor,
        orders.map((o) => o.item),
      ).then((claims) => orders.map((o, i) => ({ ...o, claim: claims[i] }))),
      pager: pager(page, PAGE_SIZE, total ?? 0, {}),
    });
  }

  @Get('orders/:id')
  order(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    return this.showOrder(req, res, id);
  }

  /** The order's page; after a refused report, with the report as typed and why it was refused. */
  private async showOrder(
    req: PageRequest,
    res: Response,
    id: string,
    refused?: { report: Record<string, string | undefined>; error: PageError },
  ): Promise<void> {
    const actor = actorOf(req);
    const [me, order] = await Promise.all([this.me(actor), this.orders.get(actor, id)]);
    const detail = await this.presenter.detail(actor, order);
    const mine = order.booking?.lecturerId === me.id;
    // The sign-in QR code of my accepted lecture, to show the hall.
    const sheet = mine && order.status === 'accepted' ? await this.attendance.sheet(actor, id, requestBaseUrl(req)) : undefined;
    const tour = order.status === 'offered' || mine ? (await this.tours(actor, me, this.places.book(actor))).get(id) : undefined;
    // A pending order I may see but not claim (one I declined, back in the queue, as the offer's notification links
    // to it; a tour's stop beyond my radius sent back): its history says what became of it, and no claim form is offered.
    const claimable = order.status === 'pending' && (await this.orders.mayClaim(actor, id));
    const phase = sheet && signInPhase({ opensAt: new Date(sheet.opensAt), closesAt: new Date(sheet.closesAt) }, this.clock.now());
    this.pages.render(
      req,
      res,
      'lecturer/order.njk',
      {
        sheet,
        tour,
        // Past its window the QR code would only lead to "closed": names are then added by hand.
        sheetClosed: phase === 'closed',
        // Before the sheet opens nobody has come: names are added from then on, as the QR code takes them.
        sheetOpensLater: phase === 'before',
        title: order.title,
        ...detail,
        km: travelKm(me, detail.place),
        offeredToMe: order.status === 'offered' && order.offer?.lecturerId === me.id,
        claimable,
        claim: claimable ? (await this.claimForms(actor, [order]))[0] : undefined,
        reportable: order.status === 'accepted' && mine && order.booking !== null && Date.parse(order.booking.startsAt) <= this.clock.now(),
        // The report's start: the booked one, for the lecturer to change when the lecture began late or early.
        started: order.booking ? { date: localDate(order.booking.startsAt), time: localTime(order.booking.startsAt) } : undefined,
        report: refused?.report ?? {},
        ...(refused ? { notice: errorNotice(refused.error) } : {}),
        formKey: randomUUID(),
      },
      refused?.error.status ?? 200,
    );
  }

  /** 接单: accept the offer made to me, or claim an open order at the start I chose (抢单). */
  @Post('orders/:id/accept')
  async accept(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const date = text(body, 'startDate');
    const startsAt = date === undefined ? undefined : instantOf(date, text(body, 'startTime') ?? '09:00');
    try {
      const dto = await validated(AcceptDto, { startsAt });
      await this.orders.accept(actor, id, dto);
    } catch (err) {
      return this.refused(res, err, { body, id, gone: ORIGINS.open });
    }
    this.pages.redirect(res, `/lecturer/orders/${id}`, startsAt === undefined ? 'accepted' : 'claimed');
  }

  /**
   * An answer to an offer refused: back to the page the form was on (`from`), or from the order's own page to it
   * again — unless the order is no longer the lecturer's to see (`gone`: another page). A claim refused on the list of
   * open orders for a reason of its own (the start, the lecturer's rules) goes to the order's page instead: there the
   * reason stands beside the order and its form, not above a long list of others, none of them named.
   */
  private refused(res: Response, err: unknown, form: { body: FormBody; id: string; gone: string }): void {
    const error = toPageError(err);
    if (error.status >= 500) throw err;
    const from = text(form.body, 'from') ?? '';
    const gone = ORDER_GONE.has(error.code);
    const backToForm = Object.hasOwn(ORIGINS, from) && (gone || from !== 'open') ? ORIGINS[from] : undefined;
    this.pages.redirectWithError(res, backToForm ?? (gone ? form.gone : `/lecturer/orders/${form.id}`), error);
  }

  @Post('orders/:id/decline')
  async decline(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    try {
      const dto = await validated(ReasonOptionalDto, { reason: text(body, 'reason') });
      await this.orders.decline(actor, id, { reason: dto.reason });
    } catch (err) {
      return this.refused(res, err, { body, id, gone: ORIGINS.home });
    }
    // A declined order leaves this lecturer's lists: the notice is shown on the to-do page.
    this.pages.redirect(res, '/lecturer', 'declined');
  }

  /**
   * 授课: report the lecture given, with the attendance (the sign-in count when left blank), a short summary
   * and photos (multipart, read before the guard by `reportFormUploads`). Every photo is decoded, and the lecture's room for
   * them checked, before the report, so one that is no image, or one too many, refuses the whole form with nothing
   * done (but for an upload racing it from elsewhere: `assertRoomFor`); then the report: a refused one stores no photo.
   * The form's key (the outbox sends it as the Idempotency-Key) makes a resend after a lost answer a no-op:
   * the report is answered as done and each photo, keyed by its place, is stored once.
   */
  @Post('orders/:id/complete')
  async complete(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const key = req.get('idempotency-key') ?? text(body, 'formKey');
    try {
      await this.report(actor, req, id, body, key);
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500 || error.status === 404) throw err;
      // Where drafts.js keeps what was typed (it takes `typedBack` out of the form) or a script sent the report (the
      // outbox), the refusal goes back to the order's page. A page without it shows the report again as typed,
      // instead of an empty form where a summary written in the field was lost.
      if (wantsJson(req) || text(body, 'typedBack') === undefined)
        return this.pages.redirectWithError(res, `/lecturer/orders/${id}`, error);
      const report = Object.fromEntries(['attendance', 'summary', 'startedDate', 'startedTime'].map((name) => [name, text(body, name)]));
      return this.showOrder(req, res, id, { report, error });
    }
    this.pages.redirect(res, `/lecturer/orders/${id}`, 'completed');
  }

  /** The report and its photos, every photo decoded first (see `complete`). */
  private async report(actor: Actor, req: PageRequest, id: string, body: FormBody, key: string | undefined): Promise<void> {
    const startedDate = text(body, 'startedDate');
    const startedAt = startedDate === undefined ? undefined : instantOf(startedDate, text(body, 'startedTime') ?? '00:00');
    const dto = await validated(CompleteDto, { attendance: num(body, 'attendance'), summary: text(body, 'summary'), startedAt });
    const photos = uploadedPhotos(req);
    const keys = key === undefined ? [] : photos.map((_, place) => photoKey(key, place));
    if (photos.length > 0) {
      // Nothing decoded for a lecture that is not this lecturer's to document, nor past its photos' room.
      await this.evidence.lectureToDocument(actor, id);
      await this.evidence.assertRoomFor(id, photos.length, keys);
    }
    const read: ProcessedPhoto[] = [];
    for (const photo of photos) read.push(await this.evidence.readPhoto(photo));
    await this.orders.complete(actor, id, dto, { idempotencyKey: key });
    for (const [place, photo] of photos.entries()) await this.evidence.upload(actor, id, photo, keys[place], read[place]);
  }

  /** One photo of a report, as the outbox sends them (each under its own Idempotency-Key, so a resend stores it once). */
  @Post('orders/:id/evidence')
  addPhoto(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, `/lecturer/orders/${id}`, 'photoAdded', async () => {
      await this.evidence.upload(actor, id, uploadedPhotos(req)[0], req.get('idempotency-key'));
    });
  }

  /** 代签: the lecturer adds someone without a phone to the sign-in sheet. */
  @Post('orders/:id/attendees')
  addAttendee(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, `/lecturer/orders/${id}`, 'attendeeAdded', async () => {
      const dto = await validated(SignInDto, { name: text(body, 'name'), phone: text(body, 'phone') });
      const { recorded } = await this.attendance.addByHand(actor, id, dto);
      // The same person twice is counted once: said so, not "added".
      return recorded ? undefined : new OtherNotice('attendeeAlready');
    });
  }

  @Get('schedule')
  async schedule(@Req() req: PageRequest, @Res() res: Response, @Query('view') view?: string, @Query('week') week?: string): Promise<void> {
    const actor = actorOf(req);
    const me = await this.me(actor);
    if (view === 'week') return this.weekView(req, res, me, week);
    const from = this.clock.now() - DAY_MS;
    const [lectures, calendar] = await Promise.all([
      this.bookings.schedule(me.id, new Date(from), new Date(from + SCHEDULE_DAYS * DAY_MS)),
      this.calendarLink(actor, me.id, req),
    ]);
    const days = byLocalDay(lectures);
    this.pages.render(req, res, 'lecturer/schedule.njk', {
      title: pageText('nav.schedule'),
      view: 'list',
      days,
      count: lectures.length,
      days90: SCHEDULE_DAYS,
      now: new Date(this.clock.now()).toISOString(),
      calendar,
    });
  }

  private async weekView(req: PageRequest, res: Response, me: Lecturer, week: string | undefined): Promise<void> {
    const anchor = dayOfDate(week);
    const now = this.clock.now();
    const monday = mondayOf(anchor === undefined ? now : localMidnight(anchor));
    const days = weekDays(monday, now);
    const lectures = await this.bookings.schedule(me.id, new Date(days[0].start), new Date(days[6].end));
    const columns = days.map((d) => ({
      ...d,
      items: lectures.filter((l) => Date.parse(l.startsAt) >= d.start && Date.parse(l.startsAt) < d.end),
    }));
    this.pages.render(req, res, 'lecturer/schedule.njk', {
      title: pageText('nav.schedule'),
      view: 'week',
      columns,
      count: lectures.length,
      prevWeek: localDate(days[0].start - 7 * DAY_MS),
      nextWeek: localDate(days[0].start + 7 * DAY_MS),
      thisWeek: localDate(now),
    });
  }

  /** The private feed to subscribe to in a phone's calendar: as https and as webcal:// (one tap subscribes on most phones). */
  private async calendarLink(actor: Actor, lecturerId: string, req: PageRequest): Promise<{ url: string; webcal: string }> {
    const { url } = await this.calendars.link(actor, lecturerId, requestBaseUrl(req));
    return { url, webcal: url.replace(/^https?:/, 'webcal:') };
  }

  /** A new secret link, when the old one was shared by mistake: the old one stops working. */
  @Post('calendar/rotate')
  rotateCalendar(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, '/lecturer/schedule', 'calendarRotated', () =>
      this.calendars.rotate(actor, requireLecturerId(actor)),
    );
  }

  @Get('availability')
  async availability(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const actor = actorOf(req);
    const me = await this.me(actor);
    const now = this.clock.now();
    const [stored, upcoming] = await Promise.all([
      this.lecturers.getAvailability(actor, me.id),
      this.bookings.schedule(me.id, new Date(now), new Date(now + LEAVE_LOOKAHEAD_DAYS * DAY_MS)),
    ]);
    // Leave saved over a lecture already accepted does not cancel it: the lecturer is told, to ask the office.
    const onLeave = upcoming.filter((l) => leaveDuring(stored, Date.parse(l.startsAt), Date.parse(l.endsAt)) !== undefined);
    this.pages.render(req, res, 'lecturer/availability.njk', {
      title: pageText('nav.availability'),
      form: availabilityForm(stored),
      onLeave,
    });
  }

  @Post('availability')
  async saveAvailability(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const me = await this.me(actor);
    try {
      await this.lecturers.setAvailability(actor, me.id, await validated(AvailabilityDto, availabilityOf(body)));
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500 || error.status === 404) throw err;
      const form = availabilityForm({ weekly: [], exceptions: [] }, body);
      const notice = errorNotice(error);
      // A window of the week named by its day and marked on the form, not the whole week as one field.
      const refused = (toProblem(err).errors ?? []).map((e) => e.field);
      const weekly = weeklyControls(body, refused);
      if (weekly.names.length > 0) {
        notice.fields = [
          ...notice.fields.filter((f) => f !== fieldLabel('weekly')),
          ...weekly.days.map((d) => fieldLabel('weekly') + pageText('common.paren', { x: d })),
        ];
        notice.fieldNames = [...(notice.fieldNames ?? []).filter((f) => f !== 'weekly'), ...weekly.names];
      }
      // The new leave's dates marked where they are typed.
      notice.fieldNames = [...(notice.fieldNames ?? []), ...newLeaveControls(body, refused)];
      return this.pages.render(req, res, 'lecturer/availability.njk', { title: pageText('nav.availability'), form, notice }, error.status);
    }
    this.pages.redirect(res, '/lecturer/availability', 'availability');
  }

  /** Claim forms, each filled in with the first start the lecturer could take (none: the form says so). */
  private async claimForms(actor: Actor, orders: OrderView[]): Promise<ClaimForm[]> {
    const now = this.clock.now();
    const starts = await this.orders.firstClaimableStarts(
      actor,
      orders.map((o) => ({ id: o.id, candidates: claimCandidates(o, now) })),
    );
    return orders.map((o, i) => claimForm(o, now, starts[i]));
  }

  /**
   * The lecturer's tours (巡回宣讲) by their stops' order ids, each stop with its day, its village and the km driven
   * to it (from home to the first): a stop's offer says it is one of several, to be taken as a trip.
   */
  private async tours(actor: Actor, me: Lecturer, book: ReturnType<Places['book']>): Promise<Map<string, TourView>> {
    const places = await this.orders.toursOf(actor);
    const ids = [...places.keys()];
    const stops = new Map(
      (await Promise.all(ids.map((id) => this.orders.get(actor, id).catch(unlessNotFound)))).flatMap((o) => (o ? [[o.id, o]] : [])),
    );
    const where = await book.ofAll([...stops.values()].map((o) => o.branchId));
    const views = new Map<string, TourView>();
    for (const [id, { stops: tourIds, index }] of places) {
      const legs = tourIds.map((stopId, i) => {
        const order = stops.get(stopId);
        const startsAt = order?.booking?.startsAt ?? order?.offer?.startsAt;
        if (!order || startsAt === undefined) return undefined;
        const place = where.get(order.branchId) as Place;
        const before = i === 0 ? me : where.get(stops.get(tourIds[i - 1])?.branchId ?? '');
        return { orderId: stopId, title: order.title, startsAt, place, km: before ? travelKm(before, place) : undefined };
      });
      // A stop that went from the lecturer's view meanwhile (cancelled): the tour is not shown rather than shown broken.
      if (legs.every((l) => l !== undefined)) views.set(id, { n: index + 1, of: tourIds.length, legs });
    }
    return views;
  }

  /** Items with their place and the distance from the lecturer's home (haversine, as the scheduler measures it). */
  private async nearby<T>(
    me: Lecturer,
    items: T[],
    book: ReturnType<Places['book']>,
    branchOf: (item: T) => string,
  ): Promise<Array<Nearby<T>>> {
    const places = await book.ofAll(items.map(branchOf));
    return items.map((item) => {
      const place = places.get(branchOf(item)) as Place;
      return { item, place, km: travelKm(me, place) };
    });
  }
}

/** Lectures grouped by their local date, in order. */
function byLocalDay(lectures: ScheduledLecture[]): Array<{ date: string; items: ScheduledLecture[] }> {
  const days: Array<{ date: string; items: ScheduledLecture[] }> = [];
  for (const l of lectures) {
    const date = localDate(l.startsAt);
    if (days.at(-1)?.date !== date) days.push({ date, items: [] });
    (days.at(-1) as { items: ScheduledLecture[] }).items.push(l);
  }
  return days;
}

/** A claim form: the start it suggests, and the days it allows. */
interface ClaimForm {
  date: string;
  time: string;
  min: string;
  max: string;
  /** No start in the window suits the lecturer (leave, bookings, availability). */
  noTime: boolean;
}

/** The usual start of a lecture: in the morning for on-site forms, in the evening online, when herders are home. */
const usualTime = (order: OrderView): string => (isOnSite(order.format) ? '09:30' : '19:30');
/** The times of day a suggestion tries after the usual one. */
const DAY_TIMES = Array.from({ length: 29 }, (_, i) => `${String(7 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`);
/** How many days of a window a suggestion looks through. */
const SUGGESTION_DAYS = 60;

/** The starts a claim form tries, in the order preferred: each day of the window still to come, its usual time first. */
function claimCandidates(order: OrderView, now: number): number[] {
  const [earliest, latest] = [Math.max(Date.parse(order.earliestStart), now + 1), Date.parse(order.latestStart)];
  const times = [usualTime(order), ...DAY_TIMES.filter((t) => t !== usualTime(order))];
  const first = localDay(earliest);
  const days = Array.from({ length: Math.max(0, Math.min(SUGGESTION_DAYS, localDay(latest) - first + 1)) }, (_, i) => first + i);
  return days
    .flatMap((day) => times.map((time) => Date.parse(instantOf(localDate(localMidnight(day)), time))))
    .filter((at) => at >= earliest && at <= latest);
}

function claimForm(order: OrderView, now: number, suggested: number | undefined): ClaimForm {
  const min = localDate(Math.max(Date.parse(order.earliestStart), now));
  const max = localDate(order.latestStart);
  if (suggested === undefined) return { date: min, time: usualTime(order), min, max, noTime: true };
  return { date: localDate(suggested), time: localTime(suggested), min, max, noTime: false };
}
