import { setMaxListeners } from 'node:events';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, systemClock } from '../kernel/clock.js';
import { JobQueue } from '../queue/job-queue.js';
import { type DeliveryOutcome, outcomeOfError, statusAfter } from './delivery-outcome.js';
import { type AttemptRecord, type DeliveryToSend, DeliveriesRepository } from './deliveries.repository.js';
import { DEFAULT_QUIET_HOURS, quietUntil } from './quiet-hours.js';
import { DrainFloor } from './drain-floor.js';
import { ReceiverRests, type Rest } from './receiver-rests.js';
import { AppConfig } from '../config/app-config.js';
import { mailOf, smsParams } from './channel-message.js';
import { outdatedBecause } from './message-outdated.js';
import { MailSender } from './mail-sender.js';
import { orderLink } from './notifications.service.js';
import { SmsGateway } from './sms-gateway.js';
import { WebhookSender } from './webhook-sender.js';
import { HOUR_MS, MINUTE_MS } from '../kernel/time.js';

/** One delivery's job: its retries, a hold by quiet hours, a retry by hand. */
export const DELIVER_TASK = 'deliver_notification';
/**
 * Ten attempts: the first (by the drain), then a job of its own 3 s later, retried with the queue's exponential
 * backoff (e^n s after its n-th run), the last about 79 minutes after the first.
 */
export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 3_000;
/** The error of an attempt cut off by the app's shutdown (it may have reached the receiver: tried again, same id). */
export const INTERRUPTED = 'interrupted: the app was shutting down';
/**
 * How long, at shutdown, the calls in flight may still take to be answered (no new one begins): an answered call is
 * recorded as made, not made again after the restart. A receiver slower than that is cut off (INTERRUPTED).
 */
const SHUTDOWN_GRACE_MS = 5_000;
/** Why a delivery's job begun during the shutdown did nothing (the queue tries it again). */
const SHUTTING_DOWN = 'the app is shutting down: not tried';
/** A pending delivery untouched this long lost its job (the longest backoff is under an hour): it is queued again. */
const STALE_MS = 2 * HOUR_MS;
/** How often an instance looks for new deliveries, and how many one drain takes (and sends) in one transaction. */
const DRAIN_MS = 250;
const DRAIN_BATCH = 200;
/** Drains at once per instance: a slow receiver holds up one batch, not the outbox. */
const DRAINS = 4;
/** How often a drain scans the outbox from its beginning rather than from its floor (`DrainFloor`). */
const FULL_SCAN_MS = 10_000;
/**
 * The worker's shutdown signal. Every webhook call in flight listens to it (up to DRAINS × BATCH_LANES at once, and
 * the jobs beside them), past Node's default of 10 listeners that it warns of as a leak: the listeners go as the
 * calls end.
 */
function stoppingSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Why a delivery of a deleted webhook was not made (its log, as admins read it). */
const WEBHOOK_DELETED = 'the webhook was deleted';
/** How many deliveries of a batch are sent at once. */
export const BATCH_LANES = 16;

/**
 * What became of one delivery taken from the outbox: sent or failed for good, held, to be tried again, or passed
 * on untried to a job of its own (its receiver failed earlier in the same batch).
 */
type Step = Attempt | { passedOn: true };
/** A delivery taken up: sent (or failed for good, or to be tried again) with what its call came to, or held by quiet hours. */
type Attempt = { record: AttemptRecord; retry?: string; outcome: DeliveryOutcome } | { heldUntil: number };
/** The longest a receiver that keeps failing slowly rests between two calls to it (`ReceiverRests`). */
const LONGEST_REST_MS = 5 * MINUTE_MS;
/** A job's payload: the delivery, and whether an admin asked for the attempt (made even while its receiver rests). */
type DeliverJob = { deliveryId: string; byHand?: boolean };

/**
 * Who answers a delivery: a webhook's URL origin (one host that stopped answering fails all its hooks), the SMS
 * gateway, the SMTP server; none for a webhook deleted since.
 */
function receiverOf(d: DeliveryToSend): string | undefined {
  switch (d.channel) {
    case 'webhook':
      return d.webhookUrl === null ? undefined : new URL(d.webhookUrl).origin;
    case 'sms':
      return 'the SMS gateway';
    case 'email':
      return 'the SMTP server';
  }
}

