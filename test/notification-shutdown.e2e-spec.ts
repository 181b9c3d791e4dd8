import { createServer, type IncomingMessage, type Server } from 'node:http';
import { INTERRUPTED } from '../src/notifications/delivery-worker.js';
import { eventually } from './support/receiver.js';
import { type TestApp, startTestApp } from './support/test-app.js';
import { World } from './support/world.js';

/**
 * An office's system that takes each call and answers it `answerAfterMs` later with 200, or never (a hung server
 * behind a live port).
 */
class SlowReceiver {
  readonly calls: IncomingMessage[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.calls.push(req);
    if (this.answerAfterMs !== undefined) setTimeout(() => res.writeHead(200).end(), this.answerAfterMs);
  });
  url = '';

  constructor(private readonly answerAfterMs?: number) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe.each([
  { receiver: 'does not answer', answerAfterMs: undefined },
  { receiver: 'answers within a second', answerAfterMs: 800 },
])('notifications: an instance shutting down while a receiver $receiver', ({ answerAfterMs }) => {
  let t: TestApp;
  let closed = false;
  const receiver = new SlowReceiver(answerAfterMs);

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

  it('lets the calls in flight be answered for a while, then cuts them off (each an attempt to retry); the untried wait for the next drain', async () => {
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
    // Every call that went out is one attempt: answered within the grace, it is recorded sent (not made again after a
    // restart); not answered, it is cut off by the shutdown and to be tried again; none waited for its time-out.
    const tried = rows.filter((r) => r.attempts > 0);
    expect(tried.length).toBe(receiver.calls.length);
    const made =
      answerAfterMs === undefined
        ? { status: 'pending', attempts: 1, last_error: INTERRUPTED }
        : { status: 'sent', attempts: 1, last_error: null };
    for (const r of tried) expect(r).toEqual(made);
    // The rest were not sent at all, nor counted: still waiting for their first attempt.
    for (const r of rows.filter((x) => x.attempts === 0)) expect(r).toEqual({ status: 'pending', attempts: 0, last_error: null });
    expect(rows.length - tried.length).toBeGreaterThan(0);
  });
});
