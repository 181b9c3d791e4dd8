import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { regionScopeOf } from '../../auth/actor.js';
import { REGION_LEVEL_ZH, optionsOf } from '../../i18n/labels-zh.js';
import { PARENT_LEVEL, REGION_LEVELS, type RegionLevel } from '../../kernel/vocabulary.js';
import { CreateRegionDto, UpdateRegionDto } from '../../regions/regions.dto.js';
import { RegionsService } from '../../regions/regions.service.js';
import type { PageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { checked, type FormBody, num, text, validated } from '../shared/form-fields.js';
import { backTo, createOrShowAgain, runAction } from '../shared/page-actions.js';
import { oneOf, PageId, pageNumber, pager } from '../shared/page-params.js';
import { AdminLookups } from './admin-lookups.js';
import { PAGE_SIZE, renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';

/** Regions (区域): the admin's subtree, by level, and the form to add a region, through RegionsService. */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/regions')
export class AdminRegionsController {
  constructor(
    private readonly regions: RegionsService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  listPage(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.show(req, res, q, { level: 'village' });
  }

  @Post()
  create(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/regions',
      async () => {
        await this.regions.create(
          actor,
          await validated(CreateRegionDto, {
            name: text(body, 'name'),
            level: text(body, 'level'),
            parentId: text(body, 'parentId'),
            latitude: num(body, 'latitude'),
            longitude: num(body, 'longitude'),
            border: checked(body, 'border'),
            remote: checked(body, 'remote'),
            weak: checked(body, 'weak'),
          }),
        );
      },
      (error) => this.show(req, res, req.query, typedForm(body), error),
    );
  }

  /** A region's marks (边境, 偏远, 薄弱) as the office now assesses it: they steer the scheduler towards its branches. */
  @Post(':id/marks')
  mark(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, backTo(text(body, 'back'), '/admin/regions'), 'saved', async () =>
      this.regions.update(
        actor,
        id,
        await validated(UpdateRegionDto, { border: checked(body, 'border'), remote: checked(body, 'remote'), weak: checked(body, 'weak') }),
      ),
    );
  }

  private async show(req: PageRequest, res: Response, q: Record<string, unknown>, form: TypedForm, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const level = oneOf(q.level, REGION_LEVELS);
    const page = pageNumber(q.page);
    const all = await this.lookups.regionsInScope(actor);
    const shown = all.filter((r) => level === undefined || r.level === level);
    // The levels the admin can add under a region they see (a banner admin: townships and villages); the city only to a
    // city-wide admin while there is none.
    const seen = new Set(all.map((r) => r.level));
    const creatable = new Set(
      REGION_LEVELS.filter((l) => {
        const parent = PARENT_LEVEL[l];
        return parent === null ? regionScopeOf(actor) === null && all.length === 0 : seen.has(parent);
      }),
    );
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/regions.njk',
      {
        title: adminText('nav.regions'),
        items: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
        level,
        pager: pager(page, PAGE_SIZE, shown.length, { level }),
        levels: optionsOf(REGION_LEVEL_ZH),
        newLevels: optionsOf(REGION_LEVEL_ZH).filter((o) => creatable.has(o.value as RegionLevel)),
        parents: all.filter((r) => r.level !== 'village').map((r) => ({ value: r.id, label: r.fullName })),
      },
      form,
      error,
    );
  }
}
