import type { Response } from 'supertest';
import { jest } from '@jest/globals';
import { OfferSweeper } from '../src/orders/offer-sweeper.js';
import { SchedulingRunsService } from '../src/scheduling/scheduling-runs.service.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { ALL_WEEK, branchBody } from './support/generators.js';
import { travelKm } from '../src/kernel/geo.js';
import { testClock } from './support/clock.js';
import { type LecturerFixture, World } from './support/world.js';

describe('scheduling runs (派单)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
  });
  afterAll(async () => t?.close());

  const statusOf = async (id: string) => (await t.db.query('SELECT status FROM orders WHERE id = $1', [id]))[0].status as string;
  const historyCount = async () => (await t.db.query('SELECT count(*)::int AS n FROM order_history'))[0].n as number;
  const run = (body: object, token = w.adminToken) => t.http().post(`${API}/scheduling/runs`).set(w.auth(token)).send(body);

  describe('a dry run', () => {
    let lecturers: LecturerFixture[];
    let orders: Array<{ id: string }>;
    let unservable: { id: string };
    let historyBefore: number;
    let res: Response;
    beforeAll(async () => {
      lecturers = [await w.lecturer(), await w.lecturer({ languages: ['zh'] })];
      orders = [];
      for (let i = 0; i < 4; i++) orders.push(await w.post('/orders', World.customOrder(40 + i), w.branches.A.token));
      unservable = await w.post('/orders', World.customOrder(44, { language: 'ru' }), w.branches.A.token);
      historyBefore = await historyCount();
      res = await run({ dryRun: true });
    });

    it('proposes a plan for the pending orders, each assignment with its cost breakdown', () => {
      expect(res.status).toBe(201);
      expect(res.body.dryRun).toBe(true);
      const assignedIds = res.body.assigned.map((a: { orderId: string }) => a.orderId);
      for (const o of orders) expect(assignedIds).toContain(o.id);
      for (const a of res.body.assigned) {
        expect(lecturers.map((l) => l.id)).toContain(a.lecturerId);
        expect(Object.keys(a.breakdown).sort()).toEqual([
          'coverage',
          'grassroots',
          'lateness',
          'load',
          'priority',
          'rating',
          'total',
          'travel',
        ]);
        expect(a.cost).toBe(a.breakdown.total);
      }
    });

    it('says why an order could not be placed', () => {
      const reasonsFor = res.body.unassigned.find((u: { orderId: string }) => u.orderId === unservable.id);
      expect(reasonsFor.reasons.map((r: { code: string }) => r.code)).toContain('language');
      expect(reasonsFor.reasons[0].messageZh).toEqual(expect.any(String));
    });

    it('changes nothing: the orders stay pending, with no history added', async () => {
      for (const o of [...orders, unservable]) expect(await statusOf(o.id)).toBe('pending');
      expect(await historyCount()).toBe(historyBefore);
    });

    it('is kept: listed first among the runs, and read back with its plan', async () => {
      const listed = await t.http().get(`${API}/scheduling/runs`).set(w.auth());
      expect(listed.body.items[0]).toMatchObject({ id: res.body.id, dryRun: true, offersMade: 0, runBy: expect.any(String) });
      const one = await t.http().get(`${API}/scheduling/runs/${res.body.id}`).set(w.auth());
      expect(one.body.assigned).toEqual(res.body.assigned);
    });
  });

  describe('its period (from, to), read as the contract reads periods', () => {
    let order: { id: string };
    const day = (daysAhead: number) => World.at(daysAhead, '00:00').slice(0, 10);
    const considers = async (period: object): Promise<boolean> => {
      const res = await run({ dryRun: true, ...period });
      expect(res.status).toBe(201);
      return [...res.body.assigned, ...res.body.unassigned].some((a: { orderId: string }) => a.orderId === order.id);
    };
    beforeAll(async () => {
      // A window of one day, 70 days ahead: 09:00 to 09:00 Asia/Shanghai.
      order = await w.post('/orders', World.customOrder(70, { latestStart: World.at(70, '09:00') }), w.branches.A.token);
    });

    it('takes calendar dates, both inclusive: the order of that day is in a run from and to that day', async () => {
      await expect(considers({ from: day(70), to: day(70) })).resolves.toBe(true);
    });

    it('leaves the order out of a run that starts the day after or ends the day before', async () => {
      await expect(considers({ from: day(71) })).resolves.toBe(false);
      await expect(considers({ to: day(69) })).resolves.toBe(false);
    });

    it("keeps the period it was asked for with the run: from the first day's midnight to the midnight after the last", async () => {
      const res = await run({ dryRun: true, from: day(70), to: day(70) });
      const listed = await t.http().get(`${API}/scheduling/runs`).set(w.auth());
      const expected = {
        periodFrom: new Date(`${day(70)}T00:00:00+08:00`).toISOString(),
        periodTo: new Date(`${day(71)}T00:00:00+08:00`).toISOString(),
      };
      expect(res.body).toMatchObject(expected);
      expect(listed.body.items[0]).toMatchObject({ id: res.body.id, ...expected });
    });

    it('takes full date-times too', async () => {
      await expect(considers({ from: World.at(70, '08:00'), to: World.at(70, '10:00') })).resolves.toBe(true);
    });

    it('refuses a period whose end is before its start, and a day that does not exist (400)', async () => {
      for (const period of [{ from: day(71), to: day(70) }, { from: '2026-02-30' }]) {
        const res = await run({ dryRun: true, ...period });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      }
    });
  });

  it('makes the offers of a real run, which the lecturers then accept', async () => {
    const res = await run({});
    expect(res.status).toBe(201);
    expect(res.body.offersMade).toBeGreaterThan(0);
    for (const a of res.body.assigned.filter((x: { offered: boolean }) => x.offered)) {
      const order = await t.http().get(`${API}/orders/${a.orderId}`).set(w.auth());
      expect(order.body).toMatchObject({ status: 'offered', offer: { lecturerId: a.lecturerId, startsAt: a.startsAt } });
      const token = (await t.db.query('SELECT username FROM accounts WHERE lecturer_id = $1', [a.lecturerId]))[0].username;
      const lecturerToken = await (await import('./support/test-app.js')).login(t, token, 'password-123');
      const accepted = await t.http().post(`${API}/orders/${a.orderId}/accept`).set(w.auth(lecturerToken)).send({});
      expect(accepted.status).toBe(200);
      expect(accepted.body.booking).toMatchObject({ lecturerId: a.lecturerId, startsAt: a.startsAt });
    }
  });

  it('never offers one order twice when two runs race', async () => {
    await w.lecturer();
    const fresh = [];
    for (let i = 0; i < 6; i++) fresh.push(await w.post('/orders', World.customOrder(50 + i, { format: 'online' }), w.branches.B.token));
    const [a, b] = await Promise.all([run({}), run({})]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const offers = await t.db.query(
      `SELECT order_id, count(*)::int AS n FROM order_history WHERE to_status = 'offered' AND order_id = ANY($1) GROUP BY order_id`,
      [fresh.map((o) => o.id)],
    );
    expect(offers.length).toBe(6);
    for (const row of offers) expect(row.n).toBe(1);
    expect(a.body.offersMade + b.body.offersMade).toBe(6);
  });

  it('makes no offer to a lecturer who booked a lecture while the run was planning: their orders stay pending', async () => {
    const busy = await w.lecturer();
    const course = await w.course([busy.id], { formats: ['online'] });
    const planned = [];
    for (let i = 0; i < 3; i++)
      planned.push(
        await w.post(
          '/orders',
          { ...World.customOrder(70 + i, { format: 'online' }), courseId: course.id, topic: undefined, title: undefined },
          w.branches.A.token,
        ),
      );
    const claimed = await w.post(
      '/orders',
      { ...World.customOrder(70, { format: 'online' }), courseId: course.id, topic: undefined, title: undefined },
      w.branches.B.token,
    );
    // The lecturer claims an order after the run read who is free, before it makes its offers.
    const runs = t.app.get<SchedulingRunsService, { snapshot: (...args: unknown[]) => Promise<unknown> }>(SchedulingRunsService);
    const snapshot = runs.snapshot.bind(runs);
    const spy = jest.spyOn(runs, 'snapshot').mockImplementationOnce(async (...args) => {
      const read = await snapshot(...args);
      const claim = await t
        .http()
        .post(`${API}/orders/${claimed.id}/accept`)
        .set(w.auth(busy.token))
        .send({ startsAt: World.at(70, '19:30') });
      expect(claim.status).toBe(200);
      return read;
    });
    try {
      const res = await run({});
      expect(res.status).toBe(201);
      // The plan, made on the time the lecturer had, gave them the orders of their course (the one they claimed too).
      const ofBusy: Array<{ orderId: string; offered: boolean }> = res.body.assigned.filter(
        (a: { lecturerId: string }) => a.lecturerId === busy.id,
      );
      expect(ofBusy.map((a) => a.orderId)).toEqual(expect.arrayContaining(planned.map((o) => o.id)));
      expect(ofBusy.filter((a) => a.offered)).toEqual([]);
      for (const o of planned) await expect(statusOf(o.id)).resolves.toBe('pending');
    } finally {
      spy.mockRestore();
    }
  });

  it("lets a banner admin's run touch only its banner", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const inA = await w.post('/orders', World.customOrder(60), w.branches.A.token);
    const inB = await w.post('/orders', World.customOrder(60), w.branches.B.token);
    const res = await run({}, bannerAdmin.token);
    expect(res.status).toBe(201);
    const touched = [...res.body.assigned, ...res.body.unassigned].map((x: { orderId: string }) => x.orderId);
    expect(touched).toContain(inA.id);
    expect(touched).not.toContain(inB.id);
    expect(await statusOf(inA.id)).toBe('offered');
    expect(await statusOf(inB.id)).toBe('pending');
    const runs = await t.http().get(`${API}/scheduling/runs`).set(w.auth(bannerAdmin.token));
    expect(runs.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
  });

  it('does not offer an order again to a lecturer who declined it', async () => {
    const only = await w.lecturer({ topics: ['ethnic_unity'] });
    const order = await w.post('/orders', World.customOrder(70, { topic: 'ethnic_unity' }), w.branches.A.token);
    const first = await run({});
    expect(first.body.assigned.find((a: { orderId: string }) => a.orderId === order.id)?.lecturerId).toBe(only.id);
    await t.http().post(`${API}/orders/${order.id}/decline`).set(w.auth(only.token)).send({ reason: '不便' }).expect(200);
    const second = await run({ dryRun: true });
    const unassigned = second.body.unassigned.find((u: { orderId: string }) => u.orderId === order.id);
    expect(unassigned.reasons.map((r: { code: string }) => r.code)).toContain('declined');
  });

  describe('plans only what is still to come, within the period asked for', () => {
    const startOf = (res: Response, orderId: string): number =>
      Date.parse(res.body.assigned.find((a: { orderId: string }) => a.orderId === orderId).startsAt);

    it('proposes a start after now for an order whose window began days ago, in a run and among its candidates', async () => {
      await w.lecturer();
      const order = await w.post('/orders', World.customOrder(-3, { format: 'online' }), w.branches.A.token);
      const res = await run({ dryRun: true });
      expect(startOf(res, order.id)).toBeGreaterThan(testClock.now());
      const ranked = await t.http().get(`${API}/orders/${order.id}/candidates`).set(w.auth()).expect(200);
      expect(ranked.body.candidates.length).toBeGreaterThan(0);
      for (const c of ranked.body.candidates) expect(Date.parse(c.startsAt)).toBeGreaterThan(testClock.now());
    });

    it("proposes a start within the run's period for an order whose window runs beyond it", async () => {
      await w.lecturer();
      const order = await w.post('/orders', World.customOrder(60, { format: 'online' }), w.branches.A.token);
      const day = World.at(63, '00:00').slice(0, 10);
      const res = await run({ dryRun: true, from: day, to: day });
      const startsAt = startOf(res, order.id);
      expect(startsAt).toBeGreaterThanOrEqual(Date.parse(`${day}T00:00:00+08:00`));
      expect(startsAt).toBeLessThan(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);
    });
  });

  it('ranks candidates for one order with breakdowns and says why the others are excluded', async () => {
    const far = await w.lecturer({ travelRadiusKm: 10 }, w.banners.B.townshipId);
    const order = await w.post('/orders', World.customOrder(80), w.branches.A.token);
    const res = await t.http().get(`${API}/orders/${order.id}/candidates?limit=3`).set(w.auth());
    expect(res.status).toBe(200);
    expect(res.body.candidates.length).toBeGreaterThan(0);
    expect(res.body.candidates.length).toBeLessThanOrEqual(3);
    const costs = res.body.candidates.map((c: { cost: number }) => c.cost);
    expect([...costs].sort((x, y) => x - y)).toEqual(costs);
    expect(res.body.excluded).toContainEqual(expect.objectContaining({ lecturerId: far.id, code: 'distance' }));
  });

  it("counts a branch as weak under a banner an admin marked weak: its order's priority cost drops by the weight", async () => {
    await w.lecturer();
    const order = await w.post('/orders', World.customOrder(82), w.branches.B.token);
    const priority = async () =>
      (await t.http().get(`${API}/orders/${order.id}/candidates?limit=1`).set(w.auth())).body.candidates[0].breakdown.priority as number;
    const unmarked = await priority();
    const mark = (weak: boolean) => t.http().patch(`${API}/regions/${w.banners.B.id}`).set(w.auth()).send({ weak }).expect(200);
    await mark(true);
    try {
      expect(unmarked - (await priority())).toBe(15); // SCHEDULING_WEIGHTS' priorityWeak
    } finally {
      await mark(false);
    }
  });

  it('says on the page of a dry run that found no order to plan why it planned nothing', async () => {
    const res = await run({ dryRun: true, from: '2021-01-04', to: '2021-01-04' });
    expect({ status: res.status, orders: res.body.ordersConsidered }).toEqual({ status: 201, orders: 0 });
    const page = await t.http().get(`/admin/scheduling/runs/${res.body.id}`).set('Cookie', `__Host-gpl.session=${w.adminToken}`);
    expect(page.text).toContain('这一期间没有可以计算的待派单订单');
  });

  describe('an order that names a lecturer (点名)', () => {
    const topic = '点名专题讲座'; // taught by this block's two lecturers alone
    const day = 85;
    let near: LecturerFixture;
    let named: LecturerFixture;
    let order: { id: string };
    beforeAll(async () => {
      const branch = (await t.http().get(`${API}/branches/${w.branches.A.id}`).set(w.auth())).body;
      const northOfBranch = (deg: number) => ({ topics: [topic], latitude: branch.latitude + deg, longitude: branch.longitude });
      near = await w.lecturer(northOfBranch(0.01)); // ~1 km away
      named = await w.lecturer(northOfBranch(0.3)); // ~33 km away
      order = await w.post('/orders', World.customOrder(day, { topic, preferredLecturerId: named.id }), w.branches.A.token);
    });

    it('ranks that lecturer first among the candidates, anyone else costing namedLecturer (100) more', async () => {
      const res = await t.http().get(`${API}/orders/${order.id}/candidates`).set(w.auth());
      expect(res.status).toBe(200);
      const byId = new Map<string, { breakdown: Record<string, number> }>(
        res.body.candidates.map((c: { lecturerId: string; breakdown: Record<string, number> }) => [c.lecturerId, c]),
      );
      expect(res.body.candidates[0].lecturerId).toBe(named.id);
      expect(byId.get(named.id)?.breakdown.named).toBe(0);
      expect(byId.get(near.id)?.breakdown.named).toBe(100);
      expect(byId.get(near.id)?.breakdown.travel).toBeLessThan(byId.get(named.id)?.breakdown.travel as number);
    });

    it('is planned for that lecturer by a run over a nearer one; with namedLecturer 0 for the nearer', async () => {
      const date = World.at(day, '00:00').slice(0, 10);
      const planned = async (body: object) =>
        (await run({ dryRun: true, from: date, to: date, ...body })).body.assigned.find((a: { orderId: string }) => a.orderId === order.id);
      expect(await planned({})).toMatchObject({ lecturerId: named.id, breakdown: { named: 0 } });
      expect(await planned({ weights: { namedLecturer: 0 } })).toMatchObject({ lecturerId: near.id, breakdown: { named: 0 } });
    });

    it("is offered as its dry run planned it once that is confirmed: with the dry run's tours and weights, kept with it", async () => {
      const later = 200; // no other order of this file waits then
      const date = World.at(later, '00:00').slice(0, 10);
      const own = await w.post('/orders', World.customOrder(later, { topic, preferredLecturerId: named.id }), w.branches.A.token);
      const preview = (await run({ dryRun: true, from: date, to: date, tours: false, weights: { namedLecturer: 0 } })).body;
      expect(preview.settings).toEqual({ tours: false, weights: { namedLecturer: 0 } });
      const overridden = await run({ confirms: preview.id, weights: { namedLecturer: 0 } });
      expect({ status: overridden.status, field: overridden.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'confirms' });
      const real = (await run({ confirms: preview.id })).body;
      expect(real.settings).toEqual(preview.settings);
      expect(real.assigned.find((a: { orderId: string }) => a.orderId === own.id)).toMatchObject({ lecturerId: near.id, offered: true });
      expect((await t.http().get(`${API}/scheduling/runs/${real.id}`).set(w.auth())).body.settings).toEqual(preview.settings);
      // The run's page says so, in Chinese.
      const page = await t.http().get(`/admin/scheduling/runs/${real.id}`).set('Cookie', `__Host-gpl.session=${w.adminToken}`);
      expect(page.text).toContain('本次计算不安排巡回宣讲');
      expect(page.text).toContain('本次计算调整了 1 项成本权重');
    });
  });

  it("keeps an order's candidates from its branch → 403", async () => {
    const order = await w.post('/orders', World.customOrder(80), w.branches.A.token);
    const banned = await t.http().get(`${API}/orders/${order.id}/candidates`).set(w.auth(w.branches.A.token));
    expect(banned.status).toBe(403);
  });

  it('brings an offer that expired back into the next run', async () => {
    const order = await w.post('/orders', World.customOrder(90, { format: 'online' }), w.branches.A.token);
    const first = await run({});
    expect(first.body.assigned.find((a: { orderId: string }) => a.orderId === order.id)?.offered).toBe(true);
    await t.db.query(`UPDATE orders SET offer_expires_at = now() - interval '1 second' WHERE id = $1`, [order.id]);
    await t.app.get(OfferSweeper).sweep();
    expect(await statusOf(order.id)).toBe('pending');
    const second = await run({});
    expect(second.body.assigned.find((a: { orderId: string }) => a.orderId === order.id)?.offered).toBe(true);
    expect(await statusOf(order.id)).toBe('offered');
  });

  it('leaves nothing of an expired offer on the order, not even the tour stop it followed', async () => {
    const before = await w.post('/orders', World.customOrder(91, { format: 'online' }), w.branches.A.token);
    const order = await w.post('/orders', World.customOrder(92, { format: 'online' }), w.branches.A.token);
    await run({});
    // As a tour's later stop is offered: after the stop before it.
    await t.db.query(`UPDATE orders SET offered_after_order_id = $2, offer_expires_at = now() - interval '1 second' WHERE id = $1`, [
      order.id,
      before.id,
    ]);
    await t.app.get(OfferSweeper).sweep();
    const [row] = await t.db.query(
      `SELECT status, offered_lecturer_id, offered_starts_at, offer_expires_at, offered_after_order_id FROM orders WHERE id = $1`,
      [order.id],
    );
    expect(row).toEqual({
      status: 'pending',
      offered_lecturer_id: null,
      offered_starts_at: null,
      offer_expires_at: null,
      offered_after_order_id: null,
    });
  });

  it('keeps a lecturer away on the whole days of a leave given as dates (both inclusive), and says so', async () => {
    // A menu order whose course only this lecturer gives, on one day.
    const lecturer = await w.lecturer();
    const course = await w.course([lecturer.id]);
    const { topic: _topic, title: _title, ...window } = World.customOrder(80, { latestStart: World.at(80, '15:00') });
    const order = await w.post('/orders', { ...window, courseId: course.id }, w.branches.A.token);
    const day = World.at(80, '00:00').slice(0, 10);
    const put = await t
      .http()
      .put(`${API}/lecturers/${lecturer.id}/availability`)
      .set(w.auth())
      .send({ ...ALL_WEEK, exceptions: [{ from: day, to: day, reason: '休假' }] });
    expect(put.status).toBe(200);
    expect(put.body.exceptions).toEqual([
      {
        from: new Date(`${day}T00:00:00+08:00`).toISOString(),
        to: new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString(),
        reason: '休假',
      },
    ]);
    const res = await run({ dryRun: true, from: day, to: day });
    const left = res.body.unassigned.find((u: { orderId: string }) => u.orderId === order.id);
    // Its one qualified lecturer is on leave: not available, for that reason.
    expect(left.reasons[0]).toMatchObject({ code: 'not_available', count: 1, message: expect.stringMatching(/leave/) });
    await w.post(`/orders/${order.id}/cancel`, { reason: '测试结束' }, w.branches.A.token);
  });

  it('keeps the leave stored when the weekly pattern is set alone (exceptions left out)', async () => {
    const lecturer = await w.lecturer();
    const put = (body: object) => t.http().put(`${API}/lecturers/${lecturer.id}/availability`).set(w.auth()).send(body);
    const leave = (await put({ ...ALL_WEEK, exceptions: [{ from: '2027-02-01', to: '2027-02-03', reason: '那达慕' }] })).body.exceptions;
    const weekly = [{ weekday: 2, from: '08:00', to: '12:00' }];
    const res = await put({ weekly });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { weekly, exceptions: leave } });
    expect((await t.http().get(`${API}/lecturers/${lecturer.id}/availability`).set(w.auth())).body).toEqual({ weekly, exceptions: leave });
  });

  it('asks for the answer to an offer of a lecture that begins within the answer window by its start', async () => {
    await w.lecturer();
    const order = await w.post(
      '/orders',
      World.customOrder(0, { format: 'online', earliestStart: World.at(0, '12:00'), latestStart: World.at(0, '20:00') }),
      w.branches.A.token,
    );
    const day = World.at(0, '00:00').slice(0, 10);
    const res = await run({ from: day, to: day });
    const planned = res.body.assigned.find((a: { orderId: string }) => a.orderId === order.id);
    const offered = await t.http().get(`${API}/orders/${order.id}`).set(w.auth());
    expect(offered.body).toMatchObject({ status: 'offered', offerExpiresAt: planned.startsAt });
  });

  describe('confirming a dry run (confirms)', () => {
    const day = (daysAhead: number) => World.at(daysAhead, '00:00').slice(0, 10);
    const preview = async (token = w.adminToken) => {
      await w.lecturer();
      await w.post('/orders', World.customOrder(100, { format: 'online' }), w.branches.A.token);
      const res = await run({ dryRun: true, from: day(100), to: day(102) }, token);
      expect(res.status).toBe(201);
      return res.body as { id: string; periodFrom: string; periodTo: string };
    };

    it("makes the offers for the dry run's own period, and says which run confirmed it", async () => {
      const dry = await preview();
      const real = await run({ confirms: dry.id });
      expect(real.status).toBe(201);
      expect(real.body).toMatchObject({ dryRun: false, confirmsRunId: dry.id, periodFrom: dry.periodFrom, periodTo: dry.periodTo });
      const read = await t.http().get(`${API}/scheduling/runs/${dry.id}`).set(w.auth());
      expect(read.body.confirmedByRunId).toBe(real.body.id);
    });

    it('confirms a dry run once: a second confirmation, racing or later, is a 409', async () => {
      const dry = await preview();
      const racing = await Promise.all([run({ confirms: dry.id }), run({ confirms: dry.id })]);
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(racing.find((r) => r.status === 409)?.body.code).toBe('SCHEDULING_RUN_CONFIRMED');
      const later = await run({ confirms: dry.id });
      expect([later.status, later.body.code]).toEqual([409, 'SCHEDULING_RUN_CONFIRMED']);
    });

    it("refuses to confirm another area's dry run, which planned other orders than the admin's own", async () => {
      const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
      const dry = await preview(bannerAdmin.token);
      const res = await run({ confirms: dry.id });
      expect([res.status, res.body.code]).toEqual([409, 'SCHEDULING_SCOPE_DIFFERS']);
    });

    it('confirms only a dry run, given alone (no period of its own)', async () => {
      const dry = await preview();
      const withPeriod = await run({ confirms: dry.id, from: day(100) });
      expect([withPeriod.status, withPeriod.body.errors?.[0]?.field]).toEqual([400, 'confirms']);
      const real = await run({ confirms: dry.id });
      const ofReal = await run({ confirms: real.body.id });
      expect([ofReal.status, ofReal.body.code]).toEqual([409, 'SCHEDULING_RUN_NOT_A_PREVIEW']);
    });
  });
  it("plans nothing into the drive home from a lecturer's outstanding on-site offer, which its booking will block", async () => {
    const topic = '牧区直播带货实务';
    const lecturer = await w.lecturer({ topics: [topic] });
    const home = (await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth())).body;
    const branch = (await t.http().get(`${API}/branches/${w.branches.B.id}`).set(w.auth())).body;
    const drive = Math.ceil(travelKm(home, branch)) * 60_000; // at 60 km/h, a minute a km
    const evening = Date.parse(World.at(70, '19:30'));
    // On site at branch B, ending one minute less than the drive before the evening's online slot: the lecture
    // alone leaves the slot free, the drive home after it does not.
    const onSite = await w.post('/orders', World.customOrder(69, { topic, durationMinutes: 240 }), w.branches.B.token);
    const startsAt = new Date(evening - drive + 60_000 - 240 * 60_000).toISOString();
    await w.post(`/orders/${onSite.id}/offer`, { lecturerId: lecturer.id, startsAt });
    const online = await w.post(
      '/orders',
      World.customOrder(70, { topic, format: 'online', earliestStart: World.at(70, '19:30'), latestStart: World.at(70, '19:30') }),
      w.branches.A.token,
    );
    const day = World.at(70, '00:00').slice(0, 10);
    const res = await run({ dryRun: true, from: day, to: day });
    expect(res.status).toBe(201);
    expect(res.body.assigned.map((a: { orderId: string }) => a.orderId)).not.toContain(online.id);
    expect(res.body.unassigned.map((u: { orderId: string }) => u.orderId)).toContain(online.id);
  });
  /** A long on-site lecture ~220 km from a new lecturer's home on `day`, and an online one that evening in its drive home. */
  async function longFarAndEvening(day: number) {
    const topic = `远程牧区防疫专题${day}`; // the lecturer's alone
    const lecturer = await w.lecturer({ topics: [topic] });
    const home = (await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth())).body;
    // ~220 km north of the lecturer's home: some 3 h 40 min's drive each way.
    const far = await w.post('/branches', branchBody(w.banners.B.villageId, { latitude: home.latitude + 2, longitude: home.longitude }));
    const farToken = (await w.account({ role: 'branch', branchId: far.id })).token;
    const onSite = await w.post(
      '/orders',
      World.customOrder(day, { topic, durationMinutes: 480, earliestStart: World.at(day, '09:00'), latestStart: World.at(day, '09:00') }),
      farToken,
    );
    const evening = await w.post(
      '/orders',
      World.customOrder(day, { topic, format: 'online', earliestStart: World.at(day, '19:30'), latestStart: World.at(day, '19:30') }),
      w.branches.A.token,
    );
    return { lecturer, onSite, evening, date: World.at(day, '00:00').slice(0, 10) };
  }
  it('offers one lecturer no two lectures of a run that could not both be accepted: an evening lecture in the drive home from a long one far away', async () => {
    const { lecturer, onSite, evening, date } = await longFarAndEvening(75);
    const res = await run({ from: date, to: date });
    expect(res.status).toBe(201);
    expect([await statusOf(onSite.id), await statusOf(evening.id)]).toEqual(['offered', 'pending']);
    const accepted = await t.http().post(`${API}/orders/${onSite.id}/accept`).set(w.auth(lecturer.token)).send({});
    expect(accepted.body.status).toBe('accepted');
  });
  it('marks in a dry run the planned lecture a real run would not offer for its clash with another of the plan', async () => {
    const { onSite, evening, date } = await longFarAndEvening(76);
    const res = await run({ dryRun: true, from: date, to: date });
    expect(res.status).toBe(201);
    const planned = (id: string) => res.body.assigned.find((a: { orderId: string }) => a.orderId === id);
    expect([planned(onSite.id)?.clashesWithPlan, planned(evening.id)?.clashesWithPlan]).toEqual([undefined, true]);
  });
});
