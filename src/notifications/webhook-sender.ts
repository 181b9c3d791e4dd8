import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { Agent } from 'undici';
import { AppConfig } from '../config/app-config.js';
import { systemClock } from '../kernel/clock.js';
import { accepted, type DeliveryOutcome, outcomeOfError, outcomeOfStatus } from './delivery-outcome.js';
import type { DeliveryToSend } from './deliveries.repository.js';
import { FORBIDDEN_ADDRESS, type Lookup, guardedLookup, isForbiddenAddress } from './webhook-address.js';

/** The DNS lookup the webhooks' sockets use (a test's own resolver in place of the system's). */
export const WEBHOOK_DNS_LOOKUP = Symbol('WEBHOOK_DNS_LOOKUP');

/** Of an answer that is not 2xx, the start kept as the error (outcomeOfStatus keeps 200 characters). */
const ERROR_BODY_BYTES = 1_024;

/** The body of a webhook call (Standard Webhooks): the event's type, when it happened, and its order's facts. */
export function webhookBody(d: Pick<DeliveryToSend, 'event' | 'occurredAt' | 'orderId' | 'data'>): string {
  return JSON.stringify({ type: d.event, timestamp: new Date(d.occurredAt).toISOString(), data: { orderId: d.orderId, ...d.data } });
}

/**
 * Posts an event to an office's own system, signed as the Standard Webhooks specification says (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<HMAC-SHA256>`). The id is the delivery's, the same on every
 * retry, so that a receiver can tell a retry from a new event. undici's client on kept-alive connections: a
 * call costs the app ~30-60 µs of CPU, against ~90 for Node's own client and ~130 with a time-out signal (a
 * local receiver, 20,000 calls 16 at a time), and the app's requests share that CPU. Redirects are not
 * followed. Every socket resolves its name through `guardedLookup`, so a name that resolves to a forbidden
 * address is refused at each call.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly dispatcher: Agent;

  constructor(config: AppConfig, @Optional() @Inject(WEBHOOK_DNS_LOOKUP) lookup?: Lookup) {
    // How long a receiver may take to answer before the attempt counts as failed (and is retried).
    const timeout = config.DELIVERY_TIMEOUT_MS;
    this.dispatcher = new Agent({ connect: { lookup: guardedLookup(lookup), timeout }, headersTimeout: timeout, bodyTimeout: timeout });
  }

  /** One attempt; `cancel` ends a call in flight early (the app shutting down). */
  async send(d: DeliveryToSend, cancel?: AbortSignal): Promise<DeliveryOutcome> {
    const body = webhookBody(d);
    // The receiver checks the timestamp against its own clock (a replay guard): it is the machine's, not business time.
    const timestamp = new Date(systemClock.now());
    const signature = new Webhook(d.webhookSecret as string).sign(d.id, timestamp, body);
    const url = new URL(d.webhookUrl as string);
    if (isForbiddenAddress(url.hostname)) return { kind: 'refused', error: `${url.hostname}: an address webhooks may not reach` };
    try {
      const { status, text } = await this.post(url, body, cancel, {
        'content-type': 'application/json',
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      });
      return outcomeOfStatus(status, text);
    } catch (err) {
      const outcome = outcomeOfError(err);
      // The same address will be refused again: not worth a retry.
      return outcome.kind === 'retry' && (err as NodeJS.ErrnoException).code === FORBIDDEN_ADDRESS
        ? { kind: 'refused', error: outcome.error }
        : outcome;
    }
  }

  /**
   * One POST, answered or failed: connecting, the answer's head and each piece of its body may take at most
   * DELIVERY_TIMEOUT_MS. Of a 2xx answer the body is dropped unread; of another, its start is kept as the error.
   */
  private async post(
    url: URL,
    body: string,
    cancel: AbortSignal | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const res = await this.dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'POST',
      headers,
      body,
      signal: cancel,
    });
    const status = res.statusCode;
    if (accepted(status)) {
      await res.body.dump();
      return { status, text: '' };
    }
    res.body.setEncoding('utf8');
    let text = '';
    for await (const chunk of res.body as AsyncIterable<string>) {
      text += chunk;
      if (text.length >= ERROR_BODY_BYTES) break;
    }
    return { status, text: text.slice(0, ERROR_BODY_BYTES) };
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.destroy();
  }
}
