import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, systemClock } from '../kernel/clock.js';
import { JobQueue } from '../queue/job-queue.js';
import { type DeliveryOutcome, statusAfter } from './delivery-outcome.js';
import { type DeliveryToSend, DeliveriesRepository } from './deliveries.repository.js';
import { DEFAULT_QUIET_HOURS, quietUntil } from './quiet-hours.js';
import { AppConfig } from '../config/app-config.js';
import { mailOf, smsParams } from './channel-message.js';
import { MailSender } from './mail-sender.js';
import { orderLink } from './notifications.service.js';
import { SmsGateway } from './sms-gateway.js';
import { WebhookSender } from './webhook-sender.js';

/** One delivery's job: its retries, a hold by quiet hours, a retry by hand. */
export const DELIVER_TASK = 'deliver_notification';
/** The deliveries the fan-out trigger queued, in batches (see the migration Notifications). */
export const DELIVER_BATCH_TASK = 'deliver_notifications';
/**
 * Nine attempts: the first (in a batch), then a job of its own 3 s later, retried with the queue's exponential
 * backoff (e^n s), about 1.3 hours in all.
 */
export const MAX_ATTEMPTS = 9;
const FIRST_RETRY_MS = 3_000;
/** A pending delivery untouched this long lost its job (the longest backoff is under an hour): it is queued again. */
const STALE_MS = 2 * 3_600_000;
/** How often the relay looks for new deliveries, and how many it hands to the queue as one batch job. */
const RELAY_MS = 100;
const RELAY_BATCH = 100;
/** How many deliveries of a batch are sent at once. */
const BATCH_LANES = 16;

/** The outcome of one attempt, decided inside the delivery's lock. */
type Step = { done: true } | { retry: string };

/**
 * Sends each delivery the fan-out trigger queued, from the job queue: the delivery row is locked while it is
 * sent (a second job for it skips it, on any instance), the attempt is recorded, and a failure worth retrying
 * is thrown after the commit so that the queue tries again with backoff. SMS and e-mail wait for the end of
 * the recipient's quiet hours.
 */
