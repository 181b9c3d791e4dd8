import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CourseView } from '../../courses/courses.dto.js';
import { CoursesService } from '../../courses/courses.service.js';
import { OrderQuery, PlaceOrderDto, RatingDto, ReasonDto } from '../../orders/orders.dto.js';
import { canTransition } from '../../orders/order-state-machine.js';
import { OrdersService } from '../../orders/orders.service.js';
import { Clock } from '../../kernel/clock.js';
import { localDateIn } from '../shared/time-format.js';
import { type FormBody, num, text, validated } from '../shared/form-fields.js';
import { optionsOf } from '../../i18n/labels-zh.js';
import { currentLanguage } from '../../i18n/language.js';
import { pageText, texts } from '../../i18n/texts.js';
import { fieldLabel, type Notice, type PageError, toPageError } from '../../i18n/page-errors.js';
import { OrderPresenter } from '../shared/order-presenter.js';
import { errorNotice, PageRenderer, sendProblem, wantsJson } from '../plumbing/page-renderer.js';
import { PageId, oneOf, pageNumber, pager } from '../shared/page-params.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { idOrNotFound, runAction } from '../shared/page-actions.js';
import { FORMATS, ORDER_STATUSES, TOPICS } from '../../kernel/vocabulary.js';
import { newOrderForm, type OrderForm, orderFormOf, placeOrderOf } from './order-form.js';
import { hasCode } from '../../i18n/error-codes.js';

const PAGE_SIZE = 20;

/** The branch's list tab of completed lectures not yet rated. */
const TO_RATE = 'to_rate';

/** A party branch's pages (党支部): the menu, placing orders, following them, cancelling, rating. */
@ApiExcludeController()
@WebPages('branch')
@Controller('branch')
export class BranchPagesController {
  constructor(
    private readonly orders: OrdersService,
    private readonly courses: CoursesService,
    private readonly presenter: OrderPresenter,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async myOrders(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('status') statusParam?: string,
    @Query('page') pageParam?: string,
  ): Promise<void> {
    const actor = actorOf(req);
    // 待评价 is a tab beside the statuses: the lectures given that the branch has still to rate.
    const toRate = statusParam === TO_RATE;
    const status = toRate ? undefined : oneOf(statusParam, ORDER_STATUSES);
    const page = pageNumber(pageParam);
    const { items, total } = await this.orders.list(
      actor,
      Object.assign(new OrderQuery(), { status, rated: toRate ? false : undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    );
    const rows = await this.presenter.rows(actor, items);
    const statuses = optionsOf(texts().status);
    statuses.splice(statuses.findIndex((s) => s.value === 'completed') + 1, 0, { value: TO_RATE, label: pageText('orders.toRate') });
    this.pages.render(req, res, 'branch/orders.njk', {
      title: pageText('nav.branchOrders'),
      rows,
      status: toRate ? TO_RATE : status,
      statusLabel: toRate ? pageText('orders.toRate') : status && texts().status[status],
      statuses,
      pager: pager(page, PAGE_SIZE, total ?? 0, { status: toRate ? TO_RATE : status }),
    });
  }

  @Get('menu')
  async menu(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('topic') topicParam?: string,
    @Query('format') formatParam?: string,
  ): Promise<void> {
    const topic = oneOf(topicParam, TOPICS);
    const format = oneOf(formatParam, FORMATS);
    const { items } = await this.courses.list({ topic, format, limit: 200, offset: 0 });
    // The vocabulary's topics first, then any other a course was given (the menu's topics are open): every course counted is listed.
    const known: readonly string[] = TOPICS;
    const others = [...new Set(items.map((c) => c.topic).filter((t) => !known.includes(t)))].sort();
    const groups = [...known, ...others]
      .map((t) => ({ topic: t, courses: items.filter((c) => c.topic === t) }))
      .filter((g) => g.courses.length > 0);
    this.pages.render(req, res, 'branch/menu.njk', {
      title: pageText('nav.menu'),
      groups,
      topic,
      format,
      topics: optionsOf(texts().topic),
      formats: optionsOf(texts().format),
      count: items.length,
    });
  }

  @Get('orders/new')
  async newOrder(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('courseId') courseId?: string,
    @Query('format') formatParam?: string,
  ): Promise<void> {
    const id = idOrNotFound(courseId);
    const course = id ? await this.courses.get(id) : undefined;
    const form = newOrderForm(course, this.clock.now(), currentLanguage(), oneOf(formatParam, FORMATS));
    await this.renderOrderForm(req, res, form, course);
  }

  /**
   * A refused order form comes back filled in at the URL it was posted to (what was typed is kept): opened again
   * (a reload, a tab the phone reloads, a copied link), that URL leads to the branch's orders, not to a 404.
   */
  @Get('orders')
  ordersUrl(@Res() res: Response): void {
    res.redirect(303, '/branch');
  }

  @Post('orders')
  async place(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const form = orderFormOf(body);
    const course = form.courseId ? await this.courses.get(form.courseId) : undefined;
    try {
      const dto = await validated(PlaceOrderDto, placeOrderOf(form));
      // The form's key makes a second tap on a slow link, or a resend after a lost answer, return the same order.
      const placed = await this.orders.place(actor, dto, { idempotencyKey: form.formKey });
      this.pages.redirect(res, `/branch/orders/${placed.body.id}`, 'placed');
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500) throw err;
      if (wantsJson(req)) return sendProblem(res, error);
      // The key went with other content before: the page says so, and a new key lets a deliberate second order through.
      if (hasCode(error, 'IDEMPOTENCY_KEY_REUSED')) form.formKey = randomUUID();
      await this.renderOrderForm(req, res, form, course, error);
    }
  }

  @Get('orders/:id')
  async order(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    const actor = actorOf(req);
    const detail = await this.presenter.detail(actor, await this.orders.get(actor, id));
    const { status, rating } = detail.order;
    this.pages.render(req, res, 'branch/order.njk', {
      title: detail.order.title,
      ...detail,
      canCancel: canTransition(status, 'cancel'),
      canRate: status === 'completed' && rating === null,
    });
  }

  @Post('orders/:id/cancel')
  cancel(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, `/branch/orders/${id}`, 'cancelled', async () => {
      const dto = await validated(ReasonDto, { reason: text(body, 'reason') });
      await this.orders.cancel(actor, id, dto.reason);
    });
  }

  @Post('orders/:id/rating')
  rate(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, `/branch/orders/${id}`, 'rated', async () => {
      const dto = await validated(RatingDto, { score: num(body, 'score'), comment: text(body, 'comment') });
      await this.orders.rate(actor, id, dto);
    });
  }

