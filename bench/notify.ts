/**
 * `npm run bench:notify`: the app (built, as `npm start` runs it) on an embedded PostgreSQL with demo data and a
 * webhook to a local receiver. The branch places BENCH_EVENTS orders (autocannon) with notifications off (the
 * outbox trigger disabled), then as many with them on: each order's event is written to the admins' inboxes and
 * to a webhook delivery in the order's own transaction, and the job queue posts it, signed, to the receiver.
 * Prints POST /orders req/s off and on (target: on ≥ 0.85 × off), the events per second through the outbox,
 * and the delay from commit to delivery (p50, p99; target p99 ≤ 2 s). Both runs follow the same warm-up: a tenth
 * as many orders with notifications on (so that neither run pays for compiling the POST path, the trigger or the
 * sending), all delivered before the first run starts.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { NOTIFICATION_EVENTS } from '../src/notifications/notification-events.js';
import { embeddedDatabaseUrl, freePort, inDays, loginAsDemo, startBuiltApp, stopBuiltApp } from './built-app.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const loadBefore = loadavg();

/** The webhook receiver: when each event arrived, and how long after it was committed. */
function startReceiver(): Promise<{ url: string; delays: number[]; ids: Set<string>; lastAt: () => number; close: () => void }> {
  const delays: number[] = [];
  /** The deliveries seen (webhook-id): as many as the calls, or a delivery came twice. */
  const ids = new Set<string>();
  let last = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      last = Date.now();
      ids.add(String(req.headers['webhook-id']));
      delays.push(last - Date.parse((JSON.parse(raw) as { timestamp: string }).timestamp));
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
        delays,
        ids,
        lastAt: () => last,
        close: () => server.close(),
      }),
    ),
  );
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const pgPort = process.env.BENCH_PG_PORT ?? '54341';
  const receiver = await startReceiver();
  const app = await startBuiltApp(port, {
    DATA_DIR: process.env.BENCH_DATA_DIR ?? './.data/bench-notify',
    EMBEDDED_PG_PORT: pgPort,
    DEMO_DATA: 'on',
    JOB_QUEUE_CONCURRENCY: process.env.JOB_QUEUE_CONCURRENCY ?? '8',
  });
  const db = new pg.Client({ connectionString: embeddedDatabaseUrl(pgPort) });
  await db.connect();
  try {
    const [branch, admin] = [(await loginAsDemo(base, 'branch')).token, (await loginAsDemo(base, 'admin')).token];
    const hook = await fetch(`${base}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: NOTIFICATION_EVENTS, description: 'bench' }),
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status}`);
    const post = (name: string, amount = EVENTS) =>
      autocannon({
        url: `${base}/api/v1/orders`,
        connections: CONNECTIONS,
        amount,
        method: 'POST',
        headers: { authorization: `Bearer ${branch}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          topic: 'policy',
          title: `草原生态补奖政策解读 ${name}`,
          format: 'online',
          earliestStart: inDays(20, '19:30'),
          latestStart: inDays(40, '19:30'),
          expectedAudience: 30,
          language: 'mn',
        }),
        requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
      });
    const trigger = (on: boolean) =>
      db.query(`ALTER TABLE order_history ${on ? 'ENABLE' : 'DISABLE'} TRIGGER notification_event_of_history_trg`);

    const delivered = async (count: number) => {
      const deadline = Date.now() + 300_000;
      while (receiver.delays.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    };

    await autocannon({ url: `${base}/health`, duration: 3 });
    await delivered((await post('warm-up', Math.ceil(EVENTS / 10)))['2xx']);
    receiver.delays.length = 0;
    receiver.ids.clear();
    await trigger(false);
    const off = await post('off');
    const inboxCount = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM notifications`)).rows[0].n);
    const inboxBefore = await inboxCount();
    await trigger(true);
    const started = Date.now();
    const on = await post('on');
    await delivered(on['2xx']);
    const deliveredCount = receiver.delays.length;
    const receivedTwice = deliveredCount - receiver.ids.size;
    const seconds = (receiver.lastAt() - started) / 1000;
    const sorted = [...receiver.delays].sort((a, b) => a - b);
    const inboxRows = (await inboxCount()) - inboxBefore;

    console.log(
      `\nNotifications benchmark: ${EVENTS} orders each run, ${CONNECTIONS} connections, app + embedded PostgreSQL on this machine`,
    );
    console.log(
      `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    console.log('| POST /orders | req/s | p50 ms | p99 ms | non-2xx |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, r] of [
      ['notifications off', off],
      ['notifications on (inbox + webhook)', on],
    ] as const)
      console.log(`| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} |`);
    console.log(`\nratio on/off: ${(on.requests.average / off.requests.average).toFixed(2)} (target ≥ 0.85)`);
    console.log(
      `events through the outbox: ${deliveredCount} webhook deliveries in ${seconds.toFixed(1)} s = ${(deliveredCount / seconds).toFixed(0)} events/s`,
    );
    console.log(`inbox rows written: ${inboxRows}; deliveries received twice: ${receivedTwice}`);
    console.log(
      `delay commit → delivery: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms (target p99 ≤ 2,000 ms)`,
    );
  } finally {
    await db.end();
    receiver.close();
    await stopBuiltApp(app);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
