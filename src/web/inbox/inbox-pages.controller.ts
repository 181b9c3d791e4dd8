import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { toPageError } from '../../i18n/page-errors.js';
import { pageText } from '../../i18n/texts.js';
import { NotificationSettingsDto, type NotificationSettingsView } from '../../notifications/notification-settings.dto.js';
import { NotificationSettingsService } from '../../notifications/notification-settings.service.js';
import { InboxQuery } from '../../notifications/notifications.dto.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { errorNotice, PageRenderer } from '../plumbing/page-renderer.js';
import { checked, type FormBody, text, validated } from '../shared/form-fields.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { PageId } from '../shared/page-params.js';
import { runAction } from '../shared/page-actions.js';

const PAGE_SIZE = 30;

/** Every account's inbox (通知): what happened to its orders and what waits for it, newest first. */
@ApiExcludeController()
@WebPages('admin', 'branch', 'lecturer')
@Controller('inbox')
export class InboxPagesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly settings: NotificationSettingsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async inbox(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('unread') unread?: string,
    @Query('cursor') cursor?: string,
  ): Promise<void> {
    const unreadOnly = unread === '1';
    const q = Object.assign(new InboxQuery(), { limit: PAGE_SIZE, unread: unreadOnly, ...(cursor ? { cursor } : {}) });
    const inbox = await this.notifications.inbox(actorOf(req), q, { counted: false });
    const more =
      inbox.nextCursor === null
        ? undefined
        : `?${new URLSearchParams({ ...(unreadOnly ? { unread: '1' } : {}), cursor: inbox.nextCursor }).toString()}`;
    this.pages.render(req, res, 'inbox/index.njk', { title: pageText('layout.inbox'), inbox, unreadOnly, more });
  }

  /** Where else to be told (SMS, e-mail) and when not (quiet hours). */
  @Get('settings')
  async settingsPage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    this.pages.render(req, res, 'inbox/settings.njk', { title: pageText('settings.title'), form: await this.settings.get(actorOf(req)) });
  }

  @Post('settings')
  async saveSettings(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const form: NotificationSettingsView = {
      phone: text(body, 'phone') ?? null,
      email: text(body, 'email') ?? null,
      channels: { sms: checked(body, 'sms'), email: checked(body, 'emailOn') },
      quietHours: { from: text(body, 'quietFrom') ?? '', to: text(body, 'quietTo') ?? '' },
    };
    try {
      const dto = await validated(NotificationSettingsDto, { ...form, phone: form.phone ?? undefined, email: form.email ?? undefined });
      await this.settings.put(actorOf(req), dto);
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500) throw err;
      this.pages.render(
        req,
        res,
        'inbox/settings.njk',
        { title: pageText('settings.title'), form, notice: errorNotice(error) },
        error.status,
      );
      return;
    }
    this.pages.redirect(res, '/inbox/settings', 'saved');
  }

  /** Opening a notification marks it read and goes to the page where one acts on it. */
  @Post(':id/open')
  async open(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    const seen = await this.notifications.markRead(actorOf(req), id);
    this.pages.redirect(res, seen.link);
  }

  @Post('read-all')
  async readAll(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await runAction(this.pages, res, '/inbox', 'read', () => this.notifications.markAllRead(actorOf(req)));
  }
}
