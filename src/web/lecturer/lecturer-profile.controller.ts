import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { requireLecturerId } from '../../auth/actor.js';
import { optionsOf } from '../../i18n/labels-zh.js';
import { type FieldReason, type PageError, toPageError } from '../../i18n/page-errors.js';
import { pageText, texts } from '../../i18n/texts.js';
import { type LecturerView, SELF_SET_RADIUS_CAP_KM, UpdateLecturerDto } from '../../lecturers/lecturers.dto.js';
import { LecturersService } from '../../lecturers/lecturers.service.js';
import { errorNotice, PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, list, num, required, text, validated } from '../shared/form-fields.js';
import { languagesOf, teachingForm, topicsOf } from '../shared/lecturer-fields.js';

/** What a lecturer changes of their own profile on this page (the rest is the office's: ADMIN_ONLY_FIELDS). */
function ownFields(body: FormBody) {
  return {
    name: required(body, 'name'),
    topics: topicsOf(body),
    languages: languagesOf(body),
    formats: list(body, 'formats'),
    travelRadiusKm: num(body, 'travelRadiusKm'),
  };
}

/** The form as typed, to show again after a refusal. */
function typedForm(body: FormBody) {
  return {
    name: text(body, 'name') ?? '',
    topics: list(body, 'topics'),
    otherTopics: text(body, 'otherTopics') ?? '',
    languages: list(body, 'languages'),
    otherLanguages: text(body, 'otherLanguages') ?? '',
    formats: list(body, 'formats'),
    travelRadiusKm: text(body, 'travelRadiusKm') ?? '',
  };
}

type ProfileForm = ReturnType<typeof typedForm>;

const storedForm = (me: LecturerView): ProfileForm => ({
  name: me.name,
  ...teachingForm(me, pageText('common.listSep')),
  travelRadiusKm: String(me.travelRadiusKm),
});

/**
 * 我的资料: a lecturer keeps their own profile (domain.md) — the name, what they teach, in which languages and
 * forms, how far they travel (up to SELF_SET_RADIUS_CAP_KM) — and sees what the office decides for them.
 */
@ApiExcludeController()
@WebPages('lecturer')
@Controller('lecturer/profile')
export class LecturerProfileController {
  constructor(
    private readonly lecturers: LecturersService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const me = await this.me(req);
    this.show(req, res, me, storedForm(me));
  }

  @Post()
  async save(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const me = await this.me(req);
    try {
      await this.lecturers.update(actorOf(req), me.id, await validated(UpdateLecturerDto, ownFields(body)));
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500 || error.status === 404) throw err;
      return this.show(req, res, me, typedForm(body), withOwnRadiusCap(error));
    }
    this.pages.redirect(res, '/lecturer/profile', 'saved');
  }

  private me(req: PageRequest): Promise<LecturerView> {
    const actor = actorOf(req);
    return this.lecturers.get(actor, requireLecturerId(actor));
  }

  private show(req: PageRequest, res: Response, me: LecturerView, form: ProfileForm, error?: PageError): void {
    const t = texts();
    // A person's name (姓名), where the usual word for a field `name` is a thing's (名称).
    const personName = { name: pageText('sheet.name') };
    this.pages.render(
      req,
      res,
      'lecturer/profile.njk',
      {
        title: pageText('nav.profile'),
        decided: { category: t.category[me.category], level: t.level[me.level], cap: me.maxLecturesPerMonth },
        labels: { ...t.fields, ...personName },
        topics: optionsOf(t.topic),
        languages: optionsOf(t.language),
        formats: optionsOf(t.format),
        radiusCap: SELF_SET_RADIUS_CAP_KM,
        form,
        ...(error ? { notice: errorNotice(error, personName) } : {}),
      },
      error?.status ?? 200,
    );
  }
}

/**
 * A radius beyond what anyone may set (the form's own limit left out) is beyond what the lecturer may set too: said
 * as their limit (不能大于 500), not the office's (2000), which the page's hint never named.
 */
function withOwnRadiusCap(error: PageError): PageError {
  const own = (r: FieldReason): FieldReason =>
    r.field === 'travelRadiusKm' && r.why.startsWith('atMost.') ? { ...r, why: `atMost.${SELF_SET_RADIUS_CAP_KM}` } : r;
  return { ...error, reasons: error.reasons.map(own) };
}
