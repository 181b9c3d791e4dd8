import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import { type Page, type PageQuery, pageOfList, type SortColumn, timestampKey } from '../common/pagination.js';
import { validationFailed } from '../common/domain-error.js';
import { Clock } from '../kernel/clock.js';
import { type DeliveryRow, DeliveriesRepository, type WebhookRow } from './deliveries.repository.js';
import { DeliveryWorker } from './delivery-worker.js';
import { NotificationErrors } from './notifications.errors.js';
import { isForbiddenAddress } from './webhook-address.js';
import type { CreatedWebhook, CreateWebhookDto, DeliveryPage, DeliveryQuery, DeliveryView, WebhookView } from './webhooks.dto.js';

const iso = (t: Date | null): string | null => (t === null ? null : new Date(t).toISOString());

const NEWEST_WEBHOOKS: SortColumn[] = [
  { sql: 'w.created_at', kind: 'timestamp', desc: true },
  { sql: 'w.id', kind: 'uuid' },
];

function toWebhookView(w: WebhookRow): WebhookView {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    description: w.description,
    regionId: w.regionId,
    createdAt: new Date(w.createdAt).toISOString(),
  };
}

export function toDeliveryView({ webhookDeleted, ...d }: DeliveryRow): DeliveryView {
  return {
    ...d,
    retryable: d.status === 'failed' && !webhookDeleted,
    notBefore: iso(d.notBefore),
    createdAt: new Date(d.createdAt).toISOString(),
    sentAt: iso(d.sentAt),
  };
}

/**
 * Admins' webhooks (an office's own systems told of the events of its scope) and the deliveries of every
 * channel: each one's attempts and last error, the failed ones, and retrying them by hand.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: DeliveriesRepository,
    private readonly worker: DeliveryWorker,
    private readonly clock: Clock,
  ) {}

  /** A webhook for events of the admin's scope; its signing secret is answered this once. */
  async create(actor: Actor, dto: CreateWebhookDto): Promise<CreatedWebhook> {
    // What the validator takes for a URL but Node's parser does not (an IPv6 zone, `[fe80::1%25lo]`) cannot be called.
    if (!URL.canParse(dto.url)) throw validationFailed([{ field: 'url', message: 'url must be a URL address' }]);
    const url = new URL(dto.url);
    // Every admin of the scope reads the URL in lists and delivery logs: the signature, not a password, proves the call.
    if (url.username !== '' || url.password !== '')
      throw validationFailed([
        { field: 'url', message: 'url must not carry a user name or password (the webhook-signature header proves who calls)' },
      ]);
    if (isForbiddenAddress(url.hostname)) throw NotificationErrors.WEBHOOK_URL_FORBIDDEN();
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const row = await this.repo.insertWebhook({ ...dto, secret, regionId: regionScopeOf(actor), createdBy: actor.accountId });
    return { ...toWebhookView(row), secret };
  }

  /** The scope's webhooks, newest first (an office has a handful: read whole, paged as every list). */
  async list(actor: Actor, q: PageQuery): Promise<Page<WebhookView>> {
    const page = pageOfList(await this.repo.webhooks(regionScopeOf(actor)), q, NEWEST_WEBHOOKS, (w) => [timestampKey(w.createdAt), w.id]);
    return { ...page, items: page.items.map(toWebhookView) };
  }

  private async visible(actor: Actor, id: string): Promise<WebhookRow> {
    const [row] = await this.repo.webhooks(regionScopeOf(actor), { id });
    if (!row) throw NotificationErrors.WEBHOOK_NOT_FOUND();
    return row;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.visible(actor, id);
    await this.repo.deleteWebhook(id, new Date(this.clock.now()));
  }

  async deliveriesOf(actor: Actor, id: string, q: DeliveryQuery): Promise<DeliveryPage> {
    await this.visible(actor, id);
    const page = await this.repo.page({ scope: regionScopeOf(actor), webhookId: id, status: q.status }, q);
    return { ...page, items: page.items.map(toDeliveryView) };
  }

  /** Deliveries of every channel for events in the admin's scope (`status=failed`: what finally failed). */
  async deliveries(actor: Actor, q: DeliveryQuery): Promise<DeliveryPage> {
    const page = await this.repo.page({ scope: regionScopeOf(actor), status: q.status }, q);
    return { ...page, items: page.items.map(toDeliveryView) };
  }

  /** A failed delivery tried again by hand: pending, with a new job of its own (and its own retries). */
  async retry(actor: Actor, id: string, opts: { seenAttempts?: number } = {}): Promise<DeliveryView> {
    const found = await this.repo.find(regionScopeOf(actor), id);
    if (!found) throw NotificationErrors.DELIVERY_NOT_FOUND();
    const reopened = await this.repo.reopen(id, opts.seenAttempts);
    if (reopened === 'webhookDeleted') throw NotificationErrors.DELIVERY_WEBHOOK_DELETED();
    if (reopened === 'notFailed') throw NotificationErrors.DELIVERY_NOT_FAILED();
    await this.worker.enqueue(id, { byHand: true });
    return toDeliveryView((await this.repo.find(regionScopeOf(actor), id)) as DeliveryRow);
  }
}
