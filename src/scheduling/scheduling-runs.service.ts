import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import { type BookingsSeen, BookingsService } from '../bookings/bookings.service.js';
import { validationFailed } from '../common/domain-error.js';
import type { Page } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { OrdersService, type PlannedOffer, type SchedulableScope } from '../orders/orders.service.js';
import { type RunRow, SchedulingRepository } from './scheduling.repository.js';
import { resolvePeriod } from '../common/period.js';
import type {
  CandidatesView,
  ExcludedView,
  ReasonView,
  RunDto,
  RunQuery,
  RunSettingsView,
  RunSummaryView,
  RunView,
  TourView,
} from './scheduling.dto.js';
import { lecturesThatFitTogether } from './plan-clashes.js';
import { SchedulingErrors } from './scheduling.errors.js';
import { DEFAULT_SLOT_MODEL, rankCandidates, type ExcludedLecturer, type Reason } from './solver/index.js';
import { exclusionEn, reasonEn } from '../i18n/scheduling-en.js';
import { exclusionZh, reasonZh } from '../i18n/scheduling-zh.js';
import type { SlotModel, SolveResult, SolverLecturer, SolverOrder, Tour, TourOptions, Weights } from './solver/types.js';
import { solveOffThread } from './solver-runner.js';
import { connectionHolding, unlockSession } from '../database/lock-keys.js';
import { readAroundMs } from '../kernel/geo.js';
import { schedulingRunReason } from '../kernel/vocabulary.js';

/** How long a real run waits for the one in progress before giving up, and how often it looks. */
const RUN_WAIT_MS = 15_000;

function toSummary(r: RunRow): RunSummaryView {
  return {
    id: r.id,
    runBy: r.run_by,
    scopeRegionId: r.scope_region_id,
    dryRun: r.dry_run,
    createdAt: new Date(r.created_at).toISOString(),
    periodFrom: r.period_from && new Date(r.period_from).toISOString(),
    periodTo: r.period_to && new Date(r.period_to).toISOString(),
    confirmsRunId: r.confirms_run_id,
    confirmedByRunId: r.confirmed_by_run_id,
    ordersConsidered: r.orders_considered,
    lecturersConsidered: r.lecturers_considered,
    assignedCount: r.assigned_count,
    unassignedCount: r.unassigned_count,
    offersMade: r.offers_made,
    skipped: r.skipped_count,
    totalCost: r.total_cost,
    durationMs: r.duration_ms,
  };
}

/** The period a run was asked for, as it was stored. */
/** What a dry run planned with, for its confirmation to plan the same way (one made before they were kept: the defaults). */
function storedSettings(run: Pick<RunRow, 'result'>): RunSettingsView {
  return run.result?.settings ?? { tours: true, weights: {} };
}

function storedPeriod(run: Pick<RunRow, 'period_from' | 'period_to'>): { from?: Date; to?: Date } {
  return { from: run.period_from ? new Date(run.period_from) : undefined, to: run.period_to ? new Date(run.period_to) : undefined };
}

/** A solver reason as the API gives it: its code, in English and Chinese, and what it counts. */
function reasonView(r: Reason): ReasonView {
  return { code: r.code, message: reasonEn(r), messageZh: reasonZh(r), ...(r.count !== undefined ? { count: r.count } : {}) };
}

const roundKm = (km: number): number => Math.round(km * 10) / 10;

/** A tour as the API gives it: stops, legs with their km, and the km separate trips would drive. */
function tourView(t: Tour): TourView {
  return {
    lecturerId: t.lecturerId,
    stops: t.stops.map((s) => ({ orderId: s.orderId, branchId: s.branchId, startsAt: new Date(s.startsAt).toISOString() })),
    legs: t.legs.map((l) => ({ ...l, km: roundKm(l.km) })),
    km: roundKm(t.km),
    kmIfSeparate: roundKm(t.kmIfSeparate),
    nights: t.nights,
  };
}

/** The tour stop before this order's, if it is a tour's later stop: the lecturer travels from there. */
function previousStop(tours: Tour[], orderId: string): string | undefined {
  for (const t of tours) {
    const i = t.stops.findIndex((s) => s.orderId === orderId);
    if (i > 0) return t.stops[i - 1].orderId;
  }
  return undefined;
}

