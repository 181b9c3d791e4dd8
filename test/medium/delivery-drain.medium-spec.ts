import { createServer, type RequestListener, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { runMigrations } from 'graphile-worker';
import type { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { AccountsModule } from '../../src/accounts/accounts.module.js';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import type { Actor } from '../../src/auth/actor.js';
import { BranchesModule } from '../../src/branches/branches.module.js';
import { BranchesService } from '../../src/branches/branches.service.js';
import { DeliveriesRepository } from '../../src/notifications/deliveries.repository.js';
import { BATCH_LANES, DeliveryWorker, MAX_ATTEMPTS } from '../../src/notifications/delivery-worker.js';
import { NotificationsModule } from '../../src/notifications/notifications.module.js';
import { WebhooksService } from '../../src/notifications/webhooks.service.js';
import { OrdersModule } from '../../src/orders/orders.module.js';
import { OrdersService } from '../../src/orders/orders.service.js';
import type { PlaceOrderDto } from '../../src/orders/orders.dto.js';
import { JobQueue } from '../../src/queue/job-queue.js';
import { QueueModule } from '../../src/queue/queue.module.js';
import { RegionsModule } from '../../src/regions/regions.module.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { branchBody, buildSmallCity, nextSeq } from '../support/generators.js';
import { actors, type MediumTest, startMedium } from '../support/medium.js';
import { World } from '../support/world.js';

/**
 * The feature modules on a schema of their own, with the queue's tables but no worker taking its jobs (a job the
 * drain queues stays there to be looked at), a branch, and a city admin who owns the webhooks.
 */
async function drainWorld(env: Record<string, string> = {}) {
  const medium = await startMedium([QueueModule, RegionsModule, BranchesModule, AccountsModule, OrdersModule, NotificationsModule], {
    env,
  });
  await runMigrations({ pgPool: (medium.db.driver as unknown as { master: Pool }).master, schema: medium.get(JobQueue).schema });
  const setUp = actors.cityAdmin();
  const city = await buildSmallCity((body) => medium.get(RegionsService).create(setUp, body));
  const created = await medium.get(BranchesService).create(setUp, branchBody(city.banners.A.villageId));
  const account = (role: 'admin' | 'branch', link: { branchId?: string } = {}) =>
    medium.get(AccountsService).create(setUp, { username: `drain-${nextSeq()}`, password: 'grassland-pw-2024', role, ...link });
  const branch: Actor = { ...actors.branch(created.id), accountId: (await account('branch', { branchId: created.id })).id };
  const admin: Actor = { ...actors.cityAdmin(), accountId: (await account('admin')).id };
  return {
    medium,
    worker: medium.get(DeliveryWorker),
    /** A new order of the branch (its `order.placed` event and deliveries with it): its id. */
    place: async (): Promise<string> =>
      (await medium.get(OrdersService).place(branch, World.customOrder(10) as unknown as PlaceOrderDto)).body.id,
    /** A receiver of its own with a webhook for every order placed: its URL, and the server to close. */
    ownReceiver: async (listener: RequestListener): Promise<{ url: string; server: Server }> => {
      const server = createServer(listener);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
      await medium.get(WebhooksService).create(admin, { url, events: ['order.placed'] });
      return { url, server };
    },
  };
}

/** `count` more `order.placed` events of the order, written by one statement of `runner` (in its transaction, if it has one open): their ids. */
async function placedEvents(
  runner: { query(sql: string, params: unknown[]): Promise<unknown> },
  orderId: string,
  count = 1,
): Promise<string[]> {
  const rows = (await runner.query(
    `INSERT INTO notification_events (type, order_id, branch_id, data, dedupe_key)
     SELECT 'order.placed', o.id, o.branch_id, jsonb_build_object('title', o.title), 'drain-test:' || gen_random_uuid()
     FROM orders o, generate_series(1, $2) WHERE o.id = $1 RETURNING id`,
    [orderId, count],
  )) as Array<{ id: string }>;
  return rows.map((e) => e.id);
}

/**
 * The outbox drain starts its scans past the deliveries it has sent (`DrainFloor`): what it may skip is only what
 * no transaction can still add to. A delivery written by a transaction that was still open when a later one's
 * delivery was drained is sent all the same once it commits. A receiver that fails is called once per lane of a
 * batch.
 */
describe('the outbox drain', () => {
  let world: Awaited<ReturnType<typeof drainWorld>>;
  let medium: MediumTest;
  let worker: DeliveryWorker;
  let receiver: Server;
  /** The delivery ids the webhook receiver got. */
  const received: string[] = [];
  const scansFrom: Array<string | undefined> = [];

  beforeAll(async () => {
    world = await drainWorld();
    ({ medium, worker } = world);
    const repo = medium.get(DeliveriesRepository);
    const lockAwaiting = repo.lockAwaiting.bind(repo);
    repo.lockAwaiting = (manager, limit, from) => {
      scansFrom.push(from);
      return lockAwaiting(manager, limit, from);
    };
    ({ server: receiver } = await world.ownReceiver((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume().on('end', () => res.writeHead(204).end());
    }));
  });

  afterAll(async () => {
    receiver.close();
    await medium.close();
  });

  const place = () => world.place();

  /** An `order.placed` event of the order written by `runner` (in its transaction, if it has one open): its delivery's id. */
  const eventDelivery = async (runner: QueryRunner, orderId: string): Promise<string> => {
    const [id] = await placedEvents(runner, orderId);
    const [delivery] = (await runner.query(`SELECT id FROM notification_deliveries WHERE event_id = $1`, [id])) as Array<{ id: string }>;
    return delivery.id;
  };

  it('sends a delivery whose transaction was still open while a later one was drained, once it commits', async () => {
    const [older, newer] = [await place(), await place()];
    await worker.drain();
    const open = medium.db.createQueryRunner();
    const committed = medium.db.createQueryRunner();
    try {
      await open.startTransaction();
      const late = await eventDelivery(open, older);
      const early = await eventDelivery(committed, newer);
      await worker.drain();
      expect(received).toContain(early);
      expect(received).not.toContain(late);
      await open.commitTransaction();
      scansFrom.length = 0;
      await worker.drain();
      // The scan started past the deliveries sent, and still found the one committed late.
      expect(scansFrom[0]).toBeDefined();
      expect(received).toContain(late);
    } finally {
      if (open.isTransactionActive) await open.rollbackTransaction();
      await Promise.all([open.release(), committed.release()]);
    }
  });

  it('calls a receiver that fails once per lane of a batch: its other deliveries go untried to jobs of their own, the rest are sent', async () => {
    // A receiver that has stopped working: every call waits 200 ms, as for a time-out, then gets a 503.
    let failingCalls = 0;
    // The order's own event is sent before the failing receiver has a webhook.
    const orderId = await place();
    await worker.drain();
    const { url, server: failing } = await world.ownReceiver((req, res) => {
      failingCalls++;
      req.resume().on('end', () => setTimeout(() => res.writeHead(503).end(), 200));
    });
    try {
      // 40 events committed at once, so that one batch takes their 80 deliveries.
      const events = 40;
      const eventIds = await placedEvents(medium.db, orderId, events);
      const deliveries = await medium.db.query<Array<{ id: string; failing: boolean }>>(
        `SELECT d.id, w.url = $2 AS failing FROM notification_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.event_id = ANY($1)`,
        [eventIds, url],
      );
      await worker.drain();
      const toFailing = deliveries.filter((d) => d.failing).map((d) => d.id);
      const [state] = await medium.db.query<Array<{ tried: number; passedOn: number }>>(
        `SELECT count(*) FILTER (WHERE d.attempts > 0)::int AS tried, count(*) FILTER (WHERE d.attempts = 0 AND j.key IS NOT NULL)::int AS "passedOn"
         FROM notification_deliveries d LEFT JOIN "${medium.get(JobQueue).schema}"._private_jobs j ON j.key = d.id::text WHERE d.id = ANY($1)`,
        [toFailing],
      );
      expect(toFailing).toHaveLength(events);
      // Each lane called it once (the others' deliveries sent meanwhile); the rest wait for their jobs, untried.
      expect(failingCalls).toBeGreaterThan(0);
      expect(failingCalls).toBeLessThanOrEqual(BATCH_LANES);
      expect(state).toEqual({ tried: failingCalls, passedOn: events - failingCalls });
      const toHealthy = deliveries.filter((d) => !d.failing).map((d) => d.id);
      expect(toHealthy).toHaveLength(events);
      expect(received).toEqual(expect.arrayContaining(toHealthy));
    } finally {
      failing.close();
    }
  });
});

/** The receivers' time-out here: a call that fails after half of it or more puts its receiver to rest for as long. */
const TIMEOUT_MS = 2_500;
const FIRST_REST_MS = TIMEOUT_MS;

/**
 * A receiver whose call failed only after half the time-out or more rests (`ReceiverRests`), on the machine's
 * time: the drain passes its deliveries on untried, and their jobs count an attempt without a call until, after
 * the rest, one call is answered; an admin's retry calls at once.
 */
describe('a receiver that hangs', () => {
  let world: Awaited<ReturnType<typeof drainWorld>>;

  beforeAll(async () => {
    world = await drainWorld({ DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterAll(() => world.medium.close());

  /** The deliveries of `eventIds` to the webhook at `url`, in the events' order, with their attempts and last error. */
  const deliveriesTo = (url: string, eventIds: string[]) =>
    world.medium.db.query<Array<{ id: string; attempts: number; status: string; lastError: string | null }>>(
      `SELECT d.id, d.attempts_before + d.attempts AS attempts, d.status, d.last_error AS "lastError" FROM notification_deliveries d
       JOIN webhooks w ON w.id = d.webhook_id WHERE d.event_id = ANY($1) AND w.url = $2
       ORDER BY array_position($1::uuid[], d.event_id)`,
      [eventIds, url],
    );

  /**
   * A receiver left to rest: it answers nothing until `state.answer` is set; its first delivery was drained and
   * timed out, then `more` deliveries were drained (untried): theirs.
   */
  const restingReceiver = async (more: number) => {
    const state = { calls: 0, answer: false };
    const { url, server } = await world.ownReceiver((req, res) => {
      state.calls++;
      req.resume().on('end', () => {
        if (state.answer) res.writeHead(204).end();
      });
    });
    const orderId = await world.place();
    await world.worker.drain();
    const eventIds = await placedEvents(world.medium.db, orderId, more);
    await world.worker.drain();
    const close = () => {
      server.closeAllConnections();
      server.close();
    };
    return { state, close, deliveries: () => deliveriesTo(url, eventIds) };
  };

  it('is not called by the drain while it rests: its deliveries are passed on untried', async () => {
    const resting = await restingReceiver(3);
    try {
      expect(resting.state.calls).toBe(1);
      expect((await resting.deliveries()).map((d) => d.attempts)).toEqual([0, 0, 0]);
    } finally {
      resting.close();
    }
  });

  it('takes the deliveries it passes on out of the outbox: more than a batch of them does not hold up the deliveries behind them', async () => {
    // More than a drained batch (200): before the fix, the drain below never came back.
    const resting = await restingReceiver(250);
    const healthy: string[] = [];
    const { server } = await world.ownReceiver((req, res) => {
      healthy.push(String(req.headers['webhook-id']));
      req.resume().on('end', () => res.writeHead(204).end());
    });
    try {
      await placedEvents(world.medium.db, await world.place());
      await world.worker.drain();
      expect({ healthy: healthy.length, restingCalls: resting.state.calls }).toEqual({ healthy: 2, restingCalls: 1 });
      expect((await resting.deliveries()).every((d) => d.attempts === 0 && d.status === 'pending')).toBe(true);
    } finally {
      server.close();
      resting.close();
    }
  });

  it("counts a job's attempt without calling it, and says why", async () => {
    const resting = await restingReceiver(1);
    try {
      const [waiting] = await resting.deliveries();
      await expect(world.worker.deliver(waiting.id)).rejects.toThrow(
        /^not tried: http:\/\/127\.0\.0\.1:\d+ rests after a call failed at .* \(HeadersTimeoutError/,
      );
      expect(resting.state.calls).toBe(1);
      expect((await resting.deliveries())[0]).toMatchObject({
        attempts: 1,
        status: 'pending',
        lastError: expect.stringMatching(/^not tried: /),
      });
    } finally {
      resting.close();
    }
  });

  it('is called again once its rest is over, and by every job after that call was answered', async () => {
    const resting = await restingReceiver(2);
    try {
      resting.state.answer = true;
      await sleep(FIRST_REST_MS);
      for (const d of await resting.deliveries()) await world.worker.deliver(d.id);
      expect(resting.state.calls).toBe(3);
      expect((await resting.deliveries()).map((d) => [d.status, d.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
      ]);
    } finally {
      resting.close();
    }
  });

  it("is called for an admin's retry while it rests", async () => {
    const resting = await restingReceiver(1);
    try {
      resting.state.answer = true;
      const [waiting] = await resting.deliveries();
      await world.worker.deliver(waiting.id, { byHand: true });
      expect(resting.state.calls).toBe(2);
      expect((await resting.deliveries())[0]).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      resting.close();
    }
  });

  it('is called for the last attempt of a delivery while it rests, so that none fails for good unasked', async () => {
    const resting = await restingReceiver(1);
    try {
      const [waiting] = await resting.deliveries();
      await world.medium.db.query(`UPDATE notification_deliveries SET attempts = $2 WHERE id = $1`, [waiting.id, MAX_ATTEMPTS - 1]);
      await world.worker.deliver(waiting.id);
      expect(resting.state.calls).toBe(2);
      expect((await resting.deliveries())[0]).toMatchObject({
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        lastError: expect.stringMatching(/^HeadersTimeoutError/),
      });
    } finally {
      resting.close();
    }
  });
});
