import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateCourseDto } from '../../courses/courses.dto.js';
import { CoursesService } from '../../courses/courses.service.js';
import { FORMAT_ZH, TOPIC_ZH, optionsOf } from '../../i18n/labels-zh.js';
import { TOPICS } from '../../kernel/vocabulary.js';
import type { PageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, list, num, text, validated } from '../shared/form-fields.js';
import { createOrShowAgain } from '../shared/page-actions.js';
import { oneOf } from '../shared/page-params.js';
import { AdminLookups } from './admin-lookups.js';
import { renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';

/** The course menu (课程菜单): its courses, by topic, and the form to add one with its lecturers, through CoursesService. */
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
        await this.courses.create(
          actorOf(req),
          await validated(CreateCourseDto, {
            title: text(body, 'title'),
            topic: text(body, 'topic'),
            description: text(body, 'description'),
            durationMinutes: num(body, 'durationMinutes'),
            formats: list(body, 'formats'),
            lecturerIds: list(body, 'lecturerIds'),
          }),
        );
      },
      (error) => this.show(req, res, req.query, typedForm(body), error),
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
