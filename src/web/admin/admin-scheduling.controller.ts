import { Body, Controller, Get, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, regionScopeOf } from '../../auth/actor.js';
import type { OrderView } from '../../orders/orders.dto.js';
import { OrdersService } from '../../orders/orders.service.js';
import { RunDto, RunQuery, type TourView } from '../../scheduling/scheduling.dto.js';
import { TOUR_HOME_ZH, tourLegZh, tourStopZh, tourSummaryZh } from '../../i18n/scheduling-zh.js';
import type { LecturerView } from '../../lecturers/lecturers.dto.js';
import { AdminLookups } from './admin-lookups.js';
import { Clock } from '../../kernel/clock.js';
import { localDateIn, shortDate } from '../shared/time-format.js';
import { checked, type FormBody, text, validated } from '../shared/form-fields.js';
import { toPageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { runNote } from './run-note.js';
import { unlessNotFound } from '../shared/page-actions.js';
import { type Place, Places } from '../shared/places.js';
import { dateParam, PageId, pageNumber, pager } from '../shared/page-params.js';
import { errorNotice, PageRenderer } from '../plumbing/page-renderer.js';
import { SchedulingRunsService } from '../../scheduling/scheduling-runs.service.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';

/** How many runs a page of the list shows, newest first. */
const RUNS_PER_PAGE = 10;
/** How many of a run's orders the result page lists (the rest are counted). */
const SHOWN = 200;

/** A run's period as typed (local dates), carried from the preview to its confirmation. */
interface Period {
  from?: string;
  to?: string;
}

function periodOf(source: Record<string, unknown>): Period {
  return { from: dateParam(source.from), to: dateParam(source.to) };
}

/** A point on the map: [longitude, latitude], as ECharts takes it. */
type MapPoint = [number, number];

/** A tour as the result page's map draws it (tour-map.js): from the lecturer's home through each stop and back. */
interface TourOnMap {
  name: string;
  summary: string;
  home: { name: string; value: MapPoint };
  stops: Array<{ name: string; value: MapPoint }>;
}

/** The tour on the map, or undefined when a stop's branch is not one the admin sees (the list still shows its legs). */
/**
 * The run's tours (their indexes) in the order they are made, by their first stop's start: the page numbers them so
 * (the API's tourIndex is the plan's own order).
 */
export function toursByDay(tours: ReadonlyArray<Pick<TourView, 'stops'>>): number[] {
  return tours.map((_, i) => i).sort((x, y) => tours[x].stops[0].startsAt.localeCompare(tours[y].stops[0].startsAt) || x - y);
}

function tourOnMap(index: number, tour: TourView, lecturer: LecturerView | undefined, places: Map<string, Place>): TourOnMap | undefined {
  const stops = tour.stops.map((s, i) => {
    const place = places.get(s.branchId);
    return (
      place && { name: tourStopZh(i + 1, place.branchName, shortDate(s.startsAt)), value: [place.longitude, place.latitude] as MapPoint }
    );
  });
  if (!lecturer || stops.some((s) => s === undefined)) return undefined;
  return {
    name: adminText('admin.run.tourName', { index, name: lecturer.name }),
    summary: tourSummaryZh(tour),
    home: { name: `${TOUR_HOME_ZH} · ${lecturer.name}`, value: [lecturer.longitude, lecturer.latitude] },
    stops: stops as TourOnMap['stops'],
  };
}

/**
 * Scheduling runs (派单计算): a dry run shows the proposal and its reasons, confirming runs it for
 * real (offers made). The form posts plainly without JavaScript; with it, `run.js` posts by fetch
 * and shows progress, and this answers with where the result is instead of a redirect.
 */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/scheduling')
export class AdminSchedulingController {
  constructor(
    private readonly runs: SchedulingRunsService,
    private readonly orders: OrdersService,
    private readonly places: Places,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async index(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const actor = actorOf(req);
    const page = pageNumber(req.query.page);
    const recent = await this.runs.list(actor, Object.assign(new RunQuery(), { limit: RUNS_PER_PAGE, offset: (page - 1) * RUNS_PER_PAGE }));
    // A city admin sees the banners' runs beside the city's: each says whose orders it matched.
    const places = this.places.book(actor);
    const scopeOf = async (regionId: string | null) =>
      regionId === null ? adminText('admin.common.wholeCity') : ((await places.regionName(regionId)) ?? '');
    this.pages.render(req, res, 'admin/scheduling.njk', {
      title: adminText('nav.scheduling'),
      recent: await Promise.all(recent.items.map(async (r) => ({ ...r, scope: await scopeOf(r.scopeRegionId) }))),
      pager: pager(page, RUNS_PER_PAGE, recent.total ?? 0, {}),
      period: { from: localDateIn(0, this.clock.now()), to: localDateIn(60, this.clock.now()) },
    });
  }

  @Post('runs')
  async run(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: FormBody,
    @Headers('x-requested-with') requestedWith?: string,
  ): Promise<void> {
    const actor = actorOf(req);
    const period = periodOf(body);
    const dryRun = checked(body, 'dryRun');
    try {
      const confirms = text(body, 'confirms');
      const dto = await validated(
        RunDto,
        // A dry run's page confirms that run (its own period and area); the form's dates are a new run's period
        // as they stand (both days inclusive, as the API reads them).
        confirms !== undefined
          ? { confirms }
          : { dryRun, tours: checked(body, 'tours'), from: period.from ?? text(body, 'from'), to: period.to ?? text(body, 'to') },
      );
      const result = await this.runs.run(actor, dto);
      // A real run made its offers: its page says so (a dry run's page is itself the answer).
      const location = `/admin/scheduling/runs/${result.id}${result.dryRun ? '' : '?done=runConfirmed'}`;
      // run.js asks by fetch: it navigates itself, so the result page is loaded once, not twice.
      if (requestedWith === 'fetch') res.json({ location });
      else res.redirect(303, location);
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500) throw err;
      if (requestedWith === 'fetch') {
        // Said as the page's own notice says it: each field's reason where there is one, the rest to check.
        const notice = errorNotice(error);
        res
          .status(error.status)
          .json({ message: [notice.message, ...(notice.explained ?? []).map((e) => e.text)].join(' '), fields: notice.fields });
      } else this.pages.redirectWithError(res, '/admin/scheduling', error);
    }
  }

  @Get('runs/:id')
  async result(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    const actor = actorOf(req);
    const run = await this.runs.get(actor, id);
    const shownIds = [...run.assigned.map((a) => a.orderId), ...run.unassigned.map((u) => u.orderId)].slice(0, SHOWN);
    const byDay = toursByDay(run.tours);
    const tourNumber = new Map(byDay.map((i, k) => [i, k + 1]));
    const tours = byDay.slice(0, SHOWN).map((i) => run.tours[i]);
    const [orders, lecturers] = await Promise.all([
      this.ordersById(actor, shownIds),
      this.lookups.lecturersById(actor, [...run.assigned.slice(0, SHOWN).map((a) => a.lecturerId), ...tours.map((t) => t.lecturerId)]),
    ]);
    const nameOf = (id: string): string => lecturers.get(id)?.name ?? '';
    const book = this.places.book(actor);
    const places = await book.ofAll([
      ...[...orders.values()].map((o) => o.branchId),
      ...tours.flatMap((t) => t.stops.map((s) => s.branchId)),
    ]);
    const stopName = (tour: TourView, orderId: string | null): string | null => {
      if (orderId === null) return null;
      const stop = tour.stops.find((s) => s.orderId === orderId);
      return (stop && places.get(stop.branchId)?.branchName) ?? adminText('admin.run.partyOrganisation');
    };
    // A later stop of a tour is driven to from the village before (it may lie beyond the radius from home).
    const legInto = (tour: TourView | undefined, orderId: string) => {
      const leg = tour?.legs.find((l) => l.toOrderId === orderId);
      return tour && leg && leg.fromOrderId !== null ? { legFrom: stopName(tour, leg.fromOrderId), legKm: leg.km } : {};
    };
    const about = (orderId: string) => {
      const order = orders.get(orderId);
      return { order, place: order ? (places.get(order.branchId) as Place) : undefined };
    };
    this.pages.render(req, res, 'admin/run.njk', {
      title: adminText(run.dryRun ? 'admin.run.dryRunTitle' : 'admin.run.realTitle'),
      run,
      // The total is the assigned lectures' costs plus the penalties of the orders left unmatched: both shown.
      assignedCost: run.assigned.reduce((sum, a) => sum + a.cost, 0),
      runNote: adminText(runNote(run)),
      confirmable: run.dryRun && run.confirmedByRunId === null && run.scopeRegionId === regionScopeOf(actor),
      otherArea: run.scopeRegionId !== regionScopeOf(actor),
      // By start, so that a tour's stops read in the order they are driven.
      assigned: [...run.assigned]
        .sort((x, y) => x.startsAt.localeCompare(y.startsAt))
        .slice(0, SHOWN)
        .map((a) => ({
          ...a,
          ...about(a.orderId),
          lecturerName: nameOf(a.lecturerId),
          tourNumber: a.tourIndex === undefined ? undefined : tourNumber.get(a.tourIndex),
          ...legInto(a.tourIndex === undefined ? undefined : run.tours[a.tourIndex], a.orderId),
        })),
      unassigned: run.unassigned.slice(0, Math.max(0, SHOWN - run.assigned.length)).map((u) => ({ ...u, ...about(u.orderId) })),
      hidden: Math.max(0, run.assigned.length + run.unassigned.length - SHOWN),
      tours: tours.map((t, i) => ({
        index: i + 1,
        lecturerName: nameOf(t.lecturerId),
        summary: tourSummaryZh(t),
        legs: t.legs.map((l) => tourLegZh(stopName(t, l.fromOrderId), stopName(t, l.toOrderId), l.km)),
      })),
      tourMap: tours.map((t, i) => tourOnMap(i + 1, t, lecturers.get(t.lecturerId), places)).filter((t) => t !== undefined),
    });
  }

  /** The orders of a run as the admin may see them now (an order that left the admin's sight is simply not described). */
  private async ordersById(actor: Actor, ids: string[]): Promise<Map<string, OrderView>> {
    const views = await Promise.all(ids.map((id) => this.orders.get(actor, id).catch(unlessNotFound)));
    return new Map(views.filter((v): v is OrderView => v !== undefined).map((v) => [v.id, v]));
  }
}