@Injectable()
export class DeliveryWorker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private relayTimer?: NodeJS.Timeout;
  private relayStopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesRepository,
    private readonly webhooks: WebhookSender,
    private readonly sms: SmsGateway,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.register(DELIVER_TASK, (payload) => this.deliver((payload as { deliveryId: string }).deliveryId));
    this.queue.register(DELIVER_BATCH_TASK, (payload) => this.deliverBatch(payload as string[]));
    this.queue.register('requeue_stale_deliveries', async () => void (await this.requeueStale()), { cron: '*/15 * * * *' });
    this.queue.onStart(() => Promise.resolve(this.scheduleRelay()));
  }

  onModuleDestroy(): void {
    this.relayStopped = true;
    clearTimeout(this.relayTimer);
  }

  private scheduleRelay(): void {
    if (this.relayStopped) return;
    this.relayTimer = setTimeout(() => {
      this.relay()
        .catch((err: unknown) => this.logger.warn({ err }, 'relaying deliveries failed; will try again'))
        .finally(() => this.scheduleRelay());
    }, RELAY_MS);
  }

  /**
   * The outbox relay: hands the deliveries the fan-out trigger wrote to the queue, a batch job at a time, in one
   * transaction with marking them handed (so none is lost or handed twice, whichever instance relays). Keeping
   * the queue out of the change's own transaction keeps its NOTIFY, which serialises commits, off the hot path.
   */
  async relay(): Promise<number> {
    let total = 0;
    for (;;) {
      const handed = await this.dataSource.transaction(async (manager) => {
        const ids = await this.deliveries.claimUnqueued(manager, RELAY_BATCH);
        if (ids.length > 0) await this.queue.addWithin(manager, DELIVER_BATCH_TASK, ids, { maxAttempts: 3 });
        return ids.length;
      });
      total += handed;
      if (handed < RELAY_BATCH) return total;
    }
  }

  /** Queues (again) one delivery; a job still waiting for it is replaced, not doubled. */
  enqueue(id: string, opts: { keepRunAt?: boolean } = {}): Promise<void> {
    return this.queue.add(
      DELIVER_TASK,
      { deliveryId: id },
      { jobKey: id, maxAttempts: MAX_ATTEMPTS, jobKeyMode: opts.keepRunAt ? 'preserve_run_at' : 'replace' },
    );
  }

  /**
   * The safety net: a delivery whose job was lost is queued again (a second job for a delivery is harmless: it
   * finds the delivery sent, or locked, and leaves it). Machine time, as the queue's and the rows' own.
   */
  async requeueStale(): Promise<number> {
    const ids = await this.deliveries.staleIds(new Date(systemClock.now() - STALE_MS));
    for (const id of ids) await this.enqueue(id, { keepRunAt: true });
    if (ids.length > 0) this.logger.warn(`queued ${ids.length} delivery(ies) again whose job was lost`);
    return ids.length;
  }

  /** One delivery's own job: a failure worth retrying is thrown (after the commit), so the queue backs off. */
  async deliver(id: string): Promise<void> {
    const step = await this.attempt(id, { inBatch: false });
    if ('retry' in step) throw new Error(step.retry);
  }

  /**
   * A batch: each delivery is tried once, several at a time; one that is to be retried (or whose attempt broke)
   * becomes a job of its own, so that a batch never has to be run again.
   */
  async deliverBatch(ids: string[]): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++];
        await this.attempt(id, { inBatch: true }).catch(async (err: unknown) => {
          this.logger.warn({ err, deliveryId: id }, 'delivery attempt broke; queued on its own');
          await this.queue.add(DELIVER_TASK, { deliveryId: id }, { jobKey: id, maxAttempts: MAX_ATTEMPTS });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_LANES, ids.length) }, lane));
  }

  /** One attempt, under the delivery's row lock; the delivery's own count of attempts decides when it fails for good. */
  private attempt(id: string, opts: { inBatch: boolean }): Promise<Step> {
    return this.dataSource.transaction(async (manager): Promise<Step> => {
      const d = await this.deliveries.lockPending(manager, id);
      if (!d) return { done: true };
      const heldUntil = this.heldUntil(d);
      if (heldUntil !== undefined) {
        // Held and queued again together. The queue runs on the machine's clock: the same length of time from now.
        await this.deliveries.hold(manager, id, new Date(heldUntil));
        const runAt = new Date(systemClock.now() + (heldUntil - this.clock.now()));
        await this.queue.addWithin(manager, DELIVER_TASK, { deliveryId: id }, { jobKey: id, runAt, maxAttempts: MAX_ATTEMPTS });
        return { done: true };
      }
      const outcome = await this.send(d);
      const status = statusAfter(outcome, d.attempts + 1, MAX_ATTEMPTS);
      await this.deliveries.recordAttempt(manager, id, {
        status,
        error: 'error' in outcome ? outcome.error : undefined,
        at: new Date(this.clock.now()),
      });
      if (status === 'failed')
        this.logger.warn({ deliveryId: id, channel: d.channel, error: 'error' in outcome ? outcome.error : '' }, 'delivery failed');
      if (status !== 'pending' || !('error' in outcome)) return { done: true };
      if (!opts.inBatch) return { retry: outcome.error };
      const runAt = new Date(systemClock.now() + FIRST_RETRY_MS);
      await this.queue.addWithin(manager, DELIVER_TASK, { deliveryId: id }, { jobKey: id, runAt, maxAttempts: MAX_ATTEMPTS });
      return { done: true };
    });
  }

  /** SMS and e-mail wait for the end of the recipient's quiet hours; webhooks go to systems, at any hour. */
  private heldUntil(d: DeliveryToSend): number | undefined {
    if (d.channel === 'webhook') return undefined;
    const quiet = d.quietFrom === null || d.quietTo === null ? DEFAULT_QUIET_HOURS : { from: d.quietFrom, to: d.quietTo };
    return quietUntil(this.clock.now(), quiet);
  }

  private send(d: DeliveryToSend): Promise<DeliveryOutcome> {
    switch (d.channel) {
      case 'webhook':
        return this.webhooks.send(d);
      case 'email': {
        const link = `${this.config.PUBLIC_URL}${orderLink(d.role ?? 'branch', d.orderId)}`;
        return this.mail.send({ to: d.email as string, ...mailOf(d, link), reference: d.id });
      }
      case 'sms': {
        const templateCode = this.config.smsTemplates()[d.event];
        if (templateCode === undefined)
          return Promise.resolve({ kind: 'refused', error: `no SMS template for ${d.event} (SMS_TEMPLATES)` });
        return this.sms.send({ phone: d.phone as string, templateCode, params: smsParams(d), reference: d.id });
      }
    }
  }
}
