import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor.js';
import { EXPORT_FORMATS } from '../../coverage/coverage.dto.js';
import { CampaignsService, CoverageQuery, CoverageService, CreateCampaignDto } from '../../coverage/coverage.module.js';
import { validationFailed } from '../../common/domain-error.js';
import { type PageError, toPageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { localDate } from '../../kernel/time.js';
import { AdminLookups } from './admin-lookups.js';
import { dashboardChart, type MonthFigure, monthsOf, priorityRows, totalsOf } from './coverage-dashboard.js';
import { type FormBody, num, text, validated } from '../shared/form-fields.js';
import { backTo, idOrNotFound, runAction } from '../shared/page-actions.js';
import { dateParam, oneOf } from '../shared/page-params.js';
import { errorNotice, PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';

/** A month chart of more than two years says nothing a table would not: past that, the period's last 24 months. */
const MAX_MONTHS = 24;

/** The dashboard's query as typed: local dates and a region. */
interface DashboardQuery {
  from?: string;
  to?: string;
  regionId?: string;
}

/** The dashboard's query as typed: dates are checked by `notDates`, and shown as typed when refused. */
function dashboardQueryOf(q: Record<string, unknown>): DashboardQuery {
  const typed = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return { from: typed(q.from), to: typed(q.to), regionId: idOrNotFound(typeof q.regionId === 'string' ? q.regionId : undefined) };
}

/** The refusal of a period's bounds that are no dates (YYYY-MM-DD, the date fields' own), if any is none. */
function notDates(q: DashboardQuery): Error | undefined {
  const wrong = (['from', 'to'] as const).filter((field) => q[field] !== undefined && dateParam(q[field]) === undefined);
  return wrong.length === 0
    ? undefined
    : validationFailed(wrong.map((field) => ({ field, message: `${field} must be a date, YYYY-MM-DD` })));
}

const asQuery = (q: DashboardQuery): CoverageQuery =>
  Object.assign(new CoverageQuery(), Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)));

/** How many branches not reached the dashboard lists (the export lists every one). */
const UNREACHED_LISTED = 300;

/** The organisation department's coverage dashboard (覆盖概览), campaigns and exports, from CoverageService and CampaignsService. */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin')
export class AdminDashboardController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly campaigns: CampaignsService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async dashboard(@Req() req: PageRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = actorOf(req);
    const typed = dashboardQueryOf(raw);
    let error: PageError | undefined;
    const refused = notDates(typed);
    const asked = refused ? Promise.reject(refused) : this.coverage.coverage(actor, asQuery(typed));
    const view = await asked.catch((err: unknown) => {
      // A period it cannot read (to before from, no date at all): the default period's figures, the dates as typed
      // in the form, and what is wrong with them.
      error = toPageError(err);
      if (error.status !== 400) throw err;
      return this.coverage.coverage(actor, asQuery({ regionId: typed.regionId }));
    });
    const q = error ? { regionId: typed.regionId } : typed;
    const [months, branches, regions, campaigns] = await Promise.all([
      this.lecturesByMonth(actor, q, view.period),
      this.lookups.branchesIn(actor, view.regionId),
      this.lookups.regionsInScope(actor),
      this.campaigns.list(actor, { limit: 20, offset: 0 }),
    ]);
    const placeOf = new Map(regions.map((r) => [r.id, r.fullName]));
    const exportQuery = new URLSearchParams({
      from: view.period.from,
      to: view.period.to,
      ...(q.regionId ? { regionId: q.regionId } : {}),
    }).toString();
    this.pages.render(
      req,
      res,
      'admin/dashboard.njk',
      {
        title: adminText('nav.coverage'),
        period: view.period,
        typed: error ? { from: typed.from ?? '', to: typed.to ?? '' } : view.period,
        ...(error ? { notice: errorNotice(error) } : {}),
        regionId: q.regionId,
        regions: regions.filter((r) => r.level !== 'village').map((r) => ({ value: r.id, label: r.fullName })),
        // The filter's first choice is the whole scope (全市, 全旗): its root region is not listed again beside it.
        filterRegions: this.lookups
          .belowWholeScope(actor, regions)
          .filter((r) => r.level !== 'village')
          .map((r) => ({ value: r.id, label: r.fullName })),
        wholeScope: this.lookups.wholeScopeLabel(actor, regions),
        totals: totalsOf(view),
        priority: priorityRows(view),
        chart: dashboardChart(view, months, branches),
        // Where each branch lies, banner and township too: a village's name alone does not say which banner to call.
        // The first UNREACHED_LISTED only: a city of ten thousand branches made a page of 1.5 MB; the export has them all.
        unreached: view.unreachedBranches.slice(0, UNREACHED_LISTED).map((u) => ({ ...u, place: placeOf.get(u.regionId) ?? u.regionName })),
        unreachedCount: view.unreachedBranches.length,
        campaigns: campaigns.items,
        exportQuery,
        // A campaign made here leads back to this view of the dashboard (its period and region; a refused one's default).
        back: error ? (typed.regionId ? `/admin?regionId=${typed.regionId}` : '/admin') : req.originalUrl,
      },
      error ? error.status : 200,
    );
  }

  /**
   * Lectures per month: the subtree's totals for each month of the period, side by side. The root is
   * resolved once through the admin's scope (404 outside it), as `coverage` does. Months after this
   * one hold no lecture given yet, so the chart stops at today (a period running to 9999 costs nothing).
   */
  private async lecturesByMonth(actor: Actor, q: DashboardQuery, period: { from: string; to: string }): Promise<MonthFigure[]> {
    const until = [period.to, localDate(Date.now())].sort()[0];
    const months = monthsOf(period.from, until).slice(-MAX_MONTHS);
    const root = await this.coverage.root(actor, q.regionId);
    const totals = await Promise.all(months.map((m) => this.coverage.totals(root, { from: m.from, to: m.to })));
    return months.map((m, i) => ({ label: m.label, lectures: totals[i].lectures }));
  }

  @Get('coverage/export')
  async export(@Req() req: PageRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = actorOf(req);
    const format = oneOf(raw.format, EXPORT_FORMATS) ?? 'csv';
    const file = await this.coverage.export(actor, asQuery(dashboardQueryOf(raw)), format);
    res.setHeader('Content-Type', file.contentType);
    // Saved under a name an admin reads (the API's stays ASCII); what a file system refuses in a name becomes _.
    const name = adminText('admin.dashboard.exportName', { region: file.regionName, ...file.period }).replace(/[\\/:*?"<>|]/g, '_');
    res.attachment(`${name}.${file.format}`);
    res.send(file.body);
  }

  @Post('campaigns')
  createCampaign(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, backTo(text(body, 'back'), '/admin'), 'created', async () => {
      await this.campaigns.create(
        actor,
        await validated(CreateCampaignDto, {
          name: text(body, 'name'),
          regionId: text(body, 'campaignRegionId'),
          from: text(body, 'from'),
          to: text(body, 'to'),
          targetLectures: num(body, 'targetLectures'),
        }),
      );
    });
  }
}
