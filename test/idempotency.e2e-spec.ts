import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await World.build(t);
});
afterAll(async () => t?.close());

describe('POST /orders with an Idempotency-Key', () => {
  const countOrders = async (branchId: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM orders WHERE branch_id = $1', [branchId]))[0].n as number;
  const place = (key: string, body: object, token = w.branches.A.token) =>
    t.http().post(`${API}/orders`).set(w.auth(token)).set('Idempotency-Key', key).send(body);

  it('makes one order for the same key and body sent twice, and replays the first response', async () => {
    const before = await countOrders(w.branches.A.id);
    const body = World.customOrder(10);
    const first = await place('key-twice', body);
    const second = await place('key-twice', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await countOrders(w.branches.A.id)).toBe(before + 1);
  });

  it('makes one order from 20 concurrent requests with one key; every answer is that order or a 409', async () => {
    const before = await countOrders(w.branches.A.id);
    const body = World.customOrder(11);
    const responses = await Promise.all(Array.from({ length: 20 }, () => place('key-concurrent', body)));
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(await countOrders(w.branches.A.id)).toBe(before + 1);
  });

  it('refuses the same key with another body with 422', async () => {
    await place('key-other-body', World.customOrder(12)).expect(201);
    const other = await place('key-other-body', World.customOrder(12, { expectedAudience: 99 }));
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it("keeps one account's keys apart from another's", async () => {
    const body = World.customOrder(13);
    const a = await place('shared-key', body, w.branches.A.token);
    const b = await place('shared-key', body, w.branches.B.token);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.branchId).toBe(w.branches.B.id);
  });
});

describe('POST /orders/:id/complete with an Idempotency-Key', () => {
  /** A lecture accepted for today 09:30 (already begun), and its lecturer. */
  const lectureGiven = async (lecturer?: LecturerFixture, startsAt = World.at(0, '09:30'), format = 'on_site') => {
    lecturer ??= await w.lecturer();
    const order = await w.post('/orders', World.customOrder(-1, { format }), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt });
    await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
    return { orderId: order.id as string, lecturer };
  };
  const report = (orderId: string, token: string, key: string, body: object) =>
    t.http().post(`${API}/orders/${orderId}/complete`).set(w.auth(token)).set('Idempotency-Key', key).send(body);
  const completions = async (orderId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM order_history WHERE order_id = $1 AND to_status = 'completed'`, [orderId]))[0]
      .n as number;

  it('answers a report sent again under its key as done, and completes the lecture once', async () => {
    const { orderId, lecturer } = await lectureGiven();
    const body = { attendance: 31, summary: '讲了草原防火' };
    const first = await report(orderId, lecturer.token, 'report-twice', body);
    const second = await report(orderId, lecturer.token, 'report-twice', body);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('completed');
    expect(await completions(orderId)).toBe(1);
  });

  it('refuses a second report under a new key as a state conflict', async () => {
    const { orderId, lecturer } = await lectureGiven();
    await report(orderId, lecturer.token, 'report-a', { attendance: 31, summary: '第一次' }).expect(200);
    const other = await report(orderId, lecturer.token, 'report-b', { attendance: 31, summary: '第一次' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('ORDER_STATE_CONFLICT');
  });

  it('refuses the same key with another report with 422', async () => {
    const { orderId, lecturer } = await lectureGiven();
    await report(orderId, lecturer.token, 'report-other-body', { attendance: 31, summary: '原来的小结' }).expect(200);
    const other = await report(orderId, lecturer.token, 'report-other-body', { attendance: 32, summary: '原来的小结' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses the key of one report used for another lecture with 422, and leaves that lecture open', async () => {
    const first = await lectureGiven();
    // The same lecturer's earlier lecture that morning, online so that no travel stands between the two.
    const second = await lectureGiven(first.lecturer, World.at(0, '06:00'), 'online');
    await report(first.orderId, first.lecturer.token, 'report-one-key', { attendance: 31, summary: '第一场' }).expect(200);
    const other = await report(second.orderId, second.lecturer.token, 'report-one-key', { attendance: 31, summary: '第一场' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await completions(second.orderId)).toBe(0);
  });
});
