import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowedBeforePasswordChange, Roles } from '../../auth/actor.js';
import { ChangePasswordDto } from '../../auth/auth.dto.js';
import { type FormBody, text, validated } from '../shared/form-fields.js';
import { AccountsService } from '../../accounts/accounts.service.js';
import { validationFailed } from '../../common/domain-error.js';
import { isUiLanguage } from '../../i18n/language.js';
import { type Notice, toPageError } from '../../i18n/page-errors.js';
import { pageText } from '../../i18n/texts.js';
import { browserLanguage, rememberLanguage } from './page-language.js';
import { errorNotice, PageRenderer } from './page-renderer.js';
import { HOME_OF } from './role-menus.js';
import { actorOf, type PageRequest, WebPages } from './web-page.guard.js';
import { WebSessionService } from './web-session.service.js';

/** Only a path on this site: `next=//evil.example` or `next=https://…` would send a person elsewhere after logging in. */
function localPath(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : undefined;
}

/** Logging in and out, changing one's password, and the front door that sends each role to its own pages. */
@ApiExcludeController()
@WebPages()
@Controller()
export class SessionPagesController {
  constructor(
    private readonly session: WebSessionService,
    private readonly pages: PageRenderer,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  home(@Req() req: PageRequest, @Res() res: Response): void {
    res.redirect(303, req.actor ? HOME_OF[req.actor.role] : '/login');
  }

  /** The page a phone shows for a page it never saved, when there is no signal (the service worker keeps it). */
  @Get('offline')
  offlinePage(@Req() req: PageRequest, @Res() res: Response): void {
    this.pages.render(req, res, 'offline.njk', { title: pageText('offline.title') });
  }

  @Get('login')
  loginPage(@Req() req: PageRequest, @Res() res: Response, @Query('next') next?: string): void {
    if (req.actor) return res.redirect(303, localPath(next) ?? HOME_OF[req.actor.role]);
    this.pages.render(req, res, 'login.njk', { title: pageText('login.title'), next: localPath(next), insecure: !loginWorksHere(req) });
  }

  @Post('login')
  @HttpCode(200)
  async logIn(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const username = text(body, 'username') ?? '';
    const next = localPath(body.next);
    try {
      const actor = await this.session.logIn(res, username, text(body, 'password') ?? '');
      // The account's language follows it to this browser; a first choice made here before logging in is kept.
      const language = await this.accounts.settleUiLanguage(actor, browserLanguage(req) ?? null);
      if (language !== null) rememberLanguage(res, language);
      res.redirect(303, next ?? HOME_OF[actor.role]);
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500) throw err;
      this.pages.render(
        req,
        res,
        'login.njk',
        { title: pageText('login.title'), next, username, notice: { kind: 'error', message: error.message, fields: [] } },
        error.status,
      );
    }
  }

  /** The language switch (中文 / ᠮᠣᠩᠭᠣᠯ): remembered by the browser, and by the account when someone is logged in. */
  @Post('language')
  async chooseLanguage(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const language = text(body, 'language');
    if (!isUiLanguage(language)) throw validationFailed([{ field: 'language', message: 'language must be zh or mn' }]);
    if (req.actor) await this.accounts.setUiLanguage(req.actor, language);
    rememberLanguage(res, language);
    res.redirect(303, localPath(body.back) ?? '/');
  }

  @Post('logout')
  async logOut(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.session.logOut(req, res);
    // Pages kept for offline use are this person's: a shared phone keeps none of them after logout.
    res.setHeader('Clear-Site-Data', '"cache", "storage"');
    res.redirect(303, '/login?done=loggedOut');
  }

  /** Changing one's password; after a reset (a temporary password) every other page leads here first. */
  @Get('password')
  @Roles('admin', 'branch', 'lecturer')
  @AllowedBeforePasswordChange()
  passwordPage(@Req() req: PageRequest, @Res() res: Response, @Query('next') next?: string): Promise<void> {
    return this.showPasswordPage(req, res, localPath(next));
  }

  @Post('password')
  @Roles('admin', 'branch', 'lecturer')
  @AllowedBeforePasswordChange()
  async changePassword(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const next = localPath(body.next);
    try {
      // A mistyped new password would lock its owner out: the page asks for it twice.
      if (text(body, 'newPasswordAgain') !== text(body, 'newPassword'))
        throw validationFailed([{ field: 'newPasswordAgain', message: 'the new password was not typed the same twice' }]);
      const dto = await validated(ChangePasswordDto, {
        currentPassword: text(body, 'currentPassword'),
        newPassword: text(body, 'newPassword'),
      });
      await this.session.changePassword(req, dto.currentPassword, dto.newPassword);
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500) throw err;
      return this.showPasswordPage(req, res, next, errorNotice(error), error.status);
    }
    this.pages.redirect(res, next ?? HOME_OF[actorOf(req).role], 'passwordChanged');
  }

  /** `next`: the page a temporary password kept the person from, where the change leads. */
  private async showPasswordPage(req: PageRequest, res: Response, next?: string, notice?: Notice, status = 200): Promise<void> {
    const forced = (await this.session.sessionOf(req))?.passwordChangeRequired ?? false;
    this.pages.render(req, res, 'password.njk', { title: pageText('password.title'), forced, next, ...(notice ? { notice } : {}) }, status);
  }
}

/** Secure cookies need HTTPS, or a browser that trusts the host as local (localhost, 127.0.0.1). */
function loginWorksHere(req: PageRequest): boolean {
  return req.secure || ['localhost', '127.0.0.1', '[::1]', '::1'].includes(req.hostname);
}
