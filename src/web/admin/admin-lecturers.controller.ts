import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CATEGORY_ZH, FORMAT_ZH, LANGUAGE_ZH, LEVEL_ZH, TOPIC_ZH, optionsOf } from '../../i18n/labels-zh.js';
import { LECTURER_CATEGORIES, LECTURER_LEVELS } from '../../kernel/vocabulary.js';
import { CreateLecturerDto, type LecturerView, UpdateLecturerDto } from '../../lecturers/lecturers.dto.js';
import { LecturersService } from '../../lecturers/lecturers.service.js';
import type { PageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, list, num, required, text, validated } from '../shared/form-fields.js';
import { languagesOf, teachingForm, topicsOf } from '../shared/lecturer-fields.js';
import { createOrShowAgain } from '../shared/page-actions.js';
import { oneOf, PageId, pageNumber, pager } from '../shared/page-params.js';
import { AdminLookups } from './admin-lookups.js';
import { PAGE_SIZE, renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';

/** The lecturer's fields as the form gives them (the same for adding and for changing one). */
function lecturerFields(body: FormBody) {
  return {
    name: required(body, 'name'),
    category: text(body, 'category'),
    level: text(body, 'level'),
    regionId: text(body, 'regionId'),
    latitude: num(body, 'latitude'),
    longitude: num(body, 'longitude'),
    topics: topicsOf(body),
    languages: languagesOf(body),
    formats: list(body, 'formats'),
    maxLecturesPerMonth: num(body, 'maxLecturesPerMonth'),
    travelRadiusKm: num(body, 'travelRadiusKm'),
  };
}

/** A stored lecturer as the form shows it: the menu's topics and languages as boxes, the rest typed out. */
function storedForm(l: LecturerView): TypedForm {
  return {
    name: l.name,
    category: l.category,
    level: l.level,
    regionId: l.regionId,
    ...teachingForm(l, adminText('admin.common.comma')),
    maxLecturesPerMonth: String(l.maxLecturesPerMonth),
    travelRadiusKm: String(l.travelRadiusKm),
    latitude: String(l.latitude),
    longitude: String(l.longitude),
  };
}

/** The lecturer pool (讲师库): the list in the admin's scope, the form to add a lecturer and each one's page to change it, through LecturersService. */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/lecturers')
export class AdminLecturersController {
  constructor(
    private readonly lecturers: LecturersService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  listPage(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.show(req, res, q, { maxLecturesPerMonth: '4', travelRadiusKm: '200', languages: ['zh'] });
  }

  @Post()
  create(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/lecturers',
      async () => {
        await this.lecturers.create(actor, await validated(CreateLecturerDto, lecturerFields(body)));
      },
      (error) => this.show(req, res, req.query, typedForm(body), error),
    );
  }

  /** A lecturer's page: the same form, filled with what is stored, to correct a name, a home, a cap … */
  @Get(':id')
  async editPage(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    const lecturer = await this.lecturers.get(actorOf(req), id);
    return this.showOne(req, res, lecturer, storedForm(lecturer));
  }

  @Post(':id')
  async update(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const lecturer = await this.lecturers.get(actor, id);
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/lecturers',
      async () => {
        await this.lecturers.update(
          actor,
          id,
          await validated(UpdateLecturerDto, await this.lookups.placeAsMeant(actor, lecturer, lecturerFields(body))),
        );
      },
      (error) => this.showOne(req, res, lecturer, typedForm(body), error),
      'saved',
    );
  }

  private async showOne(req: PageRequest, res: Response, lecturer: LecturerView, form: TypedForm, error?: PageError): Promise<void> {
    const regions = await this.lookups.regionChoices(actorOf(req));
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/lecturer.njk',
      {
        title: lecturer.name,
        lecturerId: lecturer.id,
        regions,
        // The pool is the city's, but a banner admin changes only the lecturers whose home is in its banner.
        editable: await this.lecturers.mayManage(actorOf(req), lecturer.id),
        ...this.choices(),
      },
      form,
      error,
    );
  }

  private choices() {
    return {
      categories: optionsOf(CATEGORY_ZH),
      levels: optionsOf(LEVEL_ZH),
      topics: optionsOf(TOPIC_ZH),
      formats: optionsOf(FORMAT_ZH),
      languages: optionsOf(LANGUAGE_ZH),
    };
  }

  private async show(req: PageRequest, res: Response, q: Record<string, unknown>, form: TypedForm, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const category = oneOf(q.category, LECTURER_CATEGORIES);
    const level = oneOf(q.level, LECTURER_LEVELS);
    const page = pageNumber(q.page);
    const [{ items, total }, regions] = await Promise.all([
      this.lecturers.list(actor, { category, level, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.lookups.regionChoices(actor),
    ]);
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/lecturers.njk',
      {
        title: adminText('nav.lecturers'),
        items,
        category,
        level,
        pager: pager(page, PAGE_SIZE, total ?? 0, { category, level }),
        regions,
        ...this.choices(),
      },
      form,
      error,
    );
  }
}
