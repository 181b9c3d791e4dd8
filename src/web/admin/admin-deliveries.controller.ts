import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CHANNEL_ZH, NOTIFICATION_EVENT_ZH, deliveryErrorZh } from '../../i18n/notifications-zh.js';
import { adminText } from '../../i18n/texts.js';
import { DeliveryQuery } from '../../notifications/webhooks.dto.js';
import { WebhooksService } from '../../notifications/webhooks.service.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, num } from '../shared/form-fields.js';
import { runAction } from '../shared/page-actions.js';
import { PageId } from '../shared/page-params.js';

const PAGE_SIZE = 50;

/** What finally failed to reach people or systems (SMS, e-mail, webhooks) in the admin's scope, to retry by hand. */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/deliveries')
export class AdminDeliveriesController {
  constructor(
    private readonly deliveries: WebhooksService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async failed(@Req() req: PageRequest, @Res() res: Response, @Query('cursor') cursor?: string): Promise<void> {
    const q = Object.assign(new DeliveryQuery(), { status: 'failed', limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    const page = await this.deliveries.deliveries(actorOf(req), q);
    const rows = page.items.map((d) => ({
      ...d,
      eventLabel: NOTIFICATION_EVENT_ZH[d.event],
      channelLabel: CHANNEL_ZH[d.channel],
      errorZh: deliveryErrorZh(d.lastError),
    }));
    const more = page.nextCursor === null ? undefined : `?${new URLSearchParams({ cursor: page.nextCursor }).toString()}`;
    this.pages.render(req, res, 'admin/deliveries.njk', { title: adminText('nav.deliveries'), rows, more });
  }

  /** The failure the page showed (its attempts so far) is the one retried: the form sent twice retries once. */
  @Post(':id/retry')
  async retry(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const seen = num(body, 'attempts');
    const seenAttempts = Number.isSafeInteger(seen) ? (seen as number) : undefined;
    await runAction(this.pages, res, '/admin/deliveries', 'retried', () => this.deliveries.retry(actorOf(req), id, { seenAttempts }));
  }
}
