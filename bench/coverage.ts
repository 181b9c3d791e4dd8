/**
 * `npm run bench:coverage`: the app (built, as `npm start` runs it) on its own embedded PostgreSQL,
 * loaded with a synthetic city generated inside the database (INSERT … SELECT generate_series): the 14
 * banners of data/hulunbuir-banners.json, 196 townships, 2,352 villages, 30,000 branches, 2,000
 * lecturers and 1,000,000 lectures over three years (3,000 branches never reached; one lecture in fifty
 * on a custom topic). The lectures are inserted as accepted orders with their bookings (the exclusion
 * constraint checked), then completed by one UPDATE, so that the triggers fill `lecture_facts` and the
 * summaries as they do in production; the order history of these synthetic orders is not written.
 * Then, over HTTP, several timed runs of: the whole city's coverage for one year, one banner's, a year
 * cutting months at both ends, the whole city's CSV export and lecturers' load. Prints the load time
 * and p50/p95 per scenario against the targets, after checking the city's figures against a count.
 *
 * BENCH_COVERAGE_REUSE=1 keeps a database loaded by an earlier run (skips the load).
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { loadBanners } from '../src/kernel/banners.js';
import { freePort, startBuiltApp, stopBuiltApp } from './built-app.js';

const DATA_DIR = process.env.BENCH_DATA_DIR ?? './.data/bench-coverage';
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54345);
const REUSE = process.env.BENCH_COVERAGE_REUSE === '1';
const ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };
const BRANCHES = 30_000;
const LECTURES = 1_000_000;
const LECTURERS = 2_000;
/** The three years of lectures end here (Asia/Shanghai dates); the timed year lies inside. */
const FIRST_DAY = '2023-11-20';
const DAYS = 1095;
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
/** A year that cuts months at both ends: the loose days are read from the facts. */
const ODD = { from: '2025-03-17', to: '2026-03-16' };
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** Generates the synthetic city in the database; returns the seconds each step took. */
async function load(db: pg.Client, second: pg.Client): Promise<Array<[string, number]>> {
  const steps: Array<[string, number]> = [];
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    steps.push([name, (performance.now() - t0) / 1000]);
    process.stderr.write(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  const step = (name: string, sql: string, params: unknown[] = []) => timed(name, () => db.query(sql, params));
  /** One statement over the even and the odd lectures on two connections at once (one per core); `$parity` is the last parameter. */
  const halves = (name: string, sql: string, params: unknown[]) =>
    timed(name, () => Promise.all([db.query(sql, [...params, 0]), second.query(sql, [...params, 1])]));
  // Room for the hash joins of a million-row statement (these sessions only).
  for (const c of [db, second]) await c.query(`SET work_mem = '256MB'`);
  const file = loadBanners();
  const cityId = (
    await db.query<{ id: string }>(
      `INSERT INTO regions (id, name, level, parent_id, path, latitude, longitude) VALUES ($1, $2, 'city', NULL, ARRAY[$1::uuid], $3, $4) RETURNING id`,
      [crypto.randomUUID(), file.city.name, file.city.latitude, file.city.longitude],
    )
  ).rows[0].id;
  await step(
    'regions: 14 banners, 196 townships, 2,352 villages',
    `
    WITH b AS (
      SELECT gen_random_uuid() AS id, x.* FROM jsonb_to_recordset($2::jsonb) AS x(name text, latitude float8, longitude float8, border boolean)
    ), ins_b AS (
      INSERT INTO regions (id, name, level, parent_id, path, latitude, longitude, border)
      SELECT id, name, 'banner', $1, ARRAY[$1::uuid, id], latitude, longitude, border FROM b RETURNING id
    ), t AS (
      SELECT gen_random_uuid() AS id, b.id AS parent, b.name || '第' || g || '苏木' AS name, b.latitude + g * 0.03 AS lat, b.longitude + g * 0.03 AS lon, b.border, g
      FROM b CROSS JOIN generate_series(1, 14) g
    ), ins_t AS (
      INSERT INTO regions (id, name, level, parent_id, path, latitude, longitude, border, remote)
      SELECT id, name, 'township', parent, ARRAY[$1::uuid, parent, id], lat, lon, border, g > 10 FROM t RETURNING id
    ), v AS (
      SELECT gen_random_uuid() AS id, t.id AS township, t.parent, t.name, t.lat, t.lon, t.border, t.g, vg.n FROM t CROSS JOIN generate_series(1, 12) AS vg(n)
    )
    INSERT INTO regions (id, name, level, parent_id, path, latitude, longitude, border, remote, weak)
    SELECT id, name || '第' || n || '嘎查', 'village', township, ARRAY[$1::uuid, parent, township, id], lat + n * 0.01, lon + n * 0.01,
           border AND n <= 4, g > 10 OR n > 9, (g + n) % 10 = 0
    FROM v`,
    [cityId, JSON.stringify(file.banners)],
  );
  await step(
    'branches: 30,000',
    `
    WITH v AS (SELECT id, latitude, longitude, row_number() OVER (ORDER BY path) - 1 AS ix FROM regions WHERE level = 'village'),
         n AS (SELECT count(*) AS n FROM v)
    INSERT INTO branches (id, name, region_id, kind, member_count, latitude, longitude)
    SELECT md5('bench-branch-' || g)::uuid, '党支部' || g, v.id, (ARRAY['village','community','enterprise','institution','border_joint'])[1 + g % 5],
           10 + g % 90, v.latitude, v.longitude
    FROM generate_series(0, $1 - 1) g JOIN n ON true JOIN v ON v.ix = g % n.n`,
    [BRANCHES],
  );
  await step(
    'lecturers: 2,000',
    `
    WITH homes AS (SELECT id, latitude, longitude, row_number() OVER (ORDER BY path) - 1 AS ix FROM regions WHERE level IN ('banner', 'township')),
         n AS (SELECT count(*) AS n FROM homes)
    INSERT INTO lecturers (id, name, category, level, region_id, latitude, longitude, topics, languages, formats, max_lectures_per_month, travel_radius_km)
    SELECT md5('bench-lecturer-' || g)::uuid, '讲师' || g,
           (ARRAY['party_government_leader','branch_secretary','party_affairs_worker','expert_scholar','model_figure','practical_technician','five_elders'])[1 + g % 7],
           (ARRAY['city','banner','township'])[1 + g % 3], h.id, h.latitude, h.longitude,
           ARRAY['theory','party_history','policy','rural_revitalization','practical_skills','ethnic_unity','border_security'], ARRAY['zh','mn'],
           ARRAY['on_site','online','field','mobile'], 30, 500
    FROM generate_series(0, $1 - 1) g JOIN n ON true JOIN homes h ON h.ix = g % n.n`,
    [LECTURERS],
  );
  // Lecture g: lecturer g mod 2,000, its k-th (every ~2.2 days, never overlapping), at one of 27,000
  // branches (the other 3,000 are never reached: the "last mile").
  // Index tables both connections read (dropped at the end of the load).
  await db.query(`CREATE UNLOGGED TABLE bench_branch_ix AS SELECT row_number() OVER (ORDER BY id) - 1 AS ix, id FROM branches`);
  await db.query(`CREATE UNIQUE INDEX ON bench_branch_ix (ix)`);
  await db.query(`CREATE UNLOGGED TABLE bench_lecturer_ix AS SELECT row_number() OVER (ORDER BY id) - 1 AS ix, id FROM lecturers`);
  await db.query(`CREATE UNIQUE INDEX ON bench_lecturer_ix (ix)`);
  const lecture = `
    SELECT g, md5('bench-order-' || g)::uuid AS id, l.id AS lecturer_id,
           ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') + make_interval(secs => (g / $3) * ($4 * 86400.0 / ($1 / $3)) + (g % $3 % 40) * 3600) AS starts_at
    FROM generate_series(0, $1 - 1) g JOIN bench_lecturer_ix l ON l.ix = g % $3
    -- even or odd lectures: with an even number of lecturers, each half has its own lecturers, so the two
    -- connections never wait on each other's bookings
    WHERE g % 2 = $PARITY`;
  const params = [LECTURES, FIRST_DAY, LECTURERS, DAYS];
  const admin = (await db.query<{ id: string }>(`SELECT id FROM accounts WHERE role = 'admin' LIMIT 1`)).rows[0].id;
  await halves(
    'orders: 1,000,000 placed and accepted (two connections)',
    `
    INSERT INTO orders (id, branch_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience, language, status, placed_by, created_at, updated_at)
    SELECT x.id, b.id,
           -- one lecture in fifty on a custom topic, off the menu
           CASE WHEN x.g % 50 = 0 THEN 'grassland_fire_prevention'
                ELSE (ARRAY['theory','party_history','policy','rural_revitalization','practical_skills','ethnic_unity','border_security'])[1 + (x.g / 7) % 7] END,
           '党课' || x.g % 1000, (ARRAY['on_site','online','field','mobile'])[1 + (x.g / 3) % 4],
           x.starts_at - interval '1 day', x.starts_at + interval '1 day', 90, 20 + x.g % 60, 'zh', 'accepted', $5, x.starts_at - interval '10 days', x.starts_at
    FROM (${lecture.replace('$PARITY', '$6')}) x JOIN bench_branch_ix b ON b.ix = (x.g::bigint * 7919) % 27000`,
    [...params, admin],
  );
  await halves(
    'bookings: 1,000,000, exclusion constraint checked (two connections)',
    `
    INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked)
    SELECT x.id, x.lecturer_id, x.starts_at, x.starts_at + interval '90 minutes', tstzrange(x.starts_at, x.starts_at + interval '90 minutes', '[)')
    FROM (${lecture.replace('$PARITY', '$5')}) x`,
    params,
  );
  await step(
    'completion of all 1,000,000 (the lecture_facts trigger)',
    `
    UPDATE orders o SET status = 'completed', attendance = o.expected_audience - (hashtext(o.id::text) & 7), started_at = o.updated_at,
           completed_at = o.updated_at + interval '2 hours', summary = '已授课', updated_at = o.updated_at + interval '2 hours'
    WHERE status = 'accepted'`,
  );
  await db.query('DROP TABLE bench_branch_ix, bench_lecturer_ix');
  await step('VACUUM ANALYZE', 'VACUUM ANALYZE');
  return steps;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Row {
  name: string;
  target: number;
  runs: number;
  p50: number;
  p95: number;
  bytes: number;
}

async function time(name: string, target: number, url: string, token: string, runs = RUNS): Promise<Row> {
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    return { ms: performance.now() - t0, bytes: body.byteLength };
  };
  await get(); // warm-up: plans, caches
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await get();
    samples.push(r.ms);
    bytes = r.bytes;
  }
  samples.sort((a, b) => a - b);
  return { name, target, runs, p50: percentile(samples, 50), p95: percentile(samples, 95), bytes };
}

