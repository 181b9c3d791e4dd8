import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { systemClock } from '../kernel/clock.js';
import { type DeliveryOutcome, outcomeOfError, outcomeOfStatus } from './delivery-outcome.js';
import type { DeliveryToSend } from './deliveries.repository.js';
import { FORBIDDEN_ADDRESS, guardedLookup, isForbiddenAddress } from './webhook-address.js';

/** How long a receiver may take to answer before the attempt counts as failed (and is retried). */
const TIMEOUT_MS = 10_000;
/** Of an answer that is not 2xx, the start kept as the error (outcomeOfStatus keeps 200 characters). */
const ERROR_BODY_BYTES = 1_024;
const lookup = guardedLookup();

/** The body of a webhook call (Standard Webhooks): the event's type, when it happened, and its order's facts. */
export function webhookBody(d: Pick<DeliveryToSend, 'event' | 'occurredAt' | 'orderId' | 'data'>): string {
  return JSON.stringify({ type: d.event, timestamp: new Date(d.occurredAt).toISOString(), data: { orderId: d.orderId, ...d.data } });
}

/**
 * Posts an event to an office's own system, signed as the Standard Webhooks specification says (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<HMAC-SHA256>`). The id is the delivery's, the same on every
 * retry, so that a receiver can tell a retry from a new event. Node's own HTTP client on kept-alive
 * connections: a call costs a third of the CPU time of `fetch`, which the app's requests share. Redirects are
 * not followed.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

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

  /** One POST, answered (its body read only when it is not 2xx) or failed within TIMEOUT_MS. */
  private post(
    url: URL,
    body: string,
    cancel: AbortSignal | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const https = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: https ? this.agents.https : this.agents.http,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: cancel ? AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), cancel]) : AbortSignal.timeout(TIMEOUT_MS),
          lookup,
        },
        (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (status < 200 || status >= 300) text = (text + chunk).slice(0, ERROR_BODY_BYTES);
          });
          res.on('end', () => resolve({ status, text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  onModuleDestroy(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
