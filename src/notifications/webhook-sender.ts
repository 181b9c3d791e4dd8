import { Injectable } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { systemClock } from '../kernel/clock.js';
import { type DeliveryOutcome, outcomeOfError, outcomeOfStatus } from './delivery-outcome.js';
import type { DeliveryToSend } from './deliveries.repository.js';

/** How long a receiver may take to answer before the attempt counts as failed (and is retried). */
const TIMEOUT_MS = 10_000;

/** The body of a webhook call (Standard Webhooks): the event's type, when it happened, and its order's facts. */
export function webhookBody(d: Pick<DeliveryToSend, 'event' | 'occurredAt' | 'orderId' | 'data'>): string {
  return JSON.stringify({ type: d.event, timestamp: new Date(d.occurredAt).toISOString(), data: { orderId: d.orderId, ...d.data } });
}

/**
 * Posts an event to an office's own system, signed as the Standard Webhooks specification says (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<HMAC-SHA256>`). The id is the delivery's, the same on every
 * retry, so that a receiver can tell a retry from a new event.
 */
@Injectable()
export class WebhookSender {
  async send(d: DeliveryToSend): Promise<DeliveryOutcome> {
    const body = webhookBody(d);
    // The receiver checks the timestamp against its own clock (a replay guard): it is the machine's, not business time.
    const timestamp = new Date(systemClock.now());
    const signature = new Webhook(d.webhookSecret as string).sign(d.id, timestamp, body);
    try {
      const res = await fetch(d.webhookUrl as string, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
      });
      return outcomeOfStatus(res.status, await res.text().catch(() => ''));
    } catch (err) {
      return outcomeOfError(err);
    }
  }
}