  private async renderOrderForm(
    req: PageRequest,
    res: Response,
    form: OrderForm,
    course: CourseView | undefined,
    error?: PageError,
  ): Promise<void> {
    // A named lecturer: one of the course's for a menu order, anyone the menu names for a custom one.
    const lecturers = await this.presenter.namedLecturerChoices(
      actorOf(req),
      course ? new Map(course.lecturers.map((l) => [l.id, l.name])) : await this.presenter.menuLecturers(),
    );
    const { format, topic, language } = texts();
    const formats = optionsOf(format).filter((f) => !course || (course.formats as string[]).includes(f.value));
    this.pages.render(
      req,
      res,
      'branch/order-form.njk',
      {
        title: course ? pageText('orderForm.titleOf', { course: course.title }) : pageText('nav.custom'),
        navSection: course ? '/branch/menu' : '/branch/orders/new',
        form,
        course,
        lecturers,
        formats,
        topics: optionsOf(topic),
        languages: optionsOf(language),
        error,
        minDate: localDateIn(0, this.clock.now()),
        ...(error ? { notice: byFormNames(errorNotice(asFormDates(course ? error : onCustomForm(error)))) } : {}),
      },
      error ? error.status : 200,
    );
  }
}

/** The order's window as the form asks it: dates, where the API takes the earliest and latest start. */
const FORM_NAME_OF: Readonly<Record<string, string>> = { earliestStart: 'fromDate', latestStart: 'toDate' };

/**
 * The notice's fields refused, named as the form's inputs are (which the page marks, each reason under its input),
 * said as the service named them.
 */
function byFormNames(notice: Notice): Notice {
  return {
    ...notice,
    fieldNames: notice.fieldNames?.map((f) => FORM_NAME_OF[f] ?? f),
    explained: notice.explained?.map((e) => ({ ...e, field: FORM_NAME_OF[e.field] ?? e.field })),
  };
}

/** The window's instants as the form asks them, dates: one that is not a date-time was a date typed wrong (or none). */
function asFormDates(error: PageError): PageError {
  const reasons = error.reasons.map((r) => (r.field in FORM_NAME_OF && r.why === 'dateTime' ? { ...r, why: 'date' } : r));
  return { ...error, reasons };
}

/** A custom order's form has no course to choose: what an order without one lacks is its topic and its title. */
function onCustomForm(error: PageError): PageError {
  if (!error.fieldNames.includes('courseId')) return error;
  const fieldNames = [...error.fieldNames.filter((f) => f !== 'courseId'), 'topic', 'title'];
  return { ...error, fieldNames, fields: fieldNames.map(fieldLabel) };
}
