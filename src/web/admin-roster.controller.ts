import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateAccountDto } from '../accounts/accounts.dto.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { CreateBranchDto } from '../branches/branches.dto.js';
import { BranchesService } from '../branches/branches.service.js';
import { CreateCourseDto } from '../courses/courses.dto.js';
import { CoursesService } from '../courses/courses.service.js';
import { CreateLecturerDto } from '../lecturers/lecturers.dto.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { CreateRegionDto } from '../regions/regions.dto.js';
import { RegionsService } from '../regions/regions.service.js';
import { AdminLookups } from './admin-lookups.js';
import { checked, type FormBody, list, num, text, validated } from './forms.js';
import { BRANCH_KIND_ZH, CATEGORY_ZH, FORMAT_ZH, LANGUAGE_ZH, LEVEL_ZH, REGION_LEVEL_ZH, ROLE_ZH, TOPIC_ZH, optionsOf } from '../i18n/labels-zh.js';
import type { PageError } from '../i18n/messages-zh.js';
import { createOrShowAgain, idOrNotFound } from './page-actions.js';
import { oneOf, pageNumber, pager } from './page-params.js';
import { PageRenderer } from './page-renderer.js';
import { actorOf, type PageRequest, WebPages } from './web-page.guard.js';
import { BRANCH_KINDS, LECTURER_CATEGORIES, LECTURER_LEVELS, REGION_LEVELS, TOPICS } from '../kernel/vocabulary.js';

const PAGE_SIZE = 30;

/** A form as typed: every field a string (or a list of them), to show again after a refusal. */
type Typed = Record<string, string | string[] | undefined>;

/** The posted form's own fields, without the CSRF token, for showing again. */
function typed(body: FormBody): Typed {
  const { _csrf: _token, ...rest } = body;
  return rest as Typed;
}

/** Languages as checkboxes (汉语, 蒙古语) plus any others typed as codes: 'ru, en'. */
function languagesOf(body: FormBody): string[] {
  const others = (text(body, 'otherLanguages') ?? '').split(/[\s,，、]+/).filter((s) => s !== '');
  return [...new Set([...list(body, 'languages'), ...others])];
}

/** The menu's topics as checkboxes plus any others typed: '草原防火, 电商'. */
function topicsOf(body: FormBody): string[] {
  const others = (text(body, 'otherTopics') ?? '').split(/[,，、]+/).map((s) => s.trim()).filter((s) => s !== '');
  return [...new Set([...list(body, 'topics'), ...others])];
}

/**
 * Roster, branches, regions, the course menu and accounts (讲师库、党支部、区域、课程菜单、账号): lists
 * and create forms, each through its feature's service in the admin's scope.
 */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin')
export class AdminRosterController {
  constructor(
    private readonly lecturers: LecturersService,
    private readonly branches: BranchesService,
    private readonly regions: RegionsService,
    private readonly courses: CoursesService,
    private readonly accounts: AccountsService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
  ) {}

  // ---- lecturers ---------------------------------------------------------------------------------

  @Get('lecturers')
  lecturerList(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.showLecturers(req, res, q, { maxLecturesPerMonth: '4', travelRadiusKm: '200', languages: ['zh'] });
  }

  @Post('lecturers')
  createLecturer(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return createOrShowAgain(this.pages, res, '/admin/lecturers', async () => {
      await this.lecturers.create(actor, await validated(CreateLecturerDto, {
        name: text(body, 'name'), category: text(body, 'category'), level: text(body, 'level'), regionId: text(body, 'regionId'),
        latitude: num(body, 'latitude'), longitude: num(body, 'longitude'), topics: topicsOf(body), languages: languagesOf(body),
        formats: list(body, 'formats'), maxLecturesPerMonth: num(body, 'maxLecturesPerMonth'), travelRadiusKm: num(body, 'travelRadiusKm'),
      }));
    }, (error) => this.showLecturers(req, res, req.query, typed(body), error));
  }