function exclusionView(e: ExcludedLecturer): ExcludedView {
  return { lecturerId: e.lecturerId, code: e.code, message: exclusionEn(e), messageZh: exclusionZh(e) };
}

/**
 * What a run records and answers: its plan as the API shows it; `fits` the planned lectures that can all be booked
 * together (`lecturesThatFitTogether`), `offered` (a real run) the orders whose offer was made.
 */
function toRunView(
  result: SolveResult,
  run: Pick<
    RunView,
    | 'id'
    | 'runBy'
    | 'scopeRegionId'
    | 'createdAt'
    | 'periodFrom'
    | 'periodTo'
    | 'confirmsRunId'
    | 'ordersConsidered'
    | 'lecturersConsidered'
    | 'durationMs'
    | 'settings'
  > & {
    fits: ReadonlySet<string>;
    offered?: ReadonlySet<string>;
  },
): RunView {
  const { fits, offered, ...facts } = run;
  return {
    ...facts,
    dryRun: offered === undefined,
    confirmedByRunId: null,
    assignedCount: result.assigned.length,
    unassignedCount: result.unassigned.length,
    offersMade: offered?.size ?? 0,
    skipped: offered ? result.assigned.length - offered.size : 0,
    totalCost: result.totalCost,
    assigned: result.assigned.map((a) => ({
      orderId: a.orderId,
      lecturerId: a.lecturerId,
      startsAt: new Date(a.startsAt).toISOString(),
      travelKm: roundKm(a.travelKm),
      cost: a.cost,
      breakdown: a.breakdown,
      ...(offered ? { offered: offered.has(a.orderId) } : {}),
      ...(fits.has(a.orderId) ? {} : { clashesWithPlan: true }),
      ...(a.tourIndex !== undefined ? { tourIndex: a.tourIndex } : {}),
    })),
    unassigned: result.unassigned.map((u) => ({ orderId: u.orderId, reasons: u.reasons.map(reasonView) })),
    tours: (result.tours ?? []).map(tourView),
    ...(result.stats.tours
      ? {
          bound: {
            costWithoutTours: result.stats.tours.flowCost,
            lowerBound: result.stats.tours.lowerBound,
            gap: result.stats.tours.gap,
          },
        }
      : {}),
  };
}

/**
 * Scheduling runs (派单): the whole backlog in the admin's scope matched at once by the min-cost-flow
 * solver (in a worker thread), explained, recorded, and — unless a dry run — offered in one
 * transaction that skips orders which changed meanwhile.
 */