async function main(): Promise<void> {
  const loaded = REUSE && existsSync(resolve(DATA_DIR, 'pg', 'PG_VERSION'));
  if (!loaded) rmSync(resolve(DATA_DIR), { recursive: true, force: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await startBuiltApp(port, {
    DATA_DIR,
    EMBEDDED_PG_PORT: String(PG_PORT),
    DEMO_DATA: 'off',
    INITIAL_ADMIN_USERNAME: ADMIN.username,
    INITIAL_ADMIN_PASSWORD: ADMIN.password,
  });
  const url = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/grassland`;
  const db = new pg.Client({ connectionString: url });
  const second = new pg.Client({ connectionString: url });
  try {
    await db.connect();
    await second.connect();
    let loadSeconds = 0;
    let steps: Array<[string, number]> = [];
    const hasData = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM lecture_facts')).rows[0].n) > 0;
    if (!hasData) {
      const t0 = performance.now();
      steps = await load(db, second);
      loadSeconds = (performance.now() - t0) / 1000;
    }
    // count(*) is a bigint: node-postgres hands it over as a string.
    const counts = (
      await db.query<{ branches: string; lectures: string; facts: string; in_year: string }>(
        `SELECT (SELECT count(*) FROM branches) AS branches, (SELECT count(*) FROM orders WHERE status = 'completed') AS lectures,
      (SELECT count(*) FROM lecture_facts) AS facts, (SELECT count(*) FROM lecture_facts WHERE day BETWEEN $1 AND $2) AS in_year`,
        [YEAR.from, YEAR.to],
      )
    ).rows[0];
    const banner = (await db.query(`SELECT id, name FROM regions WHERE level = 'banner' ORDER BY name LIMIT 1`)).rows[0] as {
      id: string;
      name: string;
    };

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const period = `from=${YEAR.from}&to=${YEAR.to}`;
    const rows = [
      await time(`GET /coverage, whole city, ${YEAR.from.slice(0, 4)}`, 300, `${base}/api/v1/coverage?${period}`, token),
      await time(
        `GET /coverage, one banner (${banner.name}), ${YEAR.from.slice(0, 4)}`,
        100,
        `${base}/api/v1/coverage?${period}&regionId=${banner.id}`,
        token,
      ),
      await time(
        `GET /coverage, whole city, ${ODD.from} … ${ODD.to} (months cut at both ends)`,
        Number.NaN,
        `${base}/api/v1/coverage?from=${ODD.from}&to=${ODD.to}`,
        token,
      ),
      await time(
        `GET /coverage/export?format=csv, whole city, ${YEAR.from.slice(0, 4)}`,
        3000,
        `${base}/api/v1/coverage/export?${period}&format=csv`,
        token,
        Math.max(5, Math.floor(RUNS / 2)),
      ),
      await time(
        `GET /coverage/lecturers, whole city, ${YEAR.from.slice(0, 4)}`,
        Number.NaN,
        `${base}/api/v1/coverage/lecturers?${period}`,
        token,
        Math.max(5, Math.floor(RUNS / 2)),
      ),
    ];

    // The figures timed are the real ones: the year's lectures and branches reached, counted directly.
    const check = (await fetch(`${base}/api/v1/coverage?${period}`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
      r.json(),
    )) as { totals: { lectures: number; branchesReached: number } };
    const reached = Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(DISTINCT branch_id) AS n FROM orders WHERE status = 'completed'
      AND (started_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2`,
          [YEAR.from, YEAR.to],
        )
      ).rows[0].n,
    );
    if (check.totals.lectures !== Number(counts.in_year) || check.totals.branchesReached !== reached) {
      throw new Error(
        `coverage totals ${JSON.stringify(check.totals)} differ from the count: ${counts.in_year} lectures, ${reached} branches reached`,
      );
    }

    console.log(`\nCoverage benchmark: app + embedded PostgreSQL on this machine (${(await import('node:os')).cpus().length} cores)`);
    console.log(
      `data: ${counts.branches} branches, ${counts.lectures} completed lectures (${counts.facts} facts, ${counts.in_year} in ${YEAR.from.slice(0, 4)}), ${DAYS} days from ${FIRST_DAY}`,
    );
    console.log(
      `checked: the ${YEAR.from.slice(0, 4)} totals of GET /coverage equal a count over the orders (${counts.in_year} lectures, ${reached} branches reached)\n`,
    );
    if (loadSeconds > 0) {
      console.log('| load step | seconds |');
      console.log('| --- | ---: |');
      for (const [name, s] of steps) console.log(`| ${name} | ${s.toFixed(1)} |`);
      console.log(`| **load, in all** (target ≤ 180 s) | **${loadSeconds.toFixed(1)}** |\n`);
    } else {
      console.log('load: reused the database of an earlier run (BENCH_COVERAGE_REUSE=1)\n');
    }
    console.log('| scenario | runs | p50 ms | p95 ms | target p50 | response |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      const target = Number.isNaN(r.target) ? '—' : `≤ ${r.target} ms ${r.p50 <= r.target ? '✓' : '✗'}`;
      console.log(`| ${r.name} | ${r.runs} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${target} | ${(r.bytes / 1024).toFixed(0)} KB |`);
    }
  } finally {
    await db.end().catch(() => undefined);
    await second.end().catch(() => undefined);
    await stopBuiltApp(app);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