/**
 * Sends the deliveries the fan-out trigger wrote. New ones are drained straight from the outbox table by every
 * instance that runs the queue: a batch is locked (SKIP LOCKED: a row is sent by one instance only), sent, and
 * recorded in one transaction. A delivery to be tried again, or held by quiet hours, becomes a job of its own
 * on the queue, which locks the row the same way while it sends, and a failure worth retrying is thrown after
 * the commit so that the queue tries again with backoff. SMS and e-mail wait for the end of the recipient's
 * quiet hours.
 */
/** Keeps `work` in `running` until it settles, however it ends: what a shutdown waits for. */
function keepWhileRunning(running: Set<Promise<void>>, work: Promise<unknown>): void {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  running.add(settled);
  void settled.finally(() => running.delete(settled));
}

@Injectable()
export class DeliveryWorker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private drainTimer?: NodeJS.Timeout;
  private drainsStopped = false;
  /**
   * Aborted at shutdown once the calls in flight had SHUTDOWN_GRACE_MS to be answered: a webhook call still in flight
   * then ends (an attempt to retry, on whichever instance runs next), so that a receiver that does not answer cannot
   * hold a restart for its time-out. A drained batch begins no call once the shutdown begins (what it did not try
   * stays for the next drain).
   */
  private readonly stopping = stoppingSignal();
  /** The drains running: at shutdown they finish (a batch being sent is recorded, not sent again after a restart). */
  private readonly draining = new Set<Promise<void>>();
  /** The deliveries' own jobs running, waited for at shutdown as the drains are. */
  private readonly delivering = new Set<Promise<void>>();
  /** Where the drains start their scan: past the deliveries already sent. */
  private readonly floor = new DrainFloor(FULL_SCAN_MS);
  /**
   * Receivers whose call failed only after half the time-out or more: for a while nobody calls them, so that one
   * that stopped answering costs the queue's workers a time-out now and then, not one per delivery, and the timed
   * work and everyone else's retries beside them are not held up.
   */
  private readonly rests: ReceiverRests;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesRepository,
    private readonly webhooks: WebhookSender,
    private readonly sms: SmsGateway,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {
    const timeout = config.DELIVERY_TIMEOUT_MS;
    // The first rest as long as the time-out: a delivery's job runs 3, 5.7 and 13.1 s after its first failure, so
    // the third run, 13 s after a receiver hung, is the first that may call it again (a rest of three time-outs put
    // that off to the fourth, 33 s after). A probe is waited for as long as a call that connects slowly, then
    // answers slowly, may take; a receiver slower than that still gets one call at a time per probe's wait.
    this.rests = new ReceiverRests({
      first: timeout,
      longest: Math.max(timeout, LONGEST_REST_MS),
      probe: 2 * timeout + 2_000,
      slow: timeout / 2,
    });
  }

  onModuleInit(): void {
    this.queue.register(DELIVER_TASK, (payload, helpers) => {
      const job = payload as DeliverJob;
      // The admin asked for one attempt: the job's retries after it wait for a resting receiver as any other's.
      return this.deliver(job.deliveryId, { byHand: job.byHand === true && helpers.job.attempts === 1 });
    });
    // A batch job the earlier design queued, found in a live queue after an upgrade: its deliveries are drained now.
    this.queue.register('deliver_notifications', () => Promise.resolve());
    this.queue.register('requeue_stale_deliveries', async () => void (await this.requeueStale()), { cron: '*/15 * * * *' });
    this.queue.onStart(() => Promise.resolve(this.scheduleDrains()));
  }

  async onModuleDestroy(): Promise<void> {
    this.drainsStopped = true;
    clearTimeout(this.drainTimer);
    const cutOff = setTimeout(() => this.stopping.abort(), SHUTDOWN_GRACE_MS);
    // A job the queue (stopped after this module) began meanwhile makes no call, but one already under way is waited for.
    while (this.draining.size + this.delivering.size > 0) await Promise.all([...this.draining, ...this.delivering]);
    clearTimeout(cutOff);
    this.stopping.abort();
  }

  /** Every DRAIN_MS, another drain if fewer than DRAINS run; one that found a full batch goes on at once. */
  private scheduleDrains(): void {
    if (this.drainsStopped) return;
    this.drainTimer = setTimeout(() => {
      if (this.draining.size < DRAINS)
        keepWhileRunning(
          this.draining,
          this.drain().catch((err: unknown) => this.logger.warn({ err }, 'draining deliveries failed; will try again')),
        );
      this.scheduleDrains();
    }, DRAIN_MS);
  }

  /** The outbox drain: takes the deliveries awaiting their first attempt, a batch at a time, until none is left. */
  async drain(): Promise<number> {
    let total = 0;
    while (!this.drainsStopped) {
      const taken = await this.drainBatch();
      total += taken;
      if (taken < DRAIN_BATCH) break;
    }
    return total;
  }

  /**
   * One batch, locked, sent and recorded in one transaction. A batch whose transaction breaks all the same has
   * each of its deliveries queued on its own (a receiver may then see one again, with the same id), so that a
   * delivery that breaks every transaction it is in meets the queue's backoff instead of the next drain.
   */
  private async drainBatch(): Promise<number> {
    let batch: DeliveryToSend[] = [];
    try {
      await this.dataSource.transaction(async (manager) => {
        // Machine time, as the queue's: the floor's interval is not the app's (movable) clock's business.
        const from = this.floor.startAt(systemClock.now());
        const xmin = await this.deliveries.endedBelow(manager);
        batch = await this.deliveries.lockAwaiting(manager, DRAIN_BATCH, from);
        this.floor.scanned(xmin, batch.length, DRAIN_BATCH);
        const failing = new Set<string>();
        const steps = await this.inLanes(batch, (d) => this.drainStep(manager, d, failing));
        const tried = batch.flatMap((d, i) => (steps[i] === undefined ? [] : [{ d, step: steps[i] }]));
        await this.recordSteps(
          manager,
          tried.map((x) => x.d),
          tried.map((x) => x.step),
        );
      });
    } catch (err) {
      if (batch.length === 0) throw err;
      this.logger.warn({ err, deliveries: batch.length }, 'a drained batch broke; its deliveries are queued on their own');
      const broken = batch;
      // Held until now: out of the drain's way, each on its own job from now on.
      await this.dataSource.transaction(async (manager) => {
        for (const d of broken) await this.holdWithin(manager, d.id, this.clock.now());
      });
    }
    return batch.length;
  }

  /**
   * What became of a batch, recorded in one statement. If that breaks, each delivery is recorded on its own, each
   * in a savepoint of the batch's transaction (its rows still locked): those sent are recorded sent, never sent
   * again, and one that cannot be recorded is held for a job of its own.
   */
  private async recordSteps(manager: EntityManager, batch: DeliveryToSend[], steps: Step[]): Promise<void> {
    try {
      await manager.transaction((savepoint) => this.recordEach(savepoint, batch, steps));
    } catch (err) {
      this.logger.warn({ err, deliveries: batch.length }, 'recording a drained batch broke; its deliveries are recorded one by one');
      for (const [i, step] of steps.entries()) {
        await manager
          .transaction((savepoint) => this.recordEach(savepoint, [batch[i]], [step]))
          .catch(() => manager.transaction((savepoint) => this.holdWithin(savepoint, batch[i].id, this.clock.now())));
      }
    }
  }

  private async recordEach(manager: EntityManager, batch: DeliveryToSend[], steps: Step[]): Promise<void> {
    await this.deliveries.recordAttempts(
      manager,
      steps.flatMap((s) => ('record' in s ? [s.record] : [])),
    );
    for (const [i, s] of steps.entries()) {
      if ('heldUntil' in s) await this.holdWithin(manager, batch[i].id, s.heldUntil);
      // Passed on untried, it is held for its job: left among the deliveries awaiting their first attempt, it was
      // drained again and again (its job's time pushed back each time), and a batch's worth of them, all for
      // receivers at rest, kept the drains from every delivery behind them.
      else if ('passedOn' in s) await this.holdWithin(manager, batch[i].id, this.clock.now() + FIRST_RETRY_MS);
      else if (s.retry !== undefined) await this.retryWithin(manager, batch[i].id, new Date(systemClock.now() + FIRST_RETRY_MS));
    }
  }

  /** Queues (again) one delivery (`byHand`: an admin's retry); a job still waiting for it is replaced, not doubled. */
  enqueue(id: string, opts: { keepRunAt?: boolean; byHand?: boolean } = {}): Promise<void> {
    const job: DeliverJob = opts.byHand === true ? { deliveryId: id, byHand: true } : { deliveryId: id };
    return this.queue.add(DELIVER_TASK, job, {
      jobKey: id,
      maxAttempts: MAX_ATTEMPTS,
      jobKeyMode: opts.keepRunAt ? 'preserve_run_at' : 'replace',
    });
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

  /**
   * One delivery's own job, under the delivery's row lock: a failure worth retrying is thrown (after the commit),
   * so the queue backs off; the delivery's own count of attempts decides when it fails for good. While its
   * receiver rests the attempt is counted without a call, and says why; an admin's retry and the last attempt
   * call all the same, so that no delivery fails for good without its receiver having been asked.
   */
  async deliver(id: string, opts: { byHand?: boolean } = {}): Promise<void> {
    // Shutting down: no new call (and no attempt counted); the queue runs the job again later, here or elsewhere.
    if (this.drainsStopped) throw new Error(SHUTTING_DOWN);
    const delivery = this.dataSource.transaction(async (manager): Promise<string | undefined> => {
      const d = await this.deliveries.lockPending(manager, id);
      if (!d) return undefined;
      const tried = await this.attempt(manager, d, opts.byHand === true || d.attempts + 1 >= MAX_ATTEMPTS);
      const s = 'resting' in tried ? this.notTried(d, tried.resting) : tried;
      if ('heldUntil' in s) return void (await this.holdWithin(manager, id, s.heldUntil));
      await this.deliveries.recordAttempts(manager, [s.record]);
      return s.retry;
    });
    keepWhileRunning(this.delivering, delivery);
    const retry = await delivery;
    if (retry !== undefined) throw new Error(retry);
  }

  /**
   * A drained delivery's step. A receiver whose call failed in a way worth retrying (no answer within the time-out,
   * unreachable, 5xx) is not called again in the same batch, nor while it rests: its other deliveries are passed
   * on untried to jobs of their own. So a receiver that stopped answering holds a batch, its transaction and the
   * deliveries to everyone else for one time-out, not one per delivery (200 at 16 at a time: 13 time-outs of 10 s).
   */
  private async drainStep(manager: EntityManager, d: DeliveryToSend, failing: Set<string>): Promise<Step> {
    // The receiver is worked out only once one failed: a batch whose calls all succeed parses no URL.
    if (failing.size > 0 && failing.has(receiverOf(d) ?? '')) return { passedOn: true };
    const s = await this.attempt(manager, d);
    if ('resting' in s) return { passedOn: true };
    const receiver = 'record' in s && s.outcome.kind === 'retry' ? receiverOf(d) : undefined;
    if (receiver !== undefined) failing.add(receiver);
    return s;
  }

  /**
   * One attempt, unless the delivery is held by quiet hours, or its moment has passed (outdated: not sent), or its
   * receiver rests (`mustCall`: made all the same): then the rest, and nothing tried. A call's outcome tells the
   * rests whether its receiver answers. Machine time, as the queue's: how long a call took is not the app's
   * (movable) clock's business. `manager` is the transaction that holds the delivery's lock.
   */
  private async attempt(manager: EntityManager, d: DeliveryToSend, mustCall = false): Promise<Attempt | { resting: Rest }> {
    // Quiet hours first: a held delivery makes no attempt, resting receiver or not.
    const heldUntil = this.heldUntil(d);
    if (heldUntil !== undefined) return { heldUntil };
    const outdated = await this.outdated(manager, d);
    if (outdated !== undefined) return this.attemptOf(d, { kind: 'outdated', error: `not sent: ${outdated}` });
    const startedAt = systemClock.now();
    // While no receiver rests, the URL is parsed only for a call that failed.
    const receiver = this.rests.any(startedAt) ? receiverOf(d) : undefined;
    const rest = receiver === undefined || mustCall ? undefined : this.rests.restOf(receiver, startedAt);
    if (rest !== undefined) return { resting: rest };
    const s = await this.call(d);
    if (!('outcome' in s) || ('error' in s.outcome && s.outcome.error === INTERRUPTED)) return s;
    if (s.outcome.kind !== 'retry') {
      if (receiver !== undefined) this.rests.answered(receiver, startedAt);
    } else {
      const failed = receiver ?? receiverOf(d);
      if (failed !== undefined) this.rests.failed(failed, startedAt, systemClock.now(), s.outcome.error);
    }
    return s;
  }

  /** A job's attempt of a delivery whose receiver rests: counted without a call, saying why, and tried again. */
  private notTried(d: DeliveryToSend, rest: Rest): Attempt {
    const since = new Date(rest.since).toISOString();
    const until = new Date(rest.until).toISOString();
    return this.attemptOf(d, {
      kind: 'retry',
      error: `not tried: ${receiverOf(d)} rests after a call failed at ${since} (${rest.error}); nobody calls it before ${until}`,
    });
  }

  /** One call for a locked delivery (nothing written yet), and what its outcome makes of the delivery. */
  private async call(d: DeliveryToSend): Promise<Attempt> {
    const tried = await this.send(d).catch(outcomeOfError);
    // A call cut off by the shutdown says so, rather than as whatever error the abort surfaced as.
    return this.attemptOf(d, tried.kind === 'retry' && this.stopping.signal.aborted ? { kind: 'retry', error: INTERRUPTED } : tried);
  }

  /** What an attempt's outcome makes of the delivery: sent, failed for good, or pending with the error to retry on. */
  private attemptOf(d: DeliveryToSend, outcome: DeliveryOutcome): Attempt {
    const status = statusAfter(outcome, d.attempts + 1, MAX_ATTEMPTS);
    const error = 'error' in outcome ? outcome.error : undefined;
    if (status === 'failed') this.logger.warn({ deliveryId: d.id, channel: d.channel, error }, 'delivery failed');
    const record = { id: d.id, status, error, at: new Date(this.clock.now()) };
    return { record, retry: status === 'pending' ? error : undefined, outcome };
  }

  /** Held and queued again together. The queue runs on the machine's clock: the same length of time from now. */
  private async holdWithin(manager: EntityManager, id: string, heldUntil: number): Promise<void> {
    await this.deliveries.hold(manager, id, new Date(heldUntil));
    await this.retryWithin(manager, id, new Date(systemClock.now() + (heldUntil - this.clock.now())));
  }

  private retryWithin(manager: EntityManager, id: string, runAt: Date): Promise<void> {
    return this.queue.addWithin(manager, DELIVER_TASK, { deliveryId: id }, { jobKey: id, runAt, maxAttempts: MAX_ATTEMPTS });
  }

  /** `work` over `items`, BATCH_LANES at a time, the results in the items' order; none begun after shutdown (undefined). */
  private async inLanes<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<Array<R | undefined>> {
    const results = new Array<R | undefined>(items.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < items.length && !this.drainsStopped) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_LANES, items.length) }, lane));
    return results;
  }

  /**
   * Why an SMS or e-mail asking its reader to act is no longer worth sending (`outdatedBecause`), if it is not.
   * Webhooks tell systems what happened, whenever it reaches them.
   */
  private async outdated(manager: EntityManager, d: DeliveryToSend): Promise<string | undefined> {
    if (d.channel === 'webhook' || d.accountId === null) return undefined;
    return outdatedBecause(d.event, await this.deliveries.subjectOf(manager, d.orderId, d.accountId), this.clock.now());
  }

  /** SMS and e-mail wait for the end of the recipient's quiet hours; webhooks go to systems, at any hour. */
  private heldUntil(d: DeliveryToSend): number | undefined {
    if (d.channel === 'webhook') return undefined;
    const quiet = d.quietFrom === null || d.quietTo === null ? DEFAULT_QUIET_HOURS : { from: d.quietFrom, to: d.quietTo };
    return quietUntil(this.clock.now(), quiet);
  }

  private async send(d: DeliveryToSend): Promise<DeliveryOutcome> {
    switch (d.channel) {
      case 'webhook':
        // A webhook deleted while its deliveries waited for a retry: its receiver is owed nothing more.
        if (d.webhookUrl === null) return Promise.resolve({ kind: 'refused', error: WEBHOOK_DELETED });
        return this.webhooks.send(d, this.stopping.signal);
      case 'email': {
        const link = `${this.config.publicOrigin()}${orderLink(d.role ?? 'branch', d.orderId)}`;
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
