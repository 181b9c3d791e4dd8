import { createServer, type Server } from 'node:http';
import { runMigrations } from 'graphile-worker';
import type { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { AccountsModule } from '../../src/accounts/accounts.module.js';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import type { Actor } from '../../src/auth/actor.js';
import { BranchesModule } from '../../src/branches/branches.module.js';
import { BranchesService } from '../../src/branches/branches.service.js';
import { DeliveriesRepository } from '../../src/notifications/deliveries.repository.js';
import { BATCH_LANES, DeliveryWorker } from '../../src/notifications/delivery-worker.js';
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
 * The outbox drain starts its scans past the deliveries it has sent (`DrainFloor`): what it may skip is only what
 * no transaction can still add to. A delivery written by a transaction that was still open when a later one's
 * delivery was drained is sent all the same once it commits.
 */
describe('the outbox drain', () => {
  let medium: MediumTest;
  let worker: DeliveryWorker;
  let branch: Actor;
  let receiver: Server;
  let admin: Actor;
  /** The delivery ids the webhook receiver got. */
  const received: string[] = [];
  const scansFrom: Array<string | undefined> = [];

  beforeAll(async () => {
    medium = await startMedium([QueueModule, RegionsModule, BranchesModule, AccountsModule, OrdersModule, NotificationsModule]);
    worker = medium.get(DeliveryWorker);
    // The queue's tables, with no worker taking its jobs: a job the drain queues stays there to be looked at.
    await runMigrations({ pgPool: (medium.db.driver as unknown as { master: Pool }).master, schema: medium.get(JobQueue).schema });
    const repo = medium.get(DeliveriesRepository);
    const lockAwaiting = repo.lockAwaiting.bind(repo);
    repo.lockAwaiting = (manager, limit, from) => {
      scansFrom.push(from);
      return lockAwaiting(manager, limit, from);
    };
    receiver = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const setUp = actors.cityAdmin();
    const city = await buildSmallCity((body) => medium.get(RegionsService).create(setUp, body));
    const created = await medium.get(BranchesService).create(setUp, branchBody(city.banners.A.villageId));
    const account = (role: 'admin' | 'branch', link: { branchId?: string } = {}) =>
      medium.get(AccountsService).create(setUp, { username: `drain-${nextSeq()}`, password: 'grassland-pw-2024', role, ...link });
    branch = { ...actors.branch(created.id), accountId: (await account('branch', { branchId: created.id })).id };
    admin = { ...actors.cityAdmin(), accountId: (await account('admin')).id };
    await medium
      .get(WebhooksService)
      .create(admin, { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, events: ['order.placed'] });
  });

  afterAll(async () => {
    receiver.close();
    await medium.close();
  });

  const place = async (): Promise<string> =>
    (await medium.get(OrdersService).place(branch, World.customOrder(10) as unknown as PlaceOrderDto)).body.id;

  /** `count` more `order.placed` events of the order, written by one statement of `runner` (in its transaction, if it has one open): their ids. */
  const placedEvents = async (
    runner: { query(sql: string, params: unknown[]): Promise<unknown> },
    orderId: string,
    count = 1,
  ): Promise<string[]> => {
    const rows = (await runner.query(
      `INSERT INTO notification_events (type, order_id, branch_id, data, dedupe_key)
       SELECT 'order.placed', o.id, o.branch_id, jsonb_build_object('title', o.title), 'drain-test:' || gen_random_uuid()
       FROM orders o, generate_series(1, $2) WHERE o.id = $1 RETURNING id`,
      [orderId, count],
    )) as Array<{ id: string }>;
    return rows.map((e) => e.id);
  };

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
    const failing = createServer((req, res) => {
      failingCalls++;
      req.resume().on('end', () => setTimeout(() => res.writeHead(503).end(), 200));
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(failing.address() as { port: number }).port}/hook`;
      // The order's own event is sent before the failing receiver has a webhook.
      const orderId = await place();
      await worker.drain();
      await medium.get(WebhooksService).create(admin, { url, events: ['order.placed'] });
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
