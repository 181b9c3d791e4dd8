import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type CourseView, CreateCourseDto, UpdateCourseDto } from '../../courses/courses.dto.js';
import { CoursesService } from '../../courses/courses.service.js';
import { FORMAT_ZH, TOPIC_ZH, optionsOf } from '../../i18n/labels-zh.js';
import { TOPICS } from '../../kernel/vocabulary.js';
import type { PageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, list, num, text, validated } from '../shared/form-fields.js';
import { createOrShowAgain } from '../shared/page-actions.js';
import { oneOf, PageId } from '../shared/page-params.js';
import { AdminLookups } from './admin-lookups.js';
import { renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';
import { CommonErrors } from '../../common/domain-error.js';

/** The course's fields as the form gives them (the same for adding and for changing one). */
function courseFields(body: FormBody) {
  return {
    title: text(body, 'title'),
    topic: text(body, 'topic'),
    description: text(body, 'description'),
    durationMinutes: num(body, 'durationMinutes'),
    formats: list(body, 'formats'),
    lecturerIds: list(body, 'lecturerIds'),
  };
}

/** A stored course as the form shows it. */
function storedForm(c: CourseView): TypedForm {
  return {
    title: c.title,
    topic: c.topic,
    description: c.description ?? undefined,
    durationMinutes: String(c.durationMinutes),
    formats: c.formats,
    lecturerIds: c.lecturerIds,
  };
}

/**
 * The course menu (课程菜单): its courses, by topic, the form to add one with its lecturers and each one's page to
 * correct it, through CoursesService.
 */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/courses')
export class AdminCoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  listPage(@Req() req: PageRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.show(req, res, q, { durationMinutes: '90', formats: ['on_site', 'online'] });
  }

  @Post()
  create(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/courses',
      async () => {
        await this.courses.create(actorOf(req), await validated(CreateCourseDto, courseFields(body)));
      },
      (error) => this.show(req, res, req.query, typedForm(body), error),
    );
  }

  /** A course's page, for the admins who keep the menu: the same form, filled with what is stored. */
  @Get(':id')
  async editPage(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    await this.assertKeepsMenu(req);
    const course = await this.courses.get(id);
    return this.showOne(req, res, course, storedForm(course));
  }

  @Post(':id')
  async update(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    await this.assertKeepsMenu(req);
    const course = await this.courses.get(id);
    // A description cleared in the form is no description (left out, it would stay as it was).
    const fields = { ...courseFields(body), description: text(body, 'description') ?? '' };
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/courses',
      async () => {
        await this.courses.update(actorOf(req), id, await validated(UpdateCourseDto, fields));
      },
      (error) => this.showOne(req, res, course, typedForm(body), error),
      'saved',
    );
  }

  /** A banner admin reads the menu but does not keep it: its course pages answer as the API does. */
  private async assertKeepsMenu(req: PageRequest): Promise<void> {
    if (!(await this.courses.keepsMenu(actorOf(req)))) throw CommonErrors.FORBIDDEN();
  }

  private async showOne(req: PageRequest, res: Response, course: CourseView, form: TypedForm, error?: PageError): Promise<void> {
    const roster = await this.lookups.roster(actorOf(req));
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/course.njk',
      { title: course.title, courseId: course.id, roster, topics: optionsOf(TOPIC_ZH), formats: optionsOf(FORMAT_ZH) },
      form,
      error,
    );
  }

  private async show(req: PageRequest, res: Response, q: Record<string, unknown>, form: TypedForm, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const topic = oneOf(q.topic, TOPICS);
    const [{ items }, roster, keepsMenu] = await Promise.all([
      this.courses.list({ topic, limit: 200, offset: 0 }),
      this.lookups.roster(actor),
      this.courses.keepsMenu(actor),
    ]);
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/courses.njk',
      {
        title: adminText('nav.menu'),
        // The menu is the city's (POST /courses): a banner admin reads it and orders from it, a city admin keeps it.
        keepsMenu,
        items,
        topic,
        roster,
        topics: optionsOf(TOPIC_ZH),
        formats: optionsOf(FORMAT_ZH),
      },
      form,
      error,
    );
  }
}
