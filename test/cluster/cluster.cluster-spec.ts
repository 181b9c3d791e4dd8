import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source.js';
import { API, type TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';
import { LOGIN_ATTEMPTS_PER_MINUTE, Stack, ensureTools, waitForStatus } from './stack.js';

/** Two instances behind nginx on one PostgreSQL through PgBouncer: what holds for one instance holds for two. */
describe('two instances behind a load balancer', () => {
  const stack = new Stack();
  let db: DataSource;
  let w: World;
  /** Instance i directly, to split concurrent requests between the two for certain. */
  const on = (i: number) => request(stack.instanceUrl(i));

  beforeAll(async () => {
    ensureTools();
    await stack.start();
    db = createDataSource(stack.directUrl, 'public', 3);
    await db.initialize();
    const t = { url: stack.url, db, http: () => request(stack.url) } as unknown as TestApp;
    w = await World.build(t);
  }, 300_000);
  afterAll(async () => {
    await db?.destroy();
    await stack.stop();
  }, 60_000);

  it('lets exactly one of 50 lecturers claiming one order win when the claims are split between both instances', async () => {
    const lecturers = await Promise.all(Array.from({ length: 10 }, () => w.lecturer()));
    const order = await w.post('/orders', World.customOrder(20), w.branches.A.token);
    const startsAt = World.at(21, '09:00');
    const claims = Array.from({ length: 50 }, (_, i) =>
      on(i % 2)
        .post(`${API}/orders/${order.id}/accept`)
        .set(w.auth(lecturers[i % 10].token))
        .send({ startsAt }),
    );
    const statuses = (await Promise.all(claims)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });

  it('never lets one lecturer hold two overlapping lectures when the two claims reach different instances', async () => {
    const lecturer = await w.lecturer();
    for (let round = 0; round < 6; round++) {
      const day = 30 + round;
      const [a, b] = await Promise.all([
        w.post('/orders', World.customOrder(day, { format: 'online' }), w.branches.A.token),
        w.post('/orders', World.customOrder(day, { format: 'online' }), w.branches.B.token),
      ]);
      // 09:00 and 10:00 overlap: each lecture lasts 90 minutes.
      const results = await Promise.all(
        [a, b].map((o, i) =>
          on(i)
            .post(`${API}/orders/${o.id}/accept`)
            .set(w.auth(lecturer.token))
            .send({ startsAt: World.at(day, i === 0 ? '09:00' : '10:00') }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('LECTURER_BUSY');
    }
  });

  it('replays an Idempotency-Key on the other instance: the same order, answered again, made once', async () => {
    const body = World.customOrder(12);
    const place = (i: number) =>
      on(i).post(`${API}/orders`).set(w.auth(w.branches.A.token)).set('Idempotency-Key', 'cluster-key').send(body);
    const first = await place(0);
    const replayed = await place(1);
    expect(first.status).toBe(201);
    expect(replayed.status).toBe(201);
    expect(replayed.body).toEqual(first.body);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM orders WHERE title = $1 AND earliest_start = $2`, [
      body.title,
      body.earliestStart,
    ]);
    expect(n).toBe(1);
  });

  it('never offers one order twice when two real scheduling runs start on both instances at once', async () => {
    await w.lecturer();
    for (let i = 0; i < 6; i++) await w.post('/orders', World.customOrder(50 + i, { format: 'online' }), w.branches.B.token);
    const [a, b] = await Promise.all([0, 1].map((i) => on(i).post(`${API}/scheduling/runs`).set(w.auth()).send({})));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.offersMade + b.body.offersMade).toBeGreaterThanOrEqual(6);
    const offeredTwice = await db.query(
      `SELECT order_id FROM order_history WHERE to_status = 'offered' GROUP BY order_id HAVING count(*) > 1`,
    );
    expect(offeredTwice).toEqual([]);
  });

  it('counts wrong passwords sent to both instances against one login limit', async () => {
    const { username } = await w.account({ role: 'admin', regionId: w.cityId });
    const attempt = (i: number) => on(i).post(`${API}/auth/login`).send({ username, password: 'wrong-password' });
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) expect((await attempt(i % 2)).status).toBe(401);
    for (const i of [0, 1]) expect((await attempt(i)).status).toBe(429);
  });

  it('serves a load through nginx without one failed request while one instance stops gracefully (SIGTERM)', async () => {
    const until = Date.now() + 60_000; // a bound, whatever happens below
    let running = true;
    const statuses: number[] = [];
    // Regions through TypeORM's pool, orders through the list pages' own pool: neither may close under a request.
    const paths = ['/regions', '/orders'];
    const worker = async () => {
      while (running && Date.now() < until) {
        const path = paths[statuses.length % paths.length];
        const res = await fetch(`${stack.url}${API}${path}`, { headers: w.auth() }).catch(() => undefined);
        statuses.push(res?.status ?? 0);
        await res?.arrayBuffer();
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, worker));
    const pause = () => new Promise((done) => setTimeout(done, 1000));
    await pause();
    const stopping = Date.now();
    await stack.stopInstance(0);
    const stopSeconds = (Date.now() - stopping) / 1000;
    await pause();
    await stack.startInstance(0);
    await pause();
    running = false;
    await load;
    expect(stopSeconds).toBeLessThan(20);
    expect(statuses.length).toBeGreaterThan(100);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('answers 503 problem+json while PostgreSQL is down, and recovers by itself when it is back', async () => {
    const orders = (i: number) => on(i).get(`${API}/orders`).set(w.auth());
    await stack.stopDatabase();
    try {
      const down = await Promise.all([0, 1, 0, 1].map(orders));
      for (const res of down) {
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
      }
      expect((await request(stack.url).get('/health')).status).toBe(503);
    } finally {
      await stack.startDatabase();
    }
    for (const i of [0, 1]) await waitForStatus(`${stack.instanceUrl(i)}/health`, 200, 30);
    for (const i of [0, 1]) expect((await orders(i)).status).toBe(200);
  });
});
