import type { QueryRunner } from 'typeorm';
import ICAL from 'ical.js';
import { testClock } from './support/clock.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/**
 * What a probe of the running app found (issue 9): lectures reported that cannot have happened, updates
 * lost under concurrency, scheduling runs starving the pool, a banner admin seeing other banners,
 * impossible dates answered with a 500. Each over real HTTP.
 */
describe('data integrity', () => {
  let t: TestApp;
  let w: World;
  let bannerAdminA: string;

  beforeAll(async () => {
    // The sweeper stays out of the way: a test sees what a request itself did to an expired offer.
    t = await startTestApp({ JOB_QUEUE: 'off' });
    w = await World.build(t);
    bannerAdminA = (await w.account({ role: 'admin', regionId: w.banners.A.id })).token;
  });
  afterAll(async () => t?.close());

  const http = () => t.http();
  /** Runs `work` with a transaction of its own open (to hold rows or a table), rolled back if `work` did not end it. */
  const holding = async (work: (holder: QueryRunner) => Promise<void>): Promise<void> => {
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await work(holder);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  };
  /** A schedule window wide enough for every lecture these tests book. */
  const wide = `from=${World.at(-1, '00:00').slice(0, 10)}&to=${World.at(365, '00:00').slice(0, 10)}`;
  let day = 30;

  /** An order of `branch` claimed by `lecturer` on a day of its own in the future. */
  async function claimed(lecturer: LecturerFixture, branch: 'A' | 'B' = 'A', over: object = {}): Promise<string> {
    day += 2;
    const order = await w.post('/orders', World.customOrder(day, over), w.branches[branch].token);
    await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(day, '10:00') }, lecturer.token);
    return order.id as string;
  }

  let hoursBack = 0;
  /** Moves a booking at least `hoursAgo` hours into the past (each to a time of its own), so that the lecture can be reported done. */
  async function bookedHoursAgo(orderId: string, hoursAgo: number): Promise<Date> {
    hoursBack += 2;
    const [[{ starts_at }]] = await t.db.query(
      `UPDATE bookings SET starts_at = now() - make_interval(hours => $2), ends_at = now() - make_interval(hours => $2) + interval '90 minutes',
        blocked = tstzrange(now() - make_interval(hours => $2), now() - make_interval(hours => $2) + interval '90 minutes')
       WHERE order_id = $1 RETURNING starts_at`,
      [orderId, hoursAgo + hoursBack],
    );
    return new Date(starts_at);
  }

  const complete = (orderId: string, lecturer: LecturerFixture, body: object) =>
    http()
      .post(`${API}/orders/${orderId}/complete`)
      .set(w.auth(lecturer.token))
      .send({ attendance: 30, summary: '已授课', ...body });

  describe('lectures reported done are plausible', () => {
    let lecturer: LecturerFixture;
    beforeAll(async () => {
      lecturer = await w.lecturer();
    });

    it('refuses a claim whose start has passed (400 CLAIM_START_PASSED), so no lecture can be reported at once', async () => {
      const order = await w.post('/orders', World.customOrder(-1, { latestStart: World.at(3, '09:00') }), w.branches.A.token);
      const res = await http()
        .post(`${API}/orders/${order.id}/accept`)
        .set(w.auth(lecturer.token))
        .send({ startsAt: new Date(testClock.now() - 3600_000).toISOString() });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'CLAIM_START_PASSED' });
      expect((await http().get(`${API}/orders/${order.id}`).set(w.auth())).body.status).toBe('pending');
    });

    it.each([
      ['in the future', () => World.at(2, '10:00')],
      ['in 2099', () => '2099-01-01T10:00:00+08:00'],
      ['a day before the booked start', (booked: Date) => new Date(booked.getTime() - 24 * 3600_000).toISOString()],
    ])('refuses a startedAt %s (400 STARTED_AT_IMPLAUSIBLE)', async (_label, startedAt) => {
      const id = await claimed(lecturer);
      const booked = await bookedHoursAgo(id, 3);
      const res = await complete(id, lecturer, { startedAt: startedAt(booked) });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'STARTED_AT_IMPLAUSIBLE' });
    });

    it('refuses a startedAt in the year 0 as invalid input (400)', async () => {
      const id = await claimed(lecturer);
      await bookedHoursAgo(id, 3);
      const res = await complete(id, lecturer, { startedAt: '0000-01-01T10:00:00+08:00' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('refuses an attendance beyond five times the branch or the audience (400 ATTENDANCE_IMPLAUSIBLE)', async () => {
      const id = await claimed(lecturer); // 30 members, 40 expected: at most 200
      await bookedHoursAgo(id, 3);
      const res = await complete(id, lecturer, { attendance: 100000 });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'ATTENDANCE_IMPLAUSIBLE' });
      expect((await http().get(`${API}/orders/${id}`).set(w.auth())).body.status).toBe('accepted');
    });

    it('takes a report near the booked start with a credible attendance', async () => {
      const id = await claimed(lecturer);
      const booked = await bookedHoursAgo(id, 5);
      const res = await complete(id, lecturer, { attendance: 200, startedAt: new Date(booked.getTime() + 30 * 60_000).toISOString() });
      expect(res.status).toBe(200);
      expect(res.body.completion).toMatchObject({ attendance: 200 });
    });
  });

  it("keeps every rating given while the lecturer's profile is changed at the same time", async () => {
    const lecturer = await w.lecturer();
    const orders: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await claimed(lecturer);
      await bookedHoursAgo(id, 3 + 2 * i);
      await complete(id, lecturer, {}).expect(200);
      orders.push(id);
    }
    const responses = await Promise.all([
      ...orders.map((id, i) =>
        http()
          .post(`${API}/orders/${id}/rating`)
          .set(w.auth(w.branches.A.token))
          .send({ score: 1 + (i % 5) }),
      ),
      ...orders.map((_id, i) =>
        http()
          .patch(`${API}/lecturers/${lecturer.id}`)
          .set(w.auth(lecturer.token))
          .send({ travelRadiusKm: 100 + i }),
      ),
    ]);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const profile = await http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth());
    expect(profile.body.rating).toEqual({ mean: 3, count: 10 });
  });

  it('answers ~20 concurrent real scheduling runs and the orders list of another branch meanwhile without a 5xx', async () => {
    await w.lecturer({}, w.banners.B.townshipId);
    for (let i = 0; i < 4; i++) await w.post('/orders', World.customOrder(60 + i, { format: 'online' }), w.branches.A.token);
    const runs = Array.from({ length: 24 }, () => http().post(`${API}/scheduling/runs`).set(w.auth()).send({}));
    const lists = Array.from({ length: 20 }, () => http().get(`${API}/orders`).set(w.auth(w.branches.B.token)));
    const [ran, listed] = await Promise.all([Promise.all(runs), Promise.all(lists)]);
    expect(listed.map((r) => r.status)).toEqual(listed.map(() => 200));
    for (const r of ran) expect([201, 409]).toContain(r.status);
    expect(ran.filter((r) => r.status === 409).every((r) => r.body.code === 'SCHEDULING_RUN_IN_PROGRESS')).toBe(true);
    expect(ran.some((r) => r.status === 201)).toBe(true);
  });

  describe('a banner admin sees nothing outside its banner', () => {
    let lecturer: LecturerFixture;
    let inA: string;
    let inB: string;
    let branchB: { name: string };

    beforeAll(async () => {
      lecturer = await w.lecturer(); // home in banner A
      inA = await claimed(lecturer, 'A', { title: '旗A的党课' });
      inB = await claimed(lecturer, 'B', { title: '旗B的党课' });
      branchB = (await http().get(`${API}/branches/${w.branches.B.id}`).set(w.auth())).body;
    });

    it("shows the lecturer's lecture in another banner in the schedule as busy time only", async () => {
      const res = await http().get(`${API}/lecturers/${lecturer.id}/schedule?${wide}`).set(w.auth(bannerAdminA));
      expect(res.status).toBe(200);
      expect(res.body.items.find((i: { orderId?: string }) => i.orderId === inA)).toMatchObject({ title: '旗A的党课' });
      const busy = res.body.items.filter((i: { busy?: boolean }) => i.busy);
      expect(busy).toHaveLength(1);
      expect(Object.keys(busy[0]).sort()).toEqual(['busy', 'endsAt', 'startsAt']);
      expect(JSON.stringify(res.body)).not.toContain(inB);
      expect(JSON.stringify(res.body)).not.toContain(branchB.name);
      await http().get(`${API}/orders/${inB}`).set(w.auth(bannerAdminA)).expect(404);
    });

    it('shows the city admin and the lecturer every lecture in full', async () => {
      for (const token of [w.adminToken, lecturer.token]) {
        const res = await http().get(`${API}/lecturers/${lecturer.id}/schedule?${wide}`).set(w.auth(token));
        expect(res.body.items.map((i: { orderId: string }) => i.orderId)).toEqual([inA, inB]);
      }
    });

    it("gives a banner admin a calendar feed where the other banner's lecture is busy time only", async () => {
      const link = await http().get(`${API}/lecturers/${lecturer.id}/calendar-link`).set(w.auth(bannerAdminA));
      expect(link.status).toBe(200);
      const feed = await http().get(new URL(link.body.url).pathname);
      expect(feed.status).toBe(200);
      expect(feed.text).not.toContain(inB);
      expect(feed.text).not.toContain(branchB.name);
      expect(feed.text).not.toContain('旗B的党课');
      const events = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      expect(events.map((e) => e.summary)).toEqual([expect.stringContaining('旗A的党课'), '忙碌（其他旗市区的授课）']);
      const own = await http().get(
        new URL((await w.post(`/lecturers/${lecturer.id}/calendar-link/rotate`, {}, lecturer.token)).url).pathname,
      );
      expect(own.text).toContain('旗B的党课');
      // Rotating the lecturer's link ends the scoped one too.
      await http().get(new URL(link.body.url).pathname).expect(404);
    });

    it('lets only a city-wide admin add to the city-wide course menu', async () => {
      const body = { title: '旗A自拟课程', topic: 'theory', durationMinutes: 60, formats: ['online'], lecturerIds: [lecturer.id] };
      const res = await http().post(`${API}/courses`).set(w.auth(bannerAdminA)).send(body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      await http().post(`${API}/courses`).set(w.auth()).send(body).expect(201);
    });

    it('lets an admin whose scope is the city itself keep the menu, as an admin of no region does', async () => {
      const cityAdmin = (await w.account({ role: 'admin', regionId: w.cityId })).token;
      const body = { title: '市委组织部课程', topic: 'theory', durationMinutes: 60, formats: ['online'], lecturerIds: [lecturer.id] };
      await http().post(`${API}/courses`).set(w.auth(cityAdmin)).send(body).expect(201);
    });

    it('answers a course with the lecturerIds it was created with, beside who they are', async () => {
      const other = await w.lecturer();
      const lecturerIds = [lecturer.id, other.id];
      const body = { title: '两位讲师的课程', topic: 'theory', durationMinutes: 60, formats: ['online'], lecturerIds };
      const created = await http().post(`${API}/courses`).set(w.auth()).send(body).expect(201);
      const read = await http().get(`${API}/courses/${created.body.id}`).set(w.auth(lecturer.token)).expect(200);
      for (const view of [created.body, read.body]) {
        expect([...view.lecturerIds].sort()).toEqual([...lecturerIds].sort());
        expect(view.lecturers.map((l: { id: string }) => l.id)).toEqual(view.lecturerIds);
      }
    });

    it("keeps a banner admin's region flags inside its banner", async () => {
      const res = await http().patch(`${API}/regions/${w.banners.B.villageId}`).set(w.auth(bannerAdminA)).send({ weak: true });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'REGION_NOT_FOUND' });
    });

    it.each([
      ['home region', () => ({ regionId: w.banners.B.townshipId }), 'LECTURER_FIELD_FORBIDDEN'],
      ['coordinates', () => ({ latitude: 47.3, longitude: 119.9 }), 'LECTURER_FIELD_FORBIDDEN'],
      ['travel radius beyond 500 km', () => ({ travelRadiusKm: 1500 }), 'LECTURER_RADIUS_ABOVE_CAP'],
    ])('refuses a lecturer changing their own %s (403)', async (_label, body, code) => {
      const res = await http().patch(`${API}/lecturers/${lecturer.id}`).set(w.auth(lecturer.token)).send(body());
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code });
      const after = await http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth());
      expect(after.body).toMatchObject({ regionId: w.banners.A.townshipId, travelRadiusKm: 2000 });
    });

    it("takes back a lecturer's whole profile as it was read, those fields unchanged (a client that PATCHes what it got)", async () => {
      const {
        id: _id,
        rating: _rating,
        ...profile
      } = (await http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth(lecturer.token))).body;
      const res = await http()
        .patch(`${API}/lecturers/${lecturer.id}`)
        .set(w.auth(lecturer.token))
        .send({ ...profile, name: '乌云其其格 (改)' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: '乌云其其格 (改)', regionId: w.banners.A.townshipId, travelRadiusKm: 2000 });
    });
  });

  describe("a lecturer's home moved to another region", () => {
    it("takes the new region's coordinates when none are given (the old ones were a banner away)", async () => {
      const moved = await w.lecturer({}, w.banners.A.townshipId);
      const res = await http().patch(`${API}/lecturers/${moved.id}`).set(w.auth()).send({ regionId: w.banners.B.townshipId });
      const region = (await http().get(`${API}/regions/${w.banners.B.townshipId}`).set(w.auth())).body;
      expect(res.body).toMatchObject({ regionId: w.banners.B.townshipId, latitude: region.latitude, longitude: region.longitude });
    });

    it('keeps the coordinates given with it', async () => {
      const moved = await w.lecturer({}, w.banners.A.townshipId);
      const res = await http()
        .patch(`${API}/lecturers/${moved.id}`)
        .set(w.auth())
        .send({ regionId: w.banners.B.townshipId, latitude: 48.1, longitude: 116.9 });
      expect(res.body).toMatchObject({ regionId: w.banners.B.townshipId, latitude: 48.1, longitude: 116.9 });
    });
  });

  describe('answers bad input with a 4xx, never a 500', () => {
    it('runs a scheduling dry run with only some weights given', async () => {
      const res = await http()
        .post(`${API}/scheduling/runs`)
        .set(w.auth())
        .send({ dryRun: true, weights: { travelPerKm: 2 } });
      expect(res.status).toBe(201);
      expect(Number.isFinite(res.body.totalCost)).toBe(true);
    });

    it('refuses a scheduling run whose weights are a list, not an object (400 naming weights)', async () => {
      const res = await http().post(`${API}/scheduling/runs`).set(w.auth()).send({ dryRun: true, weights: [] });
      expect({ status: res.status, code: res.body.code, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['weights'],
      });
    });

    it.each([['2026-02-30T00:00:00+08:00'], ['0000-01-01T00:00:00+08:00'], ['9999-12-31T23:00:00-08:00']])(
      'refuses a scheduling run from %s (400)',
      async (from) => {
        const res = await http().post(`${API}/scheduling/runs`).set(w.auth()).send({ dryRun: true, from });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      },
    );

    it.each([['from=2026-02-30'], ['from=0000-01-01'], ['to=9999-12-31']])('reads a schedule with %s as 400 or 200, not 500', async (q) => {
      const lecturer = await w.lecturer();
      const res = await http().get(`${API}/lecturers/${lecturer.id}/schedule?${q}`).set(w.auth());
      expect(res.status).toBe(q.startsWith('to=') ? 200 : 400);
    });

    it('answers an order placed with the token of a branch removed with its account with 401: the token is no one’s now', async () => {
      const gone = await w.branch(w.banners.A.villageId);
      await t.db.query(`DELETE FROM accounts WHERE branch_id = $1`, [gone.id]);
      await t.db.query(`DELETE FROM branches WHERE id = $1`, [gone.id]);
      const res = await http().post(`${API}/orders`).set(w.auth(gone.token)).send(World.customOrder(10));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  it('returns an order whose offer expired to pending when the offered lecturer accepts, and answers 409 OFFER_EXPIRED', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(70), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(70, '10:00') });
    await t.db.query(`UPDATE orders SET offer_expires_at = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    const res = await http().post(`${API}/orders/${order.id}/accept`).set(w.auth(lecturer.token)).send({});
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'OFFER_EXPIRED' });
    // Stored, not only shown: the expiry the accept found was committed with its history entry.
    const [stored] = await t.db.query('SELECT status, offered_lecturer_id FROM orders WHERE id = $1', [order.id]);
    expect(stored).toEqual({ status: 'pending', offered_lecturer_id: null });
    const history = await t.db.query('SELECT from_status, to_status, reason FROM order_history WHERE order_id = $1 ORDER BY at, id', [
      order.id,
    ]);
    expect(history.at(-1)).toEqual({ from_status: 'offered', to_status: 'pending', reason: 'offer expired' });
  });

  it('answers an accept of an offer that went to another lecturer while the accept waited for the order with 409 ORDER_NOT_OFFERED_TO_YOU', async () => {
    const [first, second] = [await w.lecturer(), await w.lecturer()];
    const order = await w.post('/orders', World.customOrder(72), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: first.id, startsAt: World.at(72, '10:00') });
    // The first offer lapsed, and the sweep has not come by yet.
    await t.db.query(`UPDATE orders SET offer_expires_at = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    await holding(async (holder) => {
      // The order held, so that the admin's new offer and then the first lecturer's accept queue for it, in turn.
      await holder.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [order.id]);
      const reoffer = http()
        .post(`${API}/orders/${order.id}/offer`)
        .set(w.auth())
        .send({ lecturerId: second.id, startsAt: World.at(72, '14:00') })
        .then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const accept = http()
        .post(`${API}/orders/${order.id}/accept`)
        .set(w.auth(first.token))
        .send({})
        .then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.commitTransaction();
      expect((await reoffer).status).toBe(200);
      const res = await accept;
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'ORDER_NOT_OFFERED_TO_YOU' });
    });
    const [stored] = await t.db.query('SELECT status, offered_lecturer_id FROM orders WHERE id = $1', [order.id]);
    expect(stored).toEqual({ status: 'offered', offered_lecturer_id: second.id });
  });

  it('accepts as the offer it is an order offered to the lecturer while their accept waited for it', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(74), w.branches.A.token);
    const startsAt = World.at(74, '10:00');
    await holding(async (holder) => {
      // The order held while the lecturer's accept arrives (the order open to claim), then offered to them meanwhile.
      await holder.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [order.id]);
      const accept = http()
        .post(`${API}/orders/${order.id}/accept`)
        .set(w.auth(lecturer.token))
        .send({ startsAt })
        .then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query(
        `UPDATE orders SET status = 'offered', offered_lecturer_id = $2, offered_starts_at = $3, offer_expires_at = $3 WHERE id = $1`,
        [order.id, lecturer.id, startsAt],
      );
      await holder.commitTransaction();
      const res = await accept;
      expect({ status: res.status, orderStatus: res.body.status }).toEqual({ status: 200, orderStatus: 'accepted' });
    });
  });

  it('books a claim with a start from the lecturer whose own offer of the order has just lapsed', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(76), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(76, '10:00') });
    await t.db.query(`UPDATE orders SET offer_expires_at = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    const res = await http()
      .post(`${API}/orders/${order.id}/accept`)
      .set(w.auth(lecturer.token))
      .send({ startsAt: World.at(77, '10:00') });
    expect({ status: res.status, orderStatus: res.body.status }).toEqual({ status: 200, orderStatus: 'accepted' });
    expect(res.body.booking.startsAt).toBe(new Date(World.at(77, '10:00')).toISOString());
  });

  it("answers the offered lecturer's accept with 409 OFFER_EXPIRED also once the sweep took the offer back, not with a claim's START_REQUIRED", async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(70), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(70, '10:00') });
    await t.db.query(`UPDATE orders SET offer_expires_at = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    // The branch reading it finds the offer due and takes it back, with the sweep's own statement.
    expect((await http().get(`${API}/orders/${order.id}`).set(w.auth(w.branches.A.token))).body.status).toBe('pending');
    const res = await http().post(`${API}/orders/${order.id}/accept`).set(w.auth(lecturer.token)).send({});
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'OFFER_EXPIRED' });
  });

  it('answers a retry with the same Idempotency-Key while the first request is still running with 409', async () => {
    const body = World.customOrder(12);
    await holding(async (holder) => {
      // Holds the first request in its INSERT until the retry has been answered.
      await holder.query('LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE');
      const first = http()
        .post(`${API}/orders`)
        .set(w.auth(w.branches.A.token))
        .set('Idempotency-Key', 'slow-key')
        .send(body)
        .then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const retry = await http().post(`${API}/orders`).set(w.auth(w.branches.A.token)).set('Idempotency-Key', 'slow-key').send(body);
      expect({ status: retry.status, code: retry.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
      await holder.commitTransaction();
      expect((await first).status).toBe(201);
    });
    const replay = await http().post(`${API}/orders`).set(w.auth(w.branches.A.token)).set('Idempotency-Key', 'slow-key').send(body);
    expect({ status: replay.status, replayed: replay.headers['idempotent-replayed'] }).toEqual({ status: 201, replayed: 'true' });
  });
});
