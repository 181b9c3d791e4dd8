import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source.js';
import { API, type TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';
import { Stack, ensureTools } from './stack.js';

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
});
