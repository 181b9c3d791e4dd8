import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NOTIFICATION_EVENT_ZH } from '../../i18n/notifications-zh.js';
import type { PageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { NOTIFICATION_EVENTS } from '../../kernel/notification-events.js';
import { CreateWebhookDto } from '../../notifications/webhooks.dto.js';
import { WebhooksService } from '../../notifications/webhooks.service.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { WebSessionService } from '../plumbing/web-session.service.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, list, text, validated } from '../shared/form-fields.js';
import { createOrShowAgain, runAction } from '../shared/page-actions.js';
import { PageId } from '../shared/page-params.js';
import { renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';

/** A webhook just made, for the list to show its signing secret once. */
interface SecretShown {
  url: string;
  secret: string;
}

/** The events a webhook may ask for, with their Chinese names, in the order api.md lists them. */
const EVENT_CHOICES = NOTIFICATION_EVENTS.map((value) => ({ value, label: NOTIFICATION_EVENT_ZH[value] }));

/**
 * Webhooks (Webhook 订阅): an office's own system told of the events of the admin's scope, through WebhooksService.
 * The list with each webhook's events, the form to add one (its signing secret shown once), and removal, asked once more.
 */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/webhooks')
export class AdminWebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly pages: PageRenderer,
    private readonly session: WebSessionService,
  ) {}

  @Get()
  list(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.show(req, res, { events: [...NOTIFICATION_EVENTS] }, undefined, this.session.takeShownOnce<SecretShown>(req, res));
  }

  /** Made, then back to the list, which shows the secret once (never in a URL). */
  @Post()
  create(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/webhooks',
      async () => {
        const dto = await validated(CreateWebhookDto, {
          url: text(body, 'url'),
          events: list(body, 'events'),
          ...(text(body, 'description') ? { description: text(body, 'description') } : {}),
        });
        const made = await this.webhooks.create(actor, dto);
        this.session.showOnce(req, res, { url: made.url, secret: made.secret } satisfies SecretShown);
      },
      (error) => this.show(req, res, { ...typedForm(body), events: list(body, 'events') }, error),
    );
  }

  @Post(':id/delete')
  remove(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string): Promise<void> {
    return runAction(this.pages, res, '/admin/webhooks', 'deleted', () => this.webhooks.remove(actorOf(req), id));
  }

  private async show(req: PageRequest, res: Response, form: TypedForm, error?: PageError, made?: SecretShown): Promise<void> {
    // An office has a handful: the list whole.
    const page = await this.webhooks.list(actorOf(req), { limit: 200, offset: 0 });
    const items = page.items.map((w) => ({ ...w, eventLabels: w.events.map((e) => NOTIFICATION_EVENT_ZH[e]) }));
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/webhooks.njk',
      { title: adminText('nav.webhooks'), items, made, events: EVENT_CHOICES },
      form,
      error,
      // The form's own name for it (the field is a course's 简介 elsewhere).
      { description: adminText('admin.imports.note') },
    );
  }
}
