/**
 * `npm run bench:http`: the app (built, as `npm start` runs it) on an embedded PostgreSQL with demo
 * data, driven by autocannon: (a) a branch placing orders with distinct Idempotency-Keys, (b) a branch
 * listing its orders, (c) GET /health as the framework's own floor. Prints req/s, p50, p99 and the
 * ratios a/c and b/c.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { DEMO_LOGINS } from '../src/demo/demo-seeder.js';
import { freePort, startBuiltApp, stopBuiltApp } from './built-app.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function run(name: string, opts: autocannon.Options): Promise<Row> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

function inDays(days: number, hhmm: string): string {
  const local = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return `${local.toISOString().slice(0, 10)}T${hhmm}:00+08:00`;
}

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await startBuiltApp(port, {
    DATA_DIR: process.env.BENCH_DATA_DIR ?? './.data/bench',
    EMBEDDED_PG_PORT: process.env.BENCH_PG_PORT ?? '54340',
    DEMO_DATA: 'on',
  });
  try {
    const branch = DEMO_LOGINS.find((d) => d.role === 'branch');
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: branch?.username, password: branch?.password }),
    });
    if (!login.ok) throw new Error(`demo branch login failed: ${login.status}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const order = JSON.stringify({
      topic: 'policy',
      title: '草原生态补奖政策解读',
      format: 'online',
      earliestStart: inDays(20, '19:30'),
      latestStart: inDays(40, '19:30'),
      expectedAudience: 30,
      language: 'mn',
    });

    // Warm up the code paths and the database's caches, then measure each in turn.
    await run('warm-up', { url: `${base}/health`, duration: 3 });
    const rows: Row[] = [];
    const listOrders = { url: `${base}/api/v1/orders`, headers: auth };
    // (b) first, on the demo branch as a secretary sees it (a few dozen orders at most) ...
    rows.push(await run('(b) GET /orders (branch)', listOrders));
    rows.push(
      await run('(a) POST /orders', {
        url: `${base}/api/v1/orders`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: order,
        requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
      }),
    );
    // ... and again after (a) gave that branch thousands of orders: the total is counted over all of them.
    rows.push(await run("(b') GET /orders after (a)", listOrders));
    rows.push(await run('(c) GET /health', { url: `${base}/health` }));

    console.log(`\nHTTP benchmark: ${CONNECTIONS} connections, ${DURATION} s each, app + embedded PostgreSQL on this machine\n`);
    console.log('| scenario | req/s | p50 ms | p99 ms | errors | non-2xx |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
    const [b, a, bAfter, c] = rows;
    console.log(`\na/c = ${(a.rps / c.rps).toFixed(2)} (target ≥ 0.35, with p99 ≤ 100 ms: ${a.p99} ms)`);
    console.log(`b/c = ${(b.rps / c.rps).toFixed(2)} (target ≥ 0.50)`);
    console.log(`b'/c = ${(bAfter.rps / c.rps).toFixed(2)} (the same list with thousands of orders in the branch)`);
  } finally {
    await stopBuiltApp(app);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
