import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type PublicSheet, SignInDto } from '../../attendance/attendance.dto.js';
import { AttendanceService } from '../../attendance/attendance.service.js';
import { clientAddress } from '../../common/shared-rate-limiter.js';
import { EvidenceService } from '../../evidence/evidence.service.js';
import { hasCode } from '../../i18n/error-codes.js';
import { toPageError } from '../../i18n/page-errors.js';
import { pageText } from '../../i18n/texts.js';
import { errorNotice, PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, text, validated } from '../shared/form-fields.js';
import { PageId } from '../shared/page-params.js';

/** Attendees' sign-in page (签到), opened from the lecturer's QR code on a phone, with no account; in Chinese or Mongolian, as the phone chose. */
@ApiExcludeController()
@WebPages()
@Controller('sign-in')
export class SignInPagesController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':code')
  async form(@Req() req: PageRequest, @Res() res: Response, @Param('code') code: string): Promise<void> {
    const sheet = await this.attendance.publicSheet(code);
    if (!sheet.open) return this.closed(req, res, sheet);
    this.pages.render(req, res, 'field/sign-in.njk', { title: pageText('signIn.title'), sheet, code });
  }

  @Post(':code/form')
  async signIn(@Req() req: PageRequest, @Res() res: Response, @Param('code') code: string, @Body() body: FormBody): Promise<void> {
    const form = { name: text(body, 'name'), phone: text(body, 'phone') };
    try {
      const { recorded } = await this.attendance.signIn(code, await validated(SignInDto, form), clientAddress(req));
      this.pages.redirect(res, `/sign-in/${code}`, recorded ? 'signedIn' : 'signedInAgain');
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500 || error.status === 404) throw err;
      const sheet = await this.attendance.publicSheet(code);
      if (hasCode(err, 'SIGN_IN_CLOSED')) return this.closed(req, res, sheet);
      this.pages.render(
        req,
        res,
        'field/sign-in.njk',
        // An attendee's name is a person's: named as the form's label has it (姓名), not as a place's (名称).
        {
          title: pageText('signIn.title'),
          sheet,
          code,
          form,
          notice: errorNotice(error, { name: pageText('sheet.name') }),
        },
        error.status,
      );
    }
  }

  /** 410: not open now (before or after its window), or closed for good once the lecture is reported given. */
  private closed(req: PageRequest, res: Response, sheet: PublicSheet): void {
    const title = pageText(sheet.finished ? 'signIn.finishedTitle' : 'signIn.closedTitle');
    this.pages.render(req, res, 'field/sign-in-closed.njk', { title, sheet }, 410);
  }
}

/** Evidence photos for the pages' session (the API's image route takes a bearer token only). */
@ApiExcludeController()
@WebPages('admin', 'branch', 'lecturer')
@Controller('photos')
export class PhotoPagesController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id')
  async photo(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    const bytes = await this.evidence.image(actorOf(req), id);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.type('image/jpeg').send(bytes);
  }
}
