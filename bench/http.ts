/**
 * `npm run bench:http`: the app (built, as `npm start` runs it) on an embedded PostgreSQL with demo
 * data, driven by autocannon. First the demo branch is given 20,000 orders and the city 1,000,000
 * (straight in SQL, then VACUUM ANALYZE), as after years of use; then, each in turn: GET /health as the
 * framework's own floor, the branch's list (first page by offset with its total; a deep page by cursor),
 * the admin's queue of pending orders, and the branch placing orders with distinct Idempotency-Keys, flat out
 * and then at the target rate (0.35 × /health's), each order sent when it falls due (pacedLoad), for its
 * latency; each is warmed up for 3 s before it is measured. All that BENCH_ROUNDS (3) times, each round with its
 * own /health. Prints req/s, p50, p99, CPU and each ratio to /health per round, then each scenario's median
 * against its target.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { appAndDatabaseCpu, embeddedDatabaseUrl, freePort, inDays, loginAsDemo, startBuiltApp, stopBuiltApp } from './built-app.js';
import { Pool } from 'undici';
import { type PacedRequest, pacedLoad } from './paced-load.js';
import type { ChildProcess } from 'node:child_process';
import { median } from './median.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
/** Seconds of the same load before each scenario is measured: V8 compiles a route's code while it first serves it. */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BRANCH_ORDERS = 20_000;
const loadBefore = loadavg();
const CITY_ORDERS = 1_000_000;
/** Rounds of /health and every scenario: their medians are the figures (one round's ratios move with the machine). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU milliseconds per request: the app's process, its PostgreSQL's, the load generator's (this process). */
  cpu: { app: number; db: number; load: number };
}

/**
 * One scenario under load, after WARM_SECONDS of it unmeasured (as on a server that has run a while, its code
 * compiled and its pages cached). Beside req/s, the CPU each request cost the app, its database and the load
 * generator: on a shared machine these hold still when req/s does not, and they say where a request's time goes.
 */
async function run(app: ChildProcess, name: string, opts: autocannon.Options): Promise<Row> {
  if (WARM_SECONDS > 0) await autocannon({ connections: CONNECTIONS, ...opts, duration: WARM_SECONDS });
  const before = { ...appAndDatabaseCpu(app), load: process.cpuUsage() };
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  // A run that was answered with errors measured the errors: say which, so the figure is not taken for the list's.
  if (result.non2xx > 0) console.warn(`${name}: ${result.non2xx} answers not 2xx, by status: ${JSON.stringify(result.statusCodeStats)}`);
  const after = appAndDatabaseCpu(app);
  const load = process.cpuUsage(before.load);
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, result.requests.total);
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    cpu: {
      app: perRequest(after.app - before.app),
      db: perRequest(after.db - before.db),
      load: perRequest((load.user + load.system) / 1e6),
    },
  };
}

/**
 * One scenario at a set rate (pacedLoad: each request sent when due, its latency counted from then), after
 * WARM_SECONDS of the same load. The answers that were not 2xx are named, as in `run`; so is a load generator that
 * could not keep the pace (it shares the cores), since its latencies then say less.
 */
async function runPaced(app: ChildProcess, name: string, origin: string, next: () => PacedRequest, rate: number): Promise<Row> {
  // One pool for the warm-up and the run: the run starts on connections already open.
  const pool = new Pool(origin, { connections: CONNECTIONS });
  try {
    if (WARM_SECONDS > 0) await pacedLoad(pool, next, { rate, seconds: WARM_SECONDS });
    const before = { ...appAndDatabaseCpu(app), load: process.cpuUsage() };
    const result = await pacedLoad(pool, next, { rate, seconds: DURATION });
    const after = appAndDatabaseCpu(app);
    const used = process.cpuUsage(before.load);
    const notOk = Object.values(result.notOk).reduce((a, b) => a + b, 0);
    // Latencies are of the 2xx answers: refusals would flatter them, so they are named.
    if (notOk > 0) console.warn(`${name}: ${notOk} answers not 2xx, by status: ${JSON.stringify(result.notOk)}`);
    console.log(
      `${name}: the most sent in one 100 ms was ${result.mostSentIn100ms} (${(rate / 10).toFixed(1)} if paced evenly); ` +
        `the last answer came ${(result.elapsedSeconds - DURATION).toFixed(1)} s after the last was due; max latency ${result.max.toFixed(0)} ms`,
    );
    const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, result.due);
    return {
      name,
      // Answered per second until the last answer: below the rate asked for when answers fell behind.
      rps: result.ok / result.elapsedSeconds,
      p50: Math.round(result.p50),
      p99: Math.round(result.p99),
      errors: result.notOk.error ?? 0,
      non2xx: notOk - (result.notOk.error ?? 0),
      cpu: {
        app: perRequest(after.app - before.app),
        db: perRequest(after.db - before.db),
        load: perRequest((used.user + used.system) / 1e6),
      },
    };
  } finally {
    await pool.close();
  }
}

