import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createDataSource } from '../src/database/data-source.js';
import { exited, freePort, startProcess } from './support/processes.js';
import { eventually, WebhookReceiver } from './support/receiver.js';
import { testEnv } from './support/test-app.js';
import { World } from './support/world.js';

const API = '/api/v1';

describe('notifications survive the app being killed between the commit and the delivery', () => {
  const schema = 't_' + randomBytes(6).toString('hex');
  const env = testEnv(schema, {
    INITIAL_ADMIN_USERNAME: 'first-admin',
    INITIAL_ADMIN_PASSWORD: 'first-admin-pw',
    JOB_QUEUE_POLL_MS: '100',
  });
  const receiver = new WebhookReceiver();
  let child: ChildProcess | undefined;
  let port: number;
  const http = () => request(`http://127.0.0.1:${port}`);
  const login = async (username: string, password: string): Promise<string> =>
    (await http().post(`${API}/auth/login`).send({ username, password }).expect(200)).body.accessToken;

  beforeAll(async () => {
    await receiver.start();
    port = await freePort();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await receiver.stop();
    const db = createDataSource(env.DATABASE_URL as string, schema, 1);
    await db.initialize();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    await db.destroy();
  });

  it('delivers an order placed just before a SIGKILL exactly once after the restart', async () => {
    // A first start sets up the queue; the office's webhook and a branch secretary are made through the API.
    child = await startProcess(env, port);
    const admin = await login('first-admin', 'first-admin-pw');
    const post = async (path: string, body: object, token = admin) =>
      (
        await http()
          .post(API + path)
          .set('Authorization', `Bearer ${token}`)
          .send(body)
          .expect(201)
      ).body;
    const city = await post('/regions', { name: '呼伦贝尔市', level: 'city', latitude: 49.2, longitude: 119.7 });
    const branch = await post('/branches', { name: '达赉苏木党支部', regionId: city.id, kind: 'village', memberCount: 20 });
    await post('/accounts', { username: 'secretary', password: 'secretary-pw', role: 'branch', branchId: branch.id });
    receiver.secret = (await post('/webhooks', { url: receiver.url, events: ['order.placed'] })).secret;
    const secretary = await login('secretary', 'secretary-pw');
    child.kill('SIGKILL');
    await exited(child);

    // An instance that serves requests but runs no jobs: the order commits, its delivery waits in the queue.
    child = await startProcess({ ...env, JOB_QUEUE: 'off' }, port);
    const order = await post('/orders', World.customOrder(10), secretary);
    child.kill('SIGKILL');
    await exited(child);
    expect(receiver.of(order.id)).toEqual([]);

    child = await startProcess(env, port);
    // The receiver answers before the app records the delivery as sent: wait for the record, then count the calls.
    type Delivery = { id: string; orderId: string; status: string };
    const deliveryOfOrder = async () => {
      const items: Delivery[] = (await http().get(`${API}/deliveries`).set('Authorization', `Bearer ${admin}`)).body.items;
      return items.find((d) => d.orderId === order.id);
    };
    const delivery = await eventually(deliveryOfOrder, (d) => d?.status === 'sent');
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });
    expect(receiver.of(order.id)).toEqual([
      { webhookId: delivery?.id, type: 'order.placed', orderId: order.id, verified: true, status: 200 },
    ]);
  });
});
