import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { Page } from '../common/pagination.js';
import { resolvePeriod } from '../common/period.js';
import { RegionsService } from '../regions/regions.service.js';
import { campaignProgress } from './campaign-progress.js';
import { daysBetween, shanghaiDate } from './coverage-period.js';
import type { CampaignQuery, CampaignView, CreateCampaignDto } from './coverage.dto.js';
import { CoverageErrors } from './coverage.errors.js';
import { CoverageService } from './coverage.service.js';
import type { RegionLevel } from '../kernel/vocabulary.js';

/** Ten years and their leap days. */
const MAX_CAMPAIGN_DAYS = 3653;

interface CampaignRow {
  id: string;
  name: string;
  region_id: string;
  region_name: string;
  region_level: RegionLevel;
  region_path: string[];
  period_from: string;
  period_to: string;
  target_lectures: number;
  created_at: Date;
}

const SELECT = `SELECT c.id, c.name, c.region_id, r.name AS region_name, r.level AS region_level, r.path AS region_path,
    c.period_from::text AS period_from, c.period_to::text AS period_to, c.target_lectures, c.created_at
  FROM campaigns c JOIN regions r ON r.id = c.region_id`;

/**
 * Campaigns (e.g. 百场党课下基层: a hundred lectures in a banner within a year): a target of lectures
 * in a region subtree over a period, with progress counted by the coverage rule.
 */
@Injectable()
export class CampaignsService {
  constructor(private readonly dataSource: DataSource, private readonly regions: RegionsService, private readonly coverage: CoverageService) {}

  async create(actor: Actor, dto: CreateCampaignDto): Promise<CampaignView> {
    resolvePeriod({ from: dto.from, to: dto.to }); // real calendar dates, `to` not before `from` (else 400)
    if (daysBetween(dto.from, dto.to) + 1 > MAX_CAMPAIGN_DAYS) throw CoverageErrors.CAMPAIGN_PERIOD_INVALID();
    const region = await this.regions.findVisible(actor, dto.regionId);
    const [{ id }]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO campaigns (name, region_id, period_from, period_to, target_lectures, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [dto.name, region.id, dto.from, dto.to, dto.targetLectures, actor.accountId]);
    return this.get(actor, id);
  }

  /** The campaigns of regions in the admin's scope, newest first, each with its progress. */
  async list(actor: Actor, q: CampaignQuery): Promise<Page<CampaignView>> {
    const rows: CampaignRow[] = await this.dataSource.query(
      `${SELECT} WHERE $1::uuid IS NULL OR $1 = ANY(r.path) ORDER BY c.created_at DESC, c.id LIMIT $2 OFFSET $3`,
      [actor.regionId, q.limit, q.offset]);
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM campaigns c JOIN regions r ON r.id = c.region_id WHERE $1::uuid IS NULL OR $1 = ANY(r.path)`, [actor.regionId]);
    return { items: await Promise.all(rows.map((r) => this.view(r))), total };
  }

  /** One campaign with its progress; one outside the admin's scope is not found. */
  async get(actor: Actor, id: string): Promise<CampaignView> {
    const [row]: CampaignRow[] = await this.dataSource.query(`${SELECT} WHERE c.id = $1`, [id]);
    if (!row || !RegionsService.covers(actor.regionId, { path: row.region_path })) throw CoverageErrors.CAMPAIGN_NOT_FOUND();
    return this.view(row);
  }

  private async view(row: CampaignRow): Promise<CampaignView> {
    const period = { from: row.period_from, to: row.period_to };
    const done = await this.coverage.totals({ id: row.region_id, level: row.region_level, path: row.region_path }, period);
    return {
      id: row.id, name: row.name, regionId: row.region_id, regionName: row.region_name, from: period.from, to: period.to,
      targetLectures: row.target_lectures, createdAt: new Date(row.created_at).toISOString(),
      progress: campaignProgress({ ...period, targetLectures: row.target_lectures }, done, shanghaiDate(new Date())),
    };
  }
}
