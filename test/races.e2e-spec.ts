import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/** Real concurrent HTTP requests against one order or one lecturer: the database keeps the invariants. */
describe('orders under races', () => {
  let t: TestApp;
  let w: World;
  let lecturers: LecturerFixture[];

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    lecturers = [];
    for (let i = 0; i < 50; i++) lecturers.push(await w.lecturer());
  });
  afterAll(async () => t?.close());

  const activeBookings = async (orderId: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM bookings WHERE order_id = $1 AND released_at IS NULL', [orderId]))[0].n as number;

  it('lets exactly one of 50 lecturers claiming one order at once win; the rest get 409 and there is one booking', async () => {
    const order = await w.post('/orders', World.customOrder(20), w.branches.A.token);
    const startsAt = World.at(21, '09:00');
    const responses = await Promise.all(
      lecturers.map((l) => t.http().post(`${API}/orders/${order.id}/accept`).set(w.auth(l.token)).send({ startsAt })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['ORDER_ALREADY_ACCEPTED']));
    expect(await activeBookings(order.id)).toBe(1);
    const winner = responses.find((r) => r.status === 200);
    const seen = await t.http().get(`${API}/orders/${order.id}`).set(w.auth());
    expect(seen.body.booking.lecturerId).toBe(winner?.body.booking.lecturerId);
    expect(seen.body.history.filter((h: { to: string }) => h.to === 'accepted')).toHaveLength(1);
  });

  it('accepts an offer once when the offered lecturer sends 50 accepts at once', async () => {
    const order = await w.post('/orders', World.customOrder(25), w.branches.B.token);
    const lecturer = lecturers[7];
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(26, '14:00') });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => t.http().post(`${API}/orders/${order.id}/accept`).set(w.auth(lecturer.token)).send({})),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409 && r.body.code === 'ORDER_ALREADY_ACCEPTED')).toHaveLength(49);
    expect(await activeBookings(order.id)).toBe(1);
  });

  it('never lets one lecturer hold two overlapping lectures, however the claims race', async () => {
    const lecturer = lecturers[3];
    for (let round = 0; round < 8; round++) {
      const day = 30 + round;
      const [a, b] = await Promise.all([
        w.post('/orders', World.customOrder(day, { format: 'online' }), w.branches.A.token),
        w.post('/orders', World.customOrder(day, { format: 'online' }), w.branches.B.token),
      ]);
      // 09:00 and 10:00 overlap: each lecture lasts 90 minutes.
      const results = await Promise.all([
        t
          .http()
          .post(`${API}/orders/${a.id}/accept`)
          .set(w.auth(lecturer.token))
          .send({ startsAt: World.at(day, '09:00') }),
        t
          .http()
          .post(`${API}/orders/${b.id}/accept`)
          .set(w.auth(lecturer.token))
          .send({ startsAt: World.at(day, '10:00') }),
      ]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const loser = results.find((r) => r.status !== 200);
      expect(loser?.status).toBe(409);
      expect(loser?.body.code).toBe('LECTURER_BUSY');
    }
    const overlaps = await t.db.query(
      `SELECT count(*)::int AS n FROM bookings x JOIN bookings y ON x.lecturer_id = y.lecturer_id AND x.id < y.id
       WHERE x.released_at IS NULL AND y.released_at IS NULL AND x.blocked && y.blocked`,
    );
    expect(overlaps[0].n).toBe(0);
  });

  it('keeps the monthly cap when one lecturer claims several orders of one month at once', async () => {
    const capped = await w.lecturer({ maxLecturesPerMonth: 2 });
    const base = 70;
    const orders = await Promise.all(
      Array.from({ length: 5 }, () =>
        w.post('/orders', World.customOrder(base, { format: 'online', latestStart: World.at(base + 20, '09:00') }), w.branches.A.token),
      ),
    );
    // Distinct days of one local month are hard to pick relative to today, so count per month afterwards.
    const results = await Promise.all(
      orders.map((o, i) =>
        t
          .http()
          .post(`${API}/orders/${o.id}/accept`)
          .set(w.auth(capped.token))
          .send({ startsAt: World.at(base + i, '09:00') }),
      ),
    );
    expect(results.every((r) => r.status === 200 || (r.status === 409 && r.body.code === 'MONTHLY_CAP_REACHED'))).toBe(true);
    const perMonth = await t.db.query(
      `SELECT date_trunc('month', starts_at AT TIME ZONE 'Asia/Shanghai') AS m, count(*)::int AS n FROM bookings
       WHERE lecturer_id = $1 AND released_at IS NULL GROUP BY 1`,
      [capped.id],
    );
    expect(perMonth.length).toBeGreaterThan(0);
    for (const row of perMonth) expect(row.n).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.status === 200)).toHaveLength(perMonth.reduce((s: number, r: { n: number }) => s + r.n, 0));
  });
});
