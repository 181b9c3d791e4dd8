/**
 * `npm run bench:notify`: the app (built, as `npm start` runs it) on an embedded PostgreSQL with demo data and a
 * webhook to a local receiver. The branch places BENCH_EVENTS orders (autocannon) with notifications off (the
 * outbox trigger disabled), then as many with them on: each order's event is written to the admins' inboxes and
 * to a webhook delivery in the order's own transaction, and the outbox drain posts it, signed, to the receiver (a
 * worker thread of this process, off the load generator's event loop); off
 * and on in turn, BENCH_ROUNDS times (req/s of one run moves by a third from run to run on a shared machine).
 * Prints POST /orders req/s off and on per round and the median ratio (target: on ≥ 0.85 × off), the events per
 * second through the outbox, and the delay from commit to delivery (p50, p99; target p99 ≤ 2 s). All runs follow the same warm-up: a tenth
 * as many orders with notifications on (so that neither run pays for compiling the POST path, the trigger or the
 * sending), all delivered before the first run starts. Beside req/s, the CPU milliseconds each POST cost the app, its
 * PostgreSQL and this process (load generator and receiver): on a shared machine these hold still when req/s does
 * not. With notifications on they are counted twice: while the POSTs run, and until the last delivery arrived
 * (the whole price of a notification, sending included). And the WAL bytes PostgreSQL wrote per POST, off and on:
 * what the outbox's rows, index entries and locks cost, a figure that a busy machine does not move.
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import pg from 'pg';
import { NOTIFICATION_EVENTS } from '../src/kernel/notification-events.js';
import type { Received, ReceiverRequest } from './webhook-receiver.js';
import { appAndDatabaseCpu, embeddedDatabaseUrl, freePort, inDays, loginAsDemo, startBuiltApp, stopBuiltApp } from './built-app.js';
import { median } from './median.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const loadBefore = loadavg();

/** The webhook receiver, in a worker thread (`webhook-receiver.ts`), and the questions it answers one at a time. */
async function startReceiver(): Promise<{ url: string; ask: <T>(request: ReceiverRequest) => Promise<T>; close: () => void }> {
  const worker = new Worker(new URL('./webhook-receiver.js', import.meta.url));
  const { url } = (await once(worker, 'message'))[0] as { url: string };
  const ask = async <T>(request: ReceiverRequest): Promise<T> => {
    const answer = once(worker, 'message');
    worker.postMessage(request);
    return (await answer)[0] as T;
  };
  return { url, ask, close: () => worker.postMessage({ type: 'close' } satisfies ReceiverRequest) };
}

/** CPU milliseconds per POST: the app's process, its PostgreSQL's, this process's (load generator and receiver). */
interface Cpu {
  app: number;
  db: number;
  bench: number;
}

/** Counts the CPU used from now on; `per(n)` divides what was used so far by n requests. */
function cpuMeter(app: ChildProcess): { per: (requests: number) => Cpu } {
  const before = { ...appAndDatabaseCpu(app), bench: process.cpuUsage() };
  return {
    per: (requests) => {
      const after = appAndDatabaseCpu(app);
      const bench = process.cpuUsage(before.bench);
      const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, requests);
      return {
        app: perRequest(after.app - before.app),
        db: perRequest(after.db - before.db),
        bench: perRequest((bench.user + bench.system) / 1e6),
      };
    },
  };
}

const cpuOf = (c: Cpu) => c.app + c.db + c.bench;

/**
 * Counts the WAL PostgreSQL writes from now on; `per(n)` divides what was written so far by n requests. What
 * a POST writes (rows, index entries, locks) holds still on a busy machine when its CPU time does not.
 */
