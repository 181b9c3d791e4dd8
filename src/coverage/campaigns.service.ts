import { Injectable } from '@nestjs/common';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import type { Page } from '../common/pagination.js';
import { Clock } from '../kernel/clock.js';
import { localDate } from '../kernel/time.js';
import { scopeCovers } from '../regions/region-scope.js';
import { RegionsService } from '../regions/regions.service.js';
import { campaignProgress } from './campaign-progress.js';
import { type CampaignRecord, CampaignsRepository } from './campaigns.repository.js';
import { resolveDayPeriod, withinYears } from './coverage-period.js';
import type { CampaignQuery, CampaignView, CreateCampaignDto } from './coverage.dto.js';
import { CoverageErrors } from './coverage.errors.js';
import { CoverageService } from './coverage.service.js';

/** The longest campaign, in calendar years. */
const MAX_CAMPAIGN_YEARS = 10;

/**
 * Campaigns (e.g. 百场党课下基层: a hundred lectures in a banner within a year): a target of lectures
 * in a region subtree over a period, with progress counted by the coverage rule.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly repository: CampaignsRepository,
    private readonly regions: RegionsService,
    private readonly coverage: CoverageService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateCampaignDto): Promise<CampaignView> {
    // A campaign runs whole local days: a date-time names the day it falls on (a 400 for impossible or reversed days).
    const { from, to } = resolveDayPeriod({ from: dto.from, to: dto.to }, new Date(this.clock.now()));
    if (!withinYears(from, to, MAX_CAMPAIGN_YEARS)) throw CoverageErrors.CAMPAIGN_PERIOD_INVALID();
    const region = await this.regions.findVisible(actor, dto.regionId);
    const id = await this.repository.insert({
      name: dto.name, regionId: region.id, from, to, targetLectures: dto.targetLectures, createdBy: actor.accountId,
    });
    return this.get(actor, id);
  }

  /** The campaigns of regions in the admin's scope, newest first, each with its progress. */
  async list(actor: Actor, q: CampaignQuery): Promise<Page<CampaignView>> {
    const page = await this.repository.page(regionScopeOf(actor), q);
    return { ...page, items: await Promise.all(page.items.map((c) => this.view(c))) };
  }

  /** One campaign with its progress; one outside the admin's scope is not found. */
  async get(actor: Actor, id: string): Promise<CampaignView> {
    const campaign = await this.repository.findById(id);
    if (!campaign || !scopeCovers(regionScopeOf(actor), campaign.region)) throw CoverageErrors.CAMPAIGN_NOT_FOUND();
    return this.view(campaign);
  }

  private async view(c: CampaignRecord): Promise<CampaignView> {
    const period = { from: c.from, to: c.to };
    const done = await this.coverage.totals(c.region, period);
    const progress = campaignProgress({ ...period, targetLectures: c.targetLectures }, done, localDate(this.clock.now()));
    const { completedLectures, attendance, branchesReached } = progress;
    return {
      id: c.id, name: c.name, regionId: c.region.id, regionName: c.region.name, from: c.from, to: c.to,
      targetLectures: c.targetLectures, completedLectures, attendance, branchesReached, progress, createdAt: c.createdAt.toISOString(),
    };
  }
}