/**
 * Tops the branch up to BRANCH_ORDERS orders and the city to CITY_ORDERS (over its other branches): past
 * lectures, completed, one in fifty still pending with its window ahead; created one every 90 s going back.
 * Counts first, so a second run on the same data directory adds only what is missing.
 */
async function fillHistory(url: string, branchId: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const count = async (where: string, values: unknown[]) =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE ${where}`, values)).rows[0].n);
    const insert = (n: number, branchSql: string, values: unknown[]) =>
      db.query(
        `INSERT INTO orders (branch_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience, language,
           status, started_at, completed_at, attendance, summary, placed_by, created_at, updated_at)
         SELECT ${branchSql}, 'policy', '草原生态补奖政策解读 第' || g || '期', 'on_site', w.starts, w.starts + interval '5 days', 90, 30, 'mn',
           w.status, CASE WHEN w.status = 'completed' THEN w.starts END, CASE WHEN w.status = 'completed' THEN w.starts + interval '2 hours' END,
           CASE WHEN w.status = 'completed' THEN 25 END, CASE WHEN w.status = 'completed' THEN '按时完成' END,
           (SELECT id FROM accounts WHERE role = 'admin' ORDER BY created_at LIMIT 1), w.created, w.created
         FROM generate_series(1, ${n}) g
         CROSS JOIN LATERAL (SELECT now() - g * interval '90 seconds' AS created, g % 50 = 0 AS open) c
         CROSS JOIN LATERAL (SELECT c.created,
           CASE WHEN c.open THEN 'pending' ELSE 'completed' END AS status,
           CASE WHEN c.open THEN now() + (g % 60 + 1) * interval '1 day' ELSE c.created + interval '7 days' END AS starts) w`,
        values,
      );
    const forBranch = BRANCH_ORDERS - (await count('branch_id = $1', [branchId]));
    if (forBranch > 0) await insert(forBranch, '$1::uuid', [branchId]);
    const forCity = CITY_ORDERS - (await count('true', []));
    if (forCity > 0) {
      await insert(
        forCity,
        `(SELECT ids[1 + g % array_length(ids, 1)] FROM (SELECT array_agg(id) AS ids FROM branches WHERE id <> $1) o)`,
        [branchId],
      );
    }
    if (forBranch > 0 || forCity > 0) await db.query('VACUUM ANALYZE');
  } finally {
    await db.end();
  }
}

/** All the CPU a request cost on this machine: on 2 shared cores, what bounds req/s when nothing else runs. */
const cpuOf = (r: Row) => r.cpu.app + r.cpu.db + r.cpu.load;

/** A scenario measured in every round, with its target: a ratio of req/s to /health's, or a p99 at a set rate. */
interface Scenario {
  /** As the summary names it (a round's row may add that round's figures, as the paced one its rate). */
  name: string;
  target?: number;
  p99Target?: number;
  measure: (name: string, health: Row) => Promise<Row>;
}

/** One round: /health, then every scenario in turn, so each ratio is to the /health of minutes before, not of the bench's start. */
interface Round {
  health: Row;
  rows: Row[];
}

const targetText = (s: Scenario) => (s.target !== undefined ? `≥ ${s.target}` : `p99 ≤ ${s.p99Target} ms`);

function printRound(n: number, { health, rows }: Round, scenarios: Scenario[]): void {
  console.log(`\nRound ${n}\n`);
  console.log(
    '| scenario | req/s | p50 ms | p99 ms | errors | non-2xx | ratio to /health | target | CPU ms/req: app | PostgreSQL | load generator | ratio by CPU |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  [health, ...rows].forEach((r, i) => {
    const target = i === 0 ? '' : targetText(scenarios[i - 1]);
    console.log(
      `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${(r.rps / health.rps).toFixed(2)} | ${target} | ` +
        `${r.cpu.app.toFixed(2)} | ${r.cpu.db.toFixed(2)} | ${r.cpu.load.toFixed(2)} | ${(cpuOf(health) / cpuOf(r)).toFixed(2)} |`,
    );
  });
}

/**
 * Per scenario, its figure in every round and their median against the target: on a shared machine one round's
 * /health moves by half (1,250 to 2,070 req/s in three runs of one morning), and every ratio with it.
 */
function printSummary(rounds: Round[], scenarios: Scenario[]): void {
  console.log(`\nMedians over ${rounds.length} rounds (/health ${rounds.map((r) => r.health.rps.toFixed(0)).join(', ')} req/s)\n`);
  console.log('| scenario | per round | median | target | met |');
  console.log('| --- | --- | ---: | --- | --- |');
  scenarios.forEach((s, i) => {
    const figures = rounds.map((r) => (s.target !== undefined ? r.rows[i].rps / r.health.rps : r.rows[i].p99));
    const m = median(figures);
    const met = s.target !== undefined ? m >= s.target : m <= (s.p99Target as number);
    const shown = (x: number) => (s.target !== undefined ? x.toFixed(2) : `${x.toFixed(0)} ms`);
    console.log(`| ${s.name} | ${figures.map(shown).join(', ')} | ${shown(m)} | ${targetText(s)} | ${met ? 'yes' : 'no'} |`);
  });
}

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const pgPort = process.env.BENCH_PG_PORT ?? '54340';
  const app = await startBuiltApp(port, {
    DATA_DIR: process.env.BENCH_DATA_DIR ?? './.data/bench',
    EMBEDDED_PG_PORT: pgPort,
    DEMO_DATA: 'on',
  });
  try {
    const branch = await loginAsDemo(base, 'branch');
    const admin = await loginAsDemo(base, 'admin');
    if (!branch.branchId) throw new Error('the demo branch login has no branch');
    const filling = Date.now();
    await fillHistory(embeddedDatabaseUrl(pgPort), branch.branchId);
    console.log(`history in place (${BRANCH_ORDERS} orders in the branch, ${CITY_ORDERS} in the city) after ${Date.now() - filling} ms`);

    const branchAuth = { authorization: `Bearer ${branch.token}` };
    const orders = `${base}/api/v1/orders`;
    const deepAnswer = await fetch(`${orders}?offset=15000&limit=50`, { headers: branchAuth });
    const deep = (await deepAnswer.json()) as { nextCursor?: string | null };
    if (!deepAnswer.ok || typeof deep.nextCursor !== 'string') {
      throw new Error(`the page past 15,000 orders answered ${deepAnswer.status} without a cursor: ${JSON.stringify(deep).slice(0, 300)}`);
    }
    const order = JSON.stringify({
      topic: 'policy',
      title: '草原生态补奖政策解读',
      format: 'online',
      earliestStart: inDays(20, '19:30'),
      latestStart: inDays(40, '19:30'),
      expectedAudience: 30,
      language: 'mn',
    });

    const placingHeaders = { ...branchAuth, 'content-type': 'application/json' };
    const placing: autocannon.Options = {
      url: orders,
      method: 'POST',
      headers: placingHeaders,
      body: order,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
    };

    const branchList = { url: orders, headers: branchAuth };
    const deepPage = { url: `${orders}?cursor=${deep.nextCursor}`, headers: branchAuth };
    const adminQueue = { url: `${orders}?status=pending`, headers: { authorization: `Bearer ${admin.token}` } };
    const scenarios: Scenario[] = [
      // The token and the account as it is now (remembered until PostgreSQL announces a change): what every request adds to /health.
      {
        name: 'GET /auth/me (token + live account check)',
        target: 0.8,
        measure: (name) => run(app, name, { url: `${base}/api/v1/auth/me`, headers: branchAuth }),
      },
      { name: "branch's GET /orders, first page (with total)", target: 0.5, measure: (name) => run(app, name, branchList) },
      { name: "branch's GET /orders, deep page by cursor (past 15,000)", target: 0.5, measure: (name) => run(app, name, deepPage) },
      { name: "admin's queue GET /orders?status=pending (with total)", target: 0.4, measure: (name) => run(app, name, adminQueue) },
      { name: 'POST /orders, flat out', target: 0.35, measure: (name) => run(app, name, placing) },
      // Flat out, 50 connections wait by Little's law 50 ÷ rate, so a p99 there says how many connections the
      // bench opened. Latency is a question at a rate: the target one, 0.35 × /health's, each order sent when due.
      {
        name: "POST /orders at 0.35 × /health's rate, each sent when due",
        p99Target: 100,
        measure: (name, health) =>
          runPaced(
            app,
            `${name} (${Math.round(0.35 * health.rps)} req/s)`,
            base,
            () => ({
              path: '/api/v1/orders',
              method: 'POST',
              headers: { ...placingHeaders, 'idempotency-key': randomUUID() },
              body: order,
            }),
            Math.round(0.35 * health.rps),
          ),
      },
    ];

    // Each round measures /health, then every scenario against it (each warmed up before it is measured).
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const health = await run(app, 'GET /health', { url: `${base}/health` });
      const rows: Row[] = [];
      for (const s of scenarios) rows.push(await s.measure(s.name, health));
      rounds.push({ health, rows });
    }

    console.log(
      `\nHTTP benchmark: ${ROUNDS} rounds, ${CONNECTIONS} connections, ${DURATION} s each, app + embedded PostgreSQL on this machine`,
    );
    console.log(
      `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    rounds.forEach((round, i) => printRound(i + 1, round, scenarios));
    printSummary(rounds, scenarios);
  } finally {
    await stopBuiltApp(app);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