@Injectable()
export class SchedulingRunsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduling: SchedulingRepository,
    private readonly orders: OrdersService,
    private readonly bookings: BookingsService,
    private readonly lecturers: LecturersService,
    private readonly config: AppConfig,
  ) {}

  private slotModel(): SlotModel {
    return this.config.slotModel() ?? DEFAULT_SLOT_MODEL;
  }

  /** The configured weights with the run's overrides; a weight the run leaves out keeps its value. */
  private weights(overrides: Partial<Weights> = {}): Partial<Weights> {
    const given = Object.entries(overrides).filter(([, v]) => v !== undefined);
    return { ...this.config.weights(), ...Object.fromEntries(given) };
  }

  /**
   * What the solver needs, read in one consistent snapshot (REPEATABLE READ): the pending orders in
   * scope with their branch's place and flags, and the pool with the time already taken around them
   * (bookings and outstanding offers, each with its travel). `via` is the connection to
   * read on (a real run's, which holds the run lock); a real run also keeps which bookings it saw (`booked`).
   */
  private async snapshot(
    scope: SchedulableScope,
    opts: { via?: EntityManager; booked?: boolean } = {},
  ): Promise<{ orders: SolverOrder[]; lecturers: SolverLecturer[]; booked?: BookingsSeen }> {
    return (opts.via ?? this.dataSource.manager).transaction('REPEATABLE READ', async (m) => {
      const orders = await this.orders.schedulable(scope, m);
      if (orders.length === 0) return { orders, lecturers: [] };
      // A lecture's drive from home may reach more than a day before it (over 1,440 km at 60 km/h).
      const around = readAroundMs(this.config.TRAVEL_SPEED_KMH);
      const from = new Date(Math.min(...orders.map((o) => o.earliestStart)) - around);
      const to = new Date(Math.max(...orders.map((o) => o.latestStart)) + around);
      const taken = [
        await this.bookings.takenTime(m, from, to, this.config.TRAVEL_SPEED_KMH),
        await this.orders.offeredTime(m, from, to, this.config.TRAVEL_SPEED_KMH),
      ];
      const booked = opts.booked ? { from, to, ids: await this.bookings.bookedAround(m, from, to) } : undefined;
      return { orders, lecturers: await this.scheduling.lecturerPool(m, taken, this.config.TRAVEL_SPEED_KMH), booked };
    });
  }

  /**
   * The planned offers of lecturers who have booked nothing since the snapshot. A lecturer who claimed a lecture
   * while the solver ran could be offered a time their new lecture now takes, or a lecture over their monthly cap:
   * an offer they could not accept, holding the order until it expired. Those orders stay pending, for the next
   * run (the run says so: not offered). A claim that commits after this read is as a claim after any offer.
   */
  private async notBookedSince(manager: EntityManager, plan: PlannedOffer[], booked: BookingsSeen | undefined): Promise<PlannedOffer[]> {
    if (plan.length === 0 || booked === undefined) return plan;
    const since = await this.bookings.lecturersBookedSince(manager, [...new Set(plan.map((p) => p.lecturerId))], booked);
    return plan.filter((p) => !since.has(p.lecturerId));
  }

  /**
   * The connection holding the scheduling-run lock, so that real runs never overlap; the holder does all its work
   * on it. A run that waited RUN_WAIT_MS in vain is told SCHEDULING_RUN_IN_PROGRESS.
   */
  private async lockedConnection(): Promise<QueryRunner> {
    const runner = await connectionHolding(this.dataSource, 'schedulingRun', RUN_WAIT_MS);
    if (!runner) throw SchedulingErrors.SCHEDULING_RUN_IN_PROGRESS();
    return runner;
  }

  async run(actor: Actor, dto: RunDto): Promise<RunView> {
    const started = performance.now();
    const dryRun = dto.dryRun ?? false;
    const preview = dto.confirms === undefined ? undefined : await this.previewToConfirm(actor, dto);
    const period = preview ? storedPeriod(preview) : resolvePeriod(dto);
    const settings = preview ? storedSettings(preview) : { tours: dto.tours !== false, weights: { ...dto.weights } };
    const runner = dryRun ? undefined : await this.lockedConnection();
    try {
      const via = runner?.manager ?? this.dataSource.manager;
      const { orders, lecturers, booked } = await this.snapshot({ regionId: regionScopeOf(actor), ...period }, { via, booked: !dryRun });
      const result = await solveOffThread({
        orders,
        lecturers,
        slotModel: this.slotModel(),
        weights: this.weights(settings.weights),
        tours: this.tourOptions(settings.tours),
      });
      const id = crypto.randomUUID();
      const planned = result.assigned.map((a) => ({
        orderId: a.orderId,
        lecturerId: a.lecturerId,
        startsAt: new Date(a.startsAt),
        afterOrderId: previousStop(result.tours ?? [], a.orderId),
      }));
      // Offers one lecturer could not all accept (a drive home into another planned lecture) are not made.
      const plan = lecturesThatFitTogether(planned, new Map(orders.map((o) => [o.id, o])), new Map(lecturers.map((l) => [l.id, l])));
      return await via.transaction(async (manager) => {
        const offered = dryRun
          ? undefined
          : new Set(
              await this.orders.offerBatch(manager, actor, await this.notBookedSince(manager, plan, booked), {
                reason: schedulingRunReason(id),
              }),
            );
        const view = toRunView(result, {
          id,
          runBy: actor.accountId,
          scopeRegionId: regionScopeOf(actor),
          createdAt: new Date().toISOString(),
          periodFrom: period.from?.toISOString() ?? null,
          periodTo: period.to?.toISOString() ?? null,
          confirmsRunId: preview?.id ?? null,
          ordersConsidered: orders.length,
          lecturersConsidered: lecturers.length,
          durationMs: Math.round(performance.now() - started),
          settings,
          fits: new Set(plan.map((p) => p.orderId)),
          offered,
        });
        await this.scheduling.insertRun(manager, view);
        return view;
      });
    } finally {
      if (runner) {
        await unlockSession(runner, 'schedulingRun');
        await runner.release();
      }
    }
  }

  /**
   * The dry run a real run confirms: one the admin sees, a dry run, of the admin's own area (another area's orders
   * would not be the ones it showed), not confirmed before (checked again by the unique key as the run is recorded).
   */
  private async previewToConfirm(actor: Actor, dto: RunDto): Promise<RunRow> {
    const own = (['dryRun', 'from', 'to', 'tours', 'weights'] as const).filter((field) => dto[field] !== undefined);
    if (own.length > 0)
      throw validationFailed([
        {
          field: 'confirms',
          message: `confirms makes a real run planned as the dry run was (its period, tours and weights): leave out ${own.join(', ')}`,
        },
      ]);
    const preview = await this.scheduling.findRun(regionScopeOf(actor), dto.confirms as string);
    if (!preview) throw SchedulingErrors.SCHEDULING_RUN_NOT_FOUND(undefined, 'confirms');
    if (!preview.dry_run) throw SchedulingErrors.SCHEDULING_RUN_NOT_A_PREVIEW();
    if (preview.scope_region_id !== regionScopeOf(actor)) throw SchedulingErrors.SCHEDULING_SCOPE_DIFFERS();
    if (preview.confirmed_by_run_id !== null) throw SchedulingErrors.SCHEDULING_RUN_CONFIRMED();
    return preview;
  }

  /** How a run may chain lectures into tours: not at all when asked `tours: false`. */
  private tourOptions(tours: boolean): TourOptions | undefined {
    if (!tours) return undefined;
    return {
      maxNights: this.config.SCHEDULING_TOUR_MAX_NIGHTS,
      travelSpeedKmh: this.config.TRAVEL_SPEED_KMH,
      timeBudgetMs: this.config.SCHEDULING_TOUR_TIME_BUDGET_MS || undefined,
    };
  }

  /** Runs in the admin's scope (a banner admin sees its own banner's, a city admin all). */
  async list(actor: Actor, q: RunQuery): Promise<Page<RunSummaryView>> {
    const page = await this.scheduling.listRuns(regionScopeOf(actor), q);
    return { ...page, items: page.items.map(toSummary) };
  }

  async get(actor: Actor, id: string): Promise<RunView> {
    const row = await this.scheduling.findRun(regionScopeOf(actor), id);
    if (!row) throw SchedulingErrors.SCHEDULING_RUN_NOT_FOUND();
    const result = row.result;
    return {
      ...toSummary(row),
      assigned: result?.assigned ?? [],
      unassigned: result?.unassigned ?? [],
      tours: result?.tours ?? [],
      ...(result?.bound ? { bound: result.bound } : {}),
      ...(result?.settings ? { settings: result.settings } : {}),
    };
  }

  /** The best lecturers for one order, with their cost breakdowns, and why the others are excluded. */
  async candidates(actor: Actor, orderId: string, limit: number): Promise<CandidatesView> {
    await this.orders.get(actor, orderId); // 404 unless the admin's scope holds it
    const { orders, lecturers } = await this.snapshot({ regionId: regionScopeOf(actor), orderId });
    if (orders.length === 0) throw SchedulingErrors.ORDER_NOT_SCHEDULABLE();
    const ranking = rankCandidates(orders[0], lecturers, this.slotModel(), this.weights(), limit);
    const names = new Map((await this.lecturers.findByIds(ranking.candidates.map((c) => c.lecturerId))).map((l) => [l.id, l.name]));
    return {
      orderId,
      candidates: ranking.candidates.map((c) => ({
        lecturerId: c.lecturerId,
        name: names.get(c.lecturerId) ?? '',
        startsAt: new Date(c.startsAt).toISOString(),
        travelKm: roundKm(c.travelKm),
        cost: c.cost,
        breakdown: c.breakdown,
      })),
      moreEligible: ranking.moreEligible,
      excluded: ranking.excluded.map(exclusionView),
      reasons: ranking.reasons.map(reasonView),
    };
  }
}
