import { Injectable } from '@nestjs/common';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import { Clock } from '../kernel/clock.js';
import type { Region } from '../regions/region.entity.js';
import { RegionsService } from '../regions/regions.service.js';
import { coverageCsv, coverageXlsx } from './coverage-export.js';
import { type DayPeriod, resolveDayPeriod } from './coverage-period.js';
import { buildCoverage } from './coverage-report.js';
import type { CoverageQuery, CoverageView, ExportFormat, LecturerLoadView } from './coverage.dto.js';
import { CoverageRepository, type ScopeRoot } from './coverage.repository.js';
import { loadSpread } from './load-spread.js';
import { CUSTOM_TOPIC, SUMMARY_COLUMNS } from './summary-columns.js';

const CUSTOM_COLUMN = SUMMARY_COLUMNS.find((c) => c.value === CUSTOM_TOPIC)?.column as string;

export interface CoverageFile {
  filename: string;
  contentType: string;
  body: Buffer;
  /** What the file covers, for a page to name the download in the reader's words. */
  regionName: string;
  period: { from: string; to: string };
  format: ExportFormat;
}

/**
 * Coverage for admins: where lectures reach and where they do not, over any period and region subtree
 * the admin may see. A lecture counts once its order is completed, on the Asia/Shanghai date it was
 * given, for the ordering branch and every region above it.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly repository: CoverageRepository,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The root of the subtree asked for: the given region if the admin's scope holds it (else 404, as for
   * one that does not exist), by default the admin's scope root, or for a city-wide admin the city set up first
   * (a second city added by mistake, or for a trial, does not take the figures' place).
   */
  async root(actor: Actor, regionId: string | undefined): Promise<Region> {
    if (regionId !== undefined) return this.regions.findVisible(actor, regionId);
    const scope = regionScopeOf(actor);
    return scope !== null ? this.regions.findVisible(actor, scope) : this.regions.firstCity();
  }

  async coverage(actor: Actor, q: CoverageQuery): Promise<CoverageView> {
    const period = resolveDayPeriod(q, new Date(this.clock.now()));
    return this.coverageOf(await this.root(actor, q.regionId), period);
  }

  /** The figures of a subtree over a period; the three queries run side by side on the pool. */
  private async coverageOf(root: ScopeRoot, period: DayPeriod): Promise<CoverageView> {
    const [regions, lectures, reach] = await Promise.all([
      this.repository.regionsUnder(root.id),
      this.repository.lecturesByRegion(root, period),
      this.repository.reachByRegion(root, period),
    ]);
    const customTopics = lectures.some((l) => (l.counts[CUSTOM_COLUMN] ?? 0) > 0) ? await this.repository.customTopicsByRegion(root, period) : [];
    return buildCoverage({ period, rootId: root.id, regions, lectures, reach, customTopics });
  }

  /** Lectures and attendance per lecturer in the subtree, and how evenly they are spread. */
  async lecturers(actor: Actor, q: CoverageQuery): Promise<LecturerLoadView> {
    const period = resolveDayPeriod(q, new Date(this.clock.now()));
    const root = await this.root(actor, q.regionId);
    const rows = await this.repository.lecturerLoad(root, period);
    const total = rows.reduce((s, r) => s + r.lectures, 0);
    const lecturers = rows
      .map((r) => ({ ...r, share: total === 0 ? null : Math.round((r.lectures / total) * 10_000) / 10_000 }))
      .sort((a, b) => b.lectures - a.lectures || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    return { period, regionId: root.id, spread: loadSpread(rows.map((r) => r.lectures)), lecturers };
  }

  /** The same figures as `coverage`, as a file to hand on: CSV (UTF-8 with BOM) or an Excel workbook. */
  async export(actor: Actor, q: CoverageQuery, format: ExportFormat): Promise<CoverageFile> {
    const view = await this.coverage(actor, q);
    // ASCII only: the name travels in a header; the region is in the file itself.
    const filename = `coverage_${view.period.from}_${view.period.to}_${view.regionId.slice(0, 8)}.${format}`;
    const covers = { regionName: view.regions.find((r) => r.regionId === view.regionId)?.name ?? '', period: view.period, format };
    if (format === 'xlsx') {
      const contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return { filename, contentType, body: await coverageXlsx(view), ...covers };
    }
    return { filename, contentType: 'text/csv; charset=utf-8', body: coverageCsv(view), ...covers };
  }

  /** Lectures, attendance and branches reached in a subtree over a period (campaigns' progress). */
  totals(root: ScopeRoot, period: DayPeriod): Promise<{ lectures: number; attendance: number; branchesReached: number }> {
    return this.repository.totals(root, period);
  }
}