async function walMeter(db: pg.Client): Promise<{ per: (requests: number) => Promise<number> }> {
  const lsn = (await db.query<{ lsn: string }>(`SELECT pg_current_wal_lsn() AS lsn`)).rows[0].lsn;
  return {
    per: async (requests) => {
      const { bytes } = (await db.query<{ bytes: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS bytes`, [lsn])).rows[0];
      return Number(bytes) / Math.max(1, requests);
    },
  };
}

/** One run of orders, off or on: its rate and latency, and what it cost while POSTing and until delivered. */
interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  whilePosting: { cpu: Cpu; wal: number };
  untilDelivered: { cpu: Cpu; wal: number };
  /** Milliseconds from commit to delivery, sorted (on runs). */
  delays: number[];
  receivedTwice: number;
  outboxSeconds: number;
  inboxRows: number;
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
    // An earlier run on this data dir left its webhook, pointing at a receiver that is gone: without this, every
    // event would also go there and be retried, and this run would pay for those failures too.
    await db.query(`UPDATE webhooks SET deleted_at = now() WHERE description = 'bench' AND deleted_at IS NULL`);
    await db.query(
      `UPDATE notification_deliveries SET status = 'failed', last_error = 'bench: receiver of an earlier run'
       WHERE status = 'pending' AND webhook_id IN (SELECT id FROM webhooks WHERE description = 'bench')`,
    );
    const [branch, admin] = [(await loginAsDemo(base, 'branch')).token, (await loginAsDemo(base, 'admin')).token];
    const hook = await fetch(`${base}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: NOTIFICATION_EVENTS, description: 'bench' }),
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status}`);
    /**
     * `amount` orders; `seconds` from the first request sent to the last answer. autocannon's own `duration` ends at
     * its next one-second tick after the last answer, so its req/s came in steps (10,000 orders: 667, 625, 588 …).
     */
    const post = async (name: string, amount = EVENTS): Promise<autocannon.Result & { seconds: number }> => {
      let [firstSent, lastAnswered] = [0, 0];
      const result = await autocannon({
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
        requests: [
          {
            setupRequest: (req) => {
              firstSent ||= performance.now();
              return { ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } };
            },
            onResponse: () => void (lastAnswered = performance.now()),
          },
        ],
      });
      return { ...result, seconds: (lastAnswered - firstSent) / 1000 };
    };
    const trigger = (on: boolean) =>
      db.query(`ALTER TABLE order_history ${on ? 'ENABLE' : 'DISABLE'} TRIGGER notification_event_of_history_trg`);

    const delivered = async (count: number) => {
      const deadline = Date.now() + 300_000;
      while ((await receiver.ask<number>({ type: 'count' })) < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    };

    await autocannon({ url: `${base}/health`, duration: 3 });
    await delivered((await post('warm-up', Math.ceil(EVENTS / 10)))['2xx']);
    const inboxCount = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM notifications`)).rows[0].n);

    /** One run of EVENTS orders, off or on; on, it lasts until the last delivery has arrived. */
    const measure = async (on: boolean): Promise<Run> => {
      await receiver.ask({ type: 'reset' });
      await trigger(on);
      const inboxBefore = await inboxCount();
      const started = Date.now();
      const [meter, wal] = [cpuMeter(app), await walMeter(db)];
      const r = await post(on ? 'on' : 'off');
      const whilePosting = { cpu: meter.per(r.requests.total), wal: await wal.per(r.requests.total) };
      if (on) await delivered(r['2xx']);
      const received = await receiver.ask<Received>({ type: 'take' });
      return {
        // Orders answered per second of the run, from the first sent to the last answered (see `post`).
        rps: r['2xx'] / r.seconds,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        whilePosting,
        untilDelivered: { cpu: meter.per(r.requests.total), wal: await wal.per(r.requests.total) },
        delays: received.delays.sort((a, b) => a - b),
        receivedTwice: received.delays.length - received.distinct,
        outboxSeconds: (received.lastAt - started) / 1000,
        inboxRows: (await inboxCount()) - inboxBefore,
      };
    };
    // Off and on in turn, ROUNDS times: on a shared machine a run's req/s moves by a third from one to the next.
    const runs: Array<{ off: Run; on: Run }> = [];
    for (let round = 0; round < ROUNDS; round++) runs.push({ off: await measure(false), on: await measure(true) });

    console.log(
      `\nNotifications benchmark: ${ROUNDS} rounds of ${EVENTS} orders off, then on; ${CONNECTIONS} connections, app + embedded PostgreSQL on this machine`,
    );
    console.log(
      `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    console.log(
      '| round | POST /orders | req/s | p50 ms | p99 ms | non-2xx | CPU ms/POST: app | PostgreSQL | bench | all | WAL bytes/POST |',
    );
    console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const cpuCells = (c: Cpu) => `${c.app.toFixed(2)} | ${c.db.toFixed(2)} | ${c.bench.toFixed(2)} | ${cpuOf(c).toFixed(2)}`;
    runs.forEach(({ off, on }, i) => {
      for (const [name, r, m] of [
        ['notifications off', off, off.whilePosting],
        ['on (inbox + webhook), while POSTing', on, on.whilePosting],
      ] as const)
        console.log(
          `| ${i + 1} | ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${cpuCells(m.cpu)} | ${m.wal.toFixed(0)} |`,
        );
      console.log(
        `| ${i + 1} | on, until the last delivery | | | | | ${cpuCells(on.untilDelivered.cpu)} | ${on.untilDelivered.wal.toFixed(0)} |`,
      );
    });
    const byRound = (f: (r: { off: Run; on: Run }) => number) => runs.map(f).sort((a, b) => a - b);
    const ratios = byRound(({ off, on }) => on.rps / off.rps);
    const cpuRatios = byRound(({ off, on }) => cpuOf(off.whilePosting.cpu) / cpuOf(on.untilDelivered.cpu));
    const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    console.log(`\nratio on/off by req/s, per round: ${list(ratios)}; median ${median(ratios).toFixed(2)} (target ≥ 0.85)`);
    console.log(
      `ratio by CPU (off ÷ on until the last delivery, all CPU per POST), per round: ${list(cpuRatios)}; median ${median(cpuRatios).toFixed(2)}`,
    );
    const delays = runs.flatMap(({ on }) => on.delays).sort((a, b) => a - b);
    const deliveries = runs.reduce((n, { on }) => n + on.delays.length, 0);
    const outboxSeconds = runs.reduce((s, { on }) => s + on.outboxSeconds, 0);
    console.log(
      `events through the outbox: ${deliveries} webhook deliveries in ${outboxSeconds.toFixed(1)} s of the on runs = ${(deliveries / outboxSeconds).toFixed(0)} events/s`,
    );
    console.log(
      `inbox rows written: ${runs.reduce((n, { on }) => n + on.inboxRows, 0)}; deliveries received twice: ${runs.reduce((n, { on }) => n + on.receivedTwice, 0)}`,
    );
    console.log(
      `delay commit → delivery: p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${delays.at(-1)} ms (target p99 ≤ 2,000 ms)`,
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
