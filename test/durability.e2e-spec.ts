import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { exited, freePort, startProcess } from './support/processes.js';
import { testEnv } from './support/test-app.js';
import { World } from './support/world.js';

const API = '/api/v1';

describe('durability: an order that got a 201 survives the app being killed', () => {
  const schema = 't_' + randomBytes(6).toString('hex');
  const env = testEnv(schema, { INITIAL_ADMIN_USERNAME: 'first-admin', INITIAL_ADMIN_PASSWORD: 'first-admin-pw' });
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    const { createDataSource } = await import('../src/database/data-source.js');
    const db = createDataSource(env.DATABASE_URL as string, schema, 1);
    await db.initialize();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    await db.destroy();
  });

  let port: number;
  let token: string;
  const http = () => request(`http://127.0.0.1:${port}`);
  /** The app process, started again if a test before left it stopped. */
  const running = async (): Promise<ChildProcess> => {
    if (!child || child.exitCode !== null || child.signalCode !== null) child = await startProcess(env, port);
    return child;
  };

  // The app as a process, with a branch secretary who can place orders.
  beforeAll(async () => {
    port = await freePort();
    child = await startProcess(env, port);
    const admin = (await http().post(`${API}/auth/login`).send({ username: 'first-admin', password: 'first-admin-pw' }).expect(200)).body
      .accessToken;
    const post = async (path: string, body: object) =>
      (
        await http()
          .post(API + path)
          .set('Authorization', `Bearer ${admin}`)
          .send(body)
          .expect(201)
      ).body;
    const city = await post('/regions', { name: '呼伦贝尔市', level: 'city', latitude: 49.2, longitude: 119.7 });
    const banner = await post('/regions', { name: '新巴尔虎右旗', level: 'banner', parentId: city.id, latitude: 48.67, longitude: 116.82 });
    const branch = await post('/branches', { name: '达赉苏木党支部', regionId: banner.id, kind: 'village', memberCount: 20 });
    await post('/accounts', { username: 'secretary', password: 'secretary-pw', role: 'branch', branchId: branch.id });
    token = (await http().post(`${API}/auth/login`).send({ username: 'secretary', password: 'secretary-pw' }).expect(200)).body.accessToken;
  });

  it('keeps every acknowledged order after SIGKILL during a burst of orders', async () => {
    const app = await running();
    const acknowledged: string[] = [];
    let stop = false;
    const placeLoop = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        const res = await http()
          .post(`${API}/orders`)
          .set('Authorization', `Bearer ${token}`)
          .set('Idempotency-Key', `w${worker}-${i}`)
          .send(World.customOrder(10))
          .then(
            (r) => r,
            () => undefined,
          );
        if (res?.status === 201) acknowledged.push(res.body.id);
      }
    };
    const workers = Array.from({ length: 8 }, (_, i) => placeLoop(i));
    while (acknowledged.length < 30) await sleep(20);
    app.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited(app);

    await running();
    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await http().get(`${API}/orders/${id}`).set('Authorization', `Bearer ${token}`);
      if (res.status !== 200 || res.body.status !== 'pending') missing.push(id);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(missing).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    const app = await running();
    app.kill('SIGTERM');
    expect(await exited(app)).toBe(0);
  });
});
