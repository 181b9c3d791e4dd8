import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type BranchView, CreateBranchDto, UpdateBranchDto } from '../../branches/branches.dto.js';
import { BranchesService } from '../../branches/branches.service.js';
import { BRANCH_KIND_ZH, optionsOf } from '../../i18n/labels-zh.js';
import { BRANCH_KINDS } from '../../kernel/vocabulary.js';
import type { PageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, num, text, validated } from '../shared/form-fields.js';
import { createOrShowAgain, idOrNotFound } from '../shared/page-actions.js';
import { oneOf, PageId, pageNumber, pager } from '../shared/page-params.js';
import { AdminLookups } from './admin-lookups.js';
import { PAGE_SIZE, renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';

/** The branch's fields as the form gives them (the same for adding and for changing one). */
function branchFields(body: FormBody) {
  return {
    name: text(body, 'name'),
    regionId: text(body, 'regionId'),
    kind: text(body, 'kind'),
    memberCount: num(body, 'memberCount'),
    latitude: num(body, 'latitude'),
    longitude: num(body, 'longitude'),
  };
}

/** A stored branch as the form shows it. */
function storedForm(b: BranchView): TypedForm {
  return {
    name: b.name,
    regionId: b.regionId,
    kind: b.kind,
    memberCount: String(b.memberCount),
    latitude: String(b.latitude),
    longitude: String(b.longitude),
  };
}

/**
 * Party branches (党支部): the list in the admin's scope, by kind or region, the form to add one and each one's page
 * to correct it, through BranchesService.
 */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/branches')
export class AdminBranchesController {
  constructor(
    private readonly branches: BranchesService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  listPage(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.show(req, res, q, { kind: 'village', memberCount: '20' });
  }

  @Post()
  create(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/branches',
      async () => {
        await this.branches.create(actor, await validated(CreateBranchDto, branchFields(body)));
      },
      (error) => this.show(req, res, req.query, typedForm(body), error),
    );
  }

  /** A branch's page: the same form, filled with what is stored, to correct a name, its members, its place … */
  @Get(':id')
  async editPage(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    const branch = await this.branches.get(actorOf(req), id);
    return this.showOne(req, res, branch, storedForm(branch));
  }

  @Post(':id')
  async update(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const branch = await this.branches.get(actor, id);
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/branches',
      async () => {
        await this.branches.update(
          actor,
          id,
          await validated(UpdateBranchDto, await this.lookups.placeAsMeant(actor, branch, branchFields(body))),
        );
      },
      (error) => this.showOne(req, res, branch, typedForm(body), error),
      'saved',
    );
  }

  private async showOne(req: PageRequest, res: Response, branch: BranchView, form: TypedForm, error?: PageError): Promise<void> {
    const regions = await this.lookups.regionChoices(actorOf(req));
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/branch.njk',
      { title: branch.name, branchId: branch.id, regions, kinds: optionsOf(BRANCH_KIND_ZH) },
      form,
      error,
    );
  }

  private async show(req: PageRequest, res: Response, q: Record<string, unknown>, form: TypedForm, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const kind = oneOf(q.kind, BRANCH_KINDS);
    const regionId = idOrNotFound(typeof q.regionId === 'string' ? q.regionId : undefined);
    const page = pageNumber(q.page);
    const [{ items, total }, regions] = await Promise.all([
      this.branches.list(actor, { kind, regionId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.lookups.regionsInScope(actor),
    ]);
    const regionName = new Map(regions.map((r) => [r.id, r.fullName]));
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/branches.njk',
      {
        title: adminText('nav.branches'),
        items: items.map((b) => ({ ...b, regionName: regionName.get(b.regionId) ?? '' })),
        kind,
        regionId,
        pager: pager(page, PAGE_SIZE, total ?? 0, { kind, regionId }),
        kinds: optionsOf(BRANCH_KIND_ZH),
        regions: regions.map((r) => ({ value: r.id, label: r.fullName })),
      },
      form,
      error,
    );
  }
}
