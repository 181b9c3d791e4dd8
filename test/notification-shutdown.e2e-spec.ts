import { createServer, type IncomingMessage, type Server } from 'node:http';
import { INTERRUPTED } from '../src/notifications/delivery-worker.js';
import { eventually } from './support/receiver.js';
import { type TestApp, startTestApp } from './support/test-app.js';
import { World } from './support/world.js';

/** An office's system that takes each call and never answers it (a hung server behind a live port). */
class SilentReceiver {
  readonly calls: IncomingMessage[] = [];
  private readonly server: Server = createServer((req) => void this.calls.push(req));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('notifications: an instance shutting down while a receiver does not answer', () => {
  let t: TestApp;
  let closed = false;
  const receiver = new SilentReceiver();

  beforeAll(async () => {
    await receiver.start();
    // A time-out no call reaches before the app stops, however slow the machine: every call is cut off by the stop.
    t = await startTestApp({ JOB_QUEUE_POLL_MS: '100', DELIVERY_TIMEOUT_MS: '120000' });
  });
  afterAll(async () => {
    // Closed by the test, unless it failed first: an app left running would go on polling after the file ends.
    if (!closed) await t.app.close();
    await receiver.stop();
    // Only the app's schemas are left to drop.
    await t.db.query(`DROP SCHEMA "${t.schema}" CASCADE`);
    await t.db.query(`DROP SCHEMA IF EXISTS "${t.schema}_jobs" CASCADE`);
    await t.db.destroy();
  });

  it('cuts off the calls in flight (each an attempt to retry) and leaves the untried deliveries for the next drain', async () => {
    const w = await World.build(t);
    await w.post('/webhooks', { url: receiver.url, events: ['order.placed'] });
    // More deliveries than the drains send at once (4 drains × 16 lanes): some are still untried when it stops.
    for (let i = 0; i < 100; i++) await w.post('/orders', World.customOrder(3), w.branches.A.token);
    // Calls in flight: how many depends on how fast the orders came and the drains took them.
    await eventually(
      () => Promise.resolve(receiver.calls.length),
      (n) => n >= 4,
    );

    await t.app.close();
    closed = true;

    const rows: Array<{ status: string; attempts: number; last_error: string | null }> = await t.db.query(
      `SELECT status, attempts, last_error FROM notification_deliveries WHERE channel = 'webhook'`,
    );
    expect(rows).toHaveLength(100);
    // Every call that went out is one attempt, cut off by the shutdown and to be tried again; none waited for its time-out.
    const tried = rows.filter((r) => r.attempts > 0);
    expect(tried.length).toBe(receiver.calls.length);
    for (const r of tried) expect(r).toEqual({ status: 'pending', attempts: 1, last_error: INTERRUPTED });
    // The rest were not sent at all, nor counted: still waiting for their first attempt.
    for (const r of rows.filter((x) => x.attempts === 0)) expect(r).toEqual({ status: 'pending', attempts: 0, last_error: null });
    expect(rows.length - tried.length).toBeGreaterThan(0);
  });
});
