import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignPage, CampaignQuery, CampaignView, CoverageExportQuery, CoverageQuery, CoverageView, CreateCampaignDto, LecturerLoadView } from './coverage.dto.js';
import { CoverageService } from './coverage.service.js';

@ApiTags('coverage')
@ApiBearerAuth()
@Roles('admin')
@Controller('coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get() @ApiOkResponse({ type: CoverageView, description: 'per region node of the subtree (rolled up), totals, remote/border/weak against the rest, and the branches never reached' })
  get(@CurrentActor() actor: Actor, @Query() q: CoverageQuery): Promise<CoverageView> {
    return this.coverage.coverage(actor, q);
  }

  @Get('lecturers') @ApiOkResponse({ type: LecturerLoadView, description: 'lectures and attendance per lecturer, and how evenly they are spread' })
  lecturers(@CurrentActor() actor: Actor, @Query() q: CoverageQuery): Promise<LecturerLoadView> {
    return this.coverage.lecturers(actor, q);
  }

  @Get('export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the figures of GET /coverage as a file: CSV (UTF-8 with BOM) or XLSX', schema: { type: 'string', format: 'binary' } })
  async export(@CurrentActor() actor: Actor, @Query() q: CoverageExportQuery, @Res() res: Response): Promise<void> {
    const { format, ...query } = q;
    const file = await this.coverage.export(actor, query, format ?? 'csv');
    res.status(200)
      .setHeader('Content-Type', file.contentType)
      .setHeader('Content-Disposition', `attachment; filename="${file.filename}"`)
      .setHeader('Cache-Control', 'no-store')
      .send(file.body);
  }
}

@ApiTags('campaigns')
@ApiBearerAuth()
@Roles('admin')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post() @ApiCreatedResponse({ type: CampaignView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(actor, dto);
  }

  @Get() @ApiOkResponse({ type: CampaignPage })
  list(@CurrentActor() actor: Actor, @Query() q: CampaignQuery) {
    return this.campaigns.list(actor, q);
  }

  @Get(':id') @ApiOkResponse({ type: CampaignView })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<CampaignView> {
    return this.campaigns.get(actor, id);
  }
}