  private async showLecturers(req: PageRequest, res: Response, q: Record<string, unknown>, form: Typed, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const category = oneOf(q.category, LECTURER_CATEGORIES);
    const level = oneOf(q.level, LECTURER_LEVELS);
    const page = pageNumber(q.page);
    const [{ items, total }, regions] = await Promise.all([
      this.lecturers.list(actor, { category, level, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.lookups.regionChoices(actor),
    ]);
    this.pages.render(req, res, 'admin/lecturers.njk', {
      title: '讲师库', items, category, level, pager: pager(page, PAGE_SIZE, total, { category, level }), form, error, regions,
      categories: optionsOf(CATEGORY_ZH), levels: optionsOf(LEVEL_ZH), topics: optionsOf(TOPIC_ZH), formats: optionsOf(FORMAT_ZH), languages: optionsOf(LANGUAGE_ZH),
      ...noticeOf(error),
    }, error?.status ?? 200);
  }

  // ---- branches ----------------------------------------------------------------------------------

  @Get('branches')
  branchList(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.showBranches(req, res, q, { kind: 'village', memberCount: '20' });
  }

  @Post('branches')
  createBranch(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return createOrShowAgain(this.pages, res, '/admin/branches', async () => {
      await this.branches.create(actor, await validated(CreateBranchDto, {
        name: text(body, 'name'), regionId: text(body, 'regionId'), kind: text(body, 'kind'), memberCount: num(body, 'memberCount'),
        latitude: num(body, 'latitude'), longitude: num(body, 'longitude'),
      }));
    }, (error) => this.showBranches(req, res, req.query, typed(body), error));
  }

  private async showBranches(req: PageRequest, res: Response, q: Record<string, unknown>, form: Typed, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const kind = oneOf(q.kind, BRANCH_KINDS);
    const regionId = idOrNotFound(typeof q.regionId === 'string' ? q.regionId : undefined);
    const page = pageNumber(q.page);
    const [{ items, total }, regions] = await Promise.all([
      this.branches.list(actor, { kind, regionId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.lookups.regionsInScope(actor),
    ]);
    const regionName = new Map(regions.map((r) => [r.id, r.fullName]));
    this.pages.render(req, res, 'admin/branches.njk', {
      title: '党支部', items: items.map((b) => ({ ...b, regionName: regionName.get(b.regionId) ?? '' })), kind, regionId,
      pager: pager(page, PAGE_SIZE, total, { kind, regionId }), form, error, kinds: optionsOf(BRANCH_KIND_ZH),
      regions: regions.map((r) => ({ value: r.id, label: r.fullName })), ...noticeOf(error),
    }, error?.status ?? 200);
  }

  // ---- regions -----------------------------------------------------------------------------------

  @Get('regions')
  regionList(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.showRegions(req, res, q, { level: 'village' });
  }

  @Post('regions')
  createRegion(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return createOrShowAgain(this.pages, res, '/admin/regions', async () => {
      await this.regions.create(actor, await validated(CreateRegionDto, {
        name: text(body, 'name'), level: text(body, 'level'), parentId: text(body, 'parentId'), latitude: num(body, 'latitude'), longitude: num(body, 'longitude'),
        border: checked(body, 'border'), remote: checked(body, 'remote'), weak: checked(body, 'weak'),
      }));
    }, (error) => this.showRegions(req, res, req.query, typed(body), error));
  }

  private async showRegions(req: PageRequest, res: Response, q: Record<string, unknown>, form: Typed, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const level = oneOf(q.level, REGION_LEVELS);
    const page = pageNumber(q.page);
    const all = await this.lookups.regionsInScope(actor);
    const shown = all.filter((r) => level === undefined || r.level === level);
    this.pages.render(req, res, 'admin/regions.njk', {
      title: '区域', items: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), level, pager: pager(page, PAGE_SIZE, shown.length, { level }),
      form, error, levels: optionsOf(REGION_LEVEL_ZH), parents: all.filter((r) => r.level !== 'village').map((r) => ({ value: r.id, label: r.fullName })),
      ...noticeOf(error),
    }, error?.status ?? 200);
  }

  // ---- the course menu ---------------------------------------------------------------------------

  @Get('courses')
  courseList(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.showCourses(req, res, q, { durationMinutes: '90', formats: ['on_site', 'online'] });
  }

  @Post('courses')
  createCourse(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    return createOrShowAgain(this.pages, res, '/admin/courses', async () => {
      await this.courses.create(await validated(CreateCourseDto, {
        title: text(body, 'title'), topic: text(body, 'topic'), description: text(body, 'description'), durationMinutes: num(body, 'durationMinutes'),
        formats: list(body, 'formats'), lecturerIds: list(body, 'lecturerIds'),
      }));
    }, (error) => this.showCourses(req, res, req.query, typed(body), error));
  }

  private async showCourses(req: PageRequest, res: Response, q: Record<string, unknown>, form: Typed, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const topic = oneOf(q.topic, TOPICS);
    const [{ items }, roster] = await Promise.all([this.courses.list({ topic, limit: 200, offset: 0 }), this.lookups.roster(actor)]);
    this.pages.render(req, res, 'admin/courses.njk', {
      title: '课程菜单', items, topic, form, error, roster, topics: optionsOf(TOPIC_ZH), formats: optionsOf(FORMAT_ZH), ...noticeOf(error),
    }, error?.status ?? 200);
  }

  // ---- accounts ----------------------------------------------------------------------------------

  @Get('accounts')
  accountForm(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.showAccounts(req, res, { role: 'branch' });
  }

  @Post('accounts')
  createAccount(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const role = text(body, 'role');
    // Each role takes exactly its own link; the form shows all three selects.
    const link = role === 'branch' ? { branchId: text(body, 'branchId') } : role === 'lecturer' ? { lecturerId: text(body, 'lecturerId') } : { regionId: text(body, 'regionId') };
    return createOrShowAgain(this.pages, res, '/admin/accounts', async () => {
      await this.accounts.create(actor, await validated(CreateAccountDto, { username: text(body, 'username'), password: text(body, 'password'), role, ...link }));
    }, (error) => this.showAccounts(req, res, { ...typed(body), password: undefined }, error));
  }

  private async showAccounts(req: PageRequest, res: Response, form: Typed, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const [branches, roster, regions] = await Promise.all([this.lookups.branchChoices(actor), this.lookups.roster(actor), this.lookups.regionChoices(actor)]);
    this.pages.render(req, res, 'admin/accounts.njk', {
      title: '账号', form, error, roles: optionsOf(ROLE_ZH), branches, lecturers: roster.map((l) => ({ value: l.id, label: l.name })), regions, ...noticeOf(error),
    }, error?.status ?? 200);
  }
}

/** The refusal as the page's notice. */
function noticeOf(error: PageError | undefined): { notice?: { kind: 'error'; message: string; fields: string[] } } {
  return error ? { notice: { kind: 'error', message: error.message, fields: error.fields } } : {};
}
