import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor.js';
import { BranchesService } from '../../branches/branches.service.js';
import { OfferDto, OrderQuery, ReasonDto } from '../../orders/orders.dto.js';
import { canTransition } from '../../orders/order-state-machine.js';
import { OrdersService } from '../../orders/orders.service.js';
import { type CandidatesView, type ExcludedView, MAX_CANDIDATES } from '../../scheduling/scheduling.dto.js';
import { AdminLookups } from './admin-lookups.js';
import { type FormBody, text, validated } from '../shared/form-fields.js';
import { STATUS_ZH, optionsOf } from '../../i18n/labels-zh.js';
import { messageOf } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { OrderPresenter } from '../shared/order-presenter.js';
import { idOrNotFound, runAction } from '../shared/page-actions.js';
import { PageId, oneOf, pageNumber, pager } from '../shared/page-params.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { SchedulingRunsService } from '../../scheduling/scheduling-runs.service.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { ORDER_STATUSES } from '../../kernel/vocabulary.js';
import { hasCode } from '../../i18n/error-codes.js';

const PAGE_SIZE = 30;
/** Candidates shown first; the rest (up to the ranking's most) on asking. */
const CANDIDATES = 5;

/** Why lecturers were left out, grouped by the reason (in Chinese), with a few names each. */
interface ExclusionGroup {
  reason: string;
  count: number;
  names: string[];
}

const FOLDED_FORMS = ['reject', 'cancel'] as const;

/** The organisation department's order queue (派单): each order's candidates, dispatch, reject, cancel. */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly runs: SchedulingRunsService,
    private readonly lookups: AdminLookups,
    private readonly branches: BranchesService,
    private readonly presenter: OrderPresenter,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async queue(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('status') statusParam?: string,
    @Query('page') pageParam?: string,
    @Query('branchId') branchParam?: string,
  ): Promise<void> {
    const actor = actorOf(req);
    // The queue is what waits for dispatch; `?status=all` shows every order; `?branchId=` one branch's (from the branches' list).
    const status = statusParam === 'all' ? undefined : (oneOf(statusParam, ORDER_STATUSES) ?? 'pending');
    const branchId = idOrNotFound(branchParam);
    const branch = branchId === undefined ? undefined : await this.branches.get(actor, branchId);
    const page = pageNumber(pageParam);
    const { items, total } = await this.orders.list(
      actor,
      Object.assign(new OrderQuery(), { status, branchId: branch?.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    );
    const rows = await this.presenter.rows(actor, items);
    this.pages.render(req, res, 'admin/orders.njk', {
      title: adminText('nav.orders'),
      rows,
      status: status ?? 'all',
      statuses: optionsOf(STATUS_ZH),
      branch,
      pager: pager(page, PAGE_SIZE, total ?? 0, { status: status ?? 'all', branchId: branch?.id }),
    });
  }

  @Get(':id')
  async order(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Query('candidates') shown?: string): Promise<void> {
    const actor = actorOf(req);
    const detail = await this.presenter.detail(actor, await this.orders.get(actor, id));
    const status = detail.order.status;
    const all = shown === 'all';
    const candidates = status === 'pending' ? await this.candidates(actor, id, all ? MAX_CANDIDATES : CANDIDATES) : undefined;
    this.pages.render(req, res, 'admin/order.njk', {
      title: detail.order.title,
      ...detail,
      candidates,
      allCandidates: all,
      maxCandidates: MAX_CANDIDATES,
      canReject: canTransition(status, 'reject'),
      canCancel: canTransition(status, 'cancel'),
      // Both folded forms have a reason: the one refused (`form` on the way back) opens again, as typed.
      refusedForm: req.query.error === undefined ? undefined : FOLDED_FORMS.find((f) => f === req.query.form),
    });
  }

  /** The ranked candidates with their cost breakdowns; an order that can no longer be matched says why instead. */
  private async candidates(
    actor: Actor,
    id: string,
    limit: number,
  ): Promise<{ view?: CandidatesView; unavailable?: string; excluded: ExclusionGroup[] }> {
    let view: CandidatesView;
    try {
      view = await this.runs.candidates(actor, id, limit);
    } catch (err) {
      if (hasCode(err, 'ORDER_NOT_SCHEDULABLE')) return { unavailable: messageOf(err.code), excluded: [] };
      throw err;
    }
    return { view, excluded: await this.groupExcluded(actor, view.excluded) };
  }

  private async groupExcluded(actor: Actor, excluded: ExcludedView[]): Promise<ExclusionGroup[]> {
    const names = await this.lookups.lecturerNames(
      actor,
      excluded.map((e) => e.lecturerId),
    );
    const groups = new Map<string, ExclusionGroup>();
    for (const e of excluded) {
      const group = groups.get(e.messageZh) ?? { reason: e.messageZh, count: 0, names: [] };
      group.count += 1;
      if (group.names.length < 8) group.names.push(names.get(e.lecturerId) ?? '');
      groups.set(e.messageZh, group);
    }
    return [...groups.values()].sort((a, b) => b.count - a.count);
  }

  /** 派单 to one of the ranked candidates, at the start the ranking found for them. */
  @Post(':id/offer')
  offer(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, `/admin/orders/${id}`, 'offered', async () => {
      const dto = await validated(OfferDto, { lecturerId: text(body, 'lecturerId'), startsAt: text(body, 'startsAt') });
      await this.orders.offer(actor, id, dto);
    });
  }

  @Post(':id/reject')
  reject(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, `/admin/orders/${id}?form=reject`, 'rejected', async () => {
      await this.orders.reject(actor, id, (await validated(ReasonDto, { reason: text(body, 'reason') })).reason);
    });
  }

  @Post(':id/cancel')
  cancel(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, `/admin/orders/${id}?form=cancel`, 'cancelled', async () => {
      await this.orders.cancel(actor, id, (await validated(ReasonDto, { reason: text(body, 'reason') })).reason);
    });
  }
}
