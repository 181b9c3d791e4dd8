import type { Response } from 'supertest';
import { travelKm } from '../src/kernel/geo.js';
import { testClock } from './support/clock.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

describe('order lifecycle (点单 → 派单 → 接单 → 授课 → 评单)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
  });
  afterAll(async () => t?.close());

  describe('a menu order, from placing to rating', () => {
    // A lecturer of its own for each test: one lecturer cannot hold two lectures at the same time.
    let lecturer: LecturerFixture;
    let course: any;
    beforeEach(async () => {
      lecturer = await w.lecturer();
      course = await w.course([lecturer.id]);
    });
    const menuOrder = () => ({
      courseId: course.id,
      format: 'on_site',
      earliestStart: World.at(-1, '09:00'),
      latestStart: World.at(3, '09:00'),
      expectedAudience: 35,
      language: 'zh',
      notes: '请带蒙汉双语材料',
    });
    const placed = async (): Promise<string> => (await w.post('/orders', menuOrder(), w.branches.A.token)).id;
    /** A menu order given by the test's lecturer (and so ready to be rated). */
    const given = async (): Promise<string> => {
      const id = await placed();
      await w.advance(id, lecturer, 'completed');
      return id;
    };
    const rate = (id: string, body: object) => t.http().post(`${API}/orders/${id}/rating`).set(w.auth(w.branches.A.token)).send(body);

    it("places it pending (点单), with the course's title, topic and duration", async () => {
      const res = await t.http().post(`${API}/orders`).set(w.auth(w.branches.A.token)).send(menuOrder());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'pending',
        courseId: course.id,
        title: course.title,
        topic: 'theory',
        durationMinutes: 90,
      });
      expect(res.body.history).toEqual([expect.objectContaining({ from: null, to: 'pending' })]);
    });

    it('is refused in a format the course is not given in → 400 ORDER_FORMAT_NOT_OFFERED', async () => {
      const res = await t
        .http()
        .post(`${API}/orders`)
        .set(w.auth(w.branches.A.token))
        .send({ ...menuOrder(), format: 'mobile' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'ORDER_FORMAT_NOT_OFFERED' });
    });

    describe('naming a lecturer (点名)', () => {
      const place = (body: object) => t.http().post(`${API}/orders`).set(w.auth(w.branches.A.token)).send(body);
      const refusal = (res: Response) => ({
        status: res.status,
        code: res.body.code,
        fields: res.body.errors?.map((e: { field: string }) => e.field),
      });
      const UNQUALIFIED = { status: 400, code: 'ORDER_PREFERRED_LECTURER_UNQUALIFIED', fields: ['preferredLecturerId'] };

      it("keeps one of the course's lecturers with the order", async () => {
        const res = await place({ ...menuOrder(), preferredLecturerId: lecturer.id });
        expect({ status: res.status, preferredLecturerId: res.body.preferredLecturerId }).toEqual({
          status: 201,
          preferredLecturerId: lecturer.id,
        });
      });

      it('keeps an id sent in capitals as the database gives it back, lower-cased, so that the pages find the lecturer', async () => {
        const res = await place({ ...menuOrder(), preferredLecturerId: lecturer.id.toUpperCase() });
        expect({ status: res.status, preferredLecturerId: res.body.preferredLecturerId }).toEqual({
          status: 201,
          preferredLecturerId: lecturer.id,
        });
      });

      it('refuses a lecturer who does not give the course, who could never be given the order → 400 ORDER_PREFERRED_LECTURER_UNQUALIFIED', async () => {
        const other = await w.lecturer();
        expect(refusal(await place({ ...menuOrder(), preferredLecturerId: other.id }))).toEqual(UNQUALIFIED);
      });

      it("refuses a lecturer without the order's language or format → 400 ORDER_PREFERRED_LECTURER_UNQUALIFIED", async () => {
        const chineseOnly = await w.lecturer({ languages: ['zh'] });
        const onlineOnly = await w.lecturer({ formats: ['online'] });
        const custom = World.customOrder(5, { language: 'mn', format: 'on_site' });
        expect(refusal(await place({ ...custom, preferredLecturerId: chineseOnly.id }))).toEqual(UNQUALIFIED);
        expect(refusal(await place({ ...custom, preferredLecturerId: onlineOnly.id }))).toEqual(UNQUALIFIED);
      });

      it('refuses for a custom order a lecturer who does not teach its topic → 400 ORDER_PREFERRED_LECTURER_UNQUALIFIED', async () => {
        const historian = await w.lecturer({ topics: ['party_history'] });
        expect(refusal(await place({ ...World.customOrder(5, { topic: 'policy' }), preferredLecturerId: historian.id }))).toEqual(
          UNQUALIFIED,
        );
      });
    });

    it('is refused for a course that does not exist → 404 COURSE_NOT_FOUND', async () => {
      const res = await t
        .http()
        .post(`${API}/orders`)
        .set(w.auth(w.branches.A.token))
        .send({ ...menuOrder(), courseId: '00000000-0000-4000-8000-000000000000' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'COURSE_NOT_FOUND' });
    });

    it('lets an admin offer it to a lecturer (派单), the offer expiring later', async () => {
      const id = await placed();
      const res = await t
        .http()
        .post(`${API}/orders/${id}/offer`)
        .set(w.auth())
        .send({ lecturerId: lecturer.id, startsAt: World.at(0, '00:30') });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('offered');
      expect(new Date(res.body.offerExpiresAt).getTime()).toBeGreaterThan(testClock.now());
    });

    it('asks for the answer by the start when the lecture begins before the answer window ends', async () => {
      const id = await placed();
      const startsAt = World.at(0, '14:00');
      const res = await t.http().post(`${API}/orders/${id}/offer`).set(w.auth()).send({ lecturerId: lecturer.id, startsAt });
      expect(res.status).toBe(200);
      expect(res.body.offerExpiresAt).toBe(new Date(startsAt).toISOString());
    });

    it('shows the offer to the lecturer it was made to', async () => {
      const id = await placed();
      await w.advance(id, lecturer, 'offered');
      const res = await t.http().get(`${API}/orders?status=offered`).set(w.auth(lecturer.token));
      expect(res.body.items.map((o: { id: string }) => o.id)).toContain(id);
    });

    it('lets that lecturer accept the offer (接单), which books them', async () => {
      const id = await placed();
      await w.advance(id, lecturer, 'offered');
      const res = await t.http().post(`${API}/orders/${id}/accept`).set(w.auth(lecturer.token)).send({});
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('accepted');
      expect(res.body.booking).toMatchObject({ lecturerId: lecturer.id });
    });

    it('accepts the offer when the lecturer names its start (in UTC, the offer was made in +08:00)', async () => {
      const id = await placed();
      await w.advance(id, lecturer, 'offered');
      const offered = new Date(World.at(0, '00:30')).toISOString();
      const res = await t.http().post(`${API}/orders/${id}/accept`).set(w.auth(lecturer.token)).send({ startsAt: offered });
      expect(res.status).toBe(200);
      expect(res.body.booking).toMatchObject({ lecturerId: lecturer.id, startsAt: offered });
    });

    it('refuses to accept the offer at another start (409 OFFER_START_DIFFERS) and leaves it offered', async () => {
      const id = await placed();
      await w.advance(id, lecturer, 'offered');
      const res = await t
        .http()
        .post(`${API}/orders/${id}/accept`)
        .set(w.auth(lecturer.token))
        .send({ startsAt: World.at(1, '09:00') });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'OFFER_START_DIFFERS' });
      expect((await t.http().get(`${API}/orders/${id}`).set(w.auth())).body.status).toBe('offered');
    });

    it('lets the lecturer report the lecture given (授课), with the attendance and a summary', async () => {
      const id = await placed();
      await w.advance(id, lecturer, 'accepted');
      // Reported at the booked start (today 00:30, in the past), so that it can be reported done in this test.
      const startsAt = World.at(0, '00:30');
      const res = await t
        .http()
        .post(`${API}/orders/${id}/complete`)
        .set(w.auth(lecturer.token))
        .send({ attendance: 42, summary: '讲授顺利，牧民反响热烈', startedAt: startsAt });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('completed');
      expect(res.body.completion).toMatchObject({ attendance: 42, summary: '讲授顺利，牧民反响热烈' });
    });

    it('lets the branch rate the lecture once it is given (评单)', async () => {
      const res = await rate(await given(), { score: 5, comment: '很好' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'completed', rating: { score: 5, comment: '很好' } });
    });

    it('lists the lectures given that the branch has still to rate (?rated=false), and those rated (?rated=true)', async () => {
      const rated = await given();
      // A second lecturer, so that the two lectures may be at the same time.
      lecturer = await w.lecturer();
      course = await w.course([lecturer.id]);
      const toRate = await given();
      await rate(rated, { score: 4 });
      const list = async (q: string) =>
        (await t.http().get(`${API}/orders?${q}&limit=200`).set(w.auth(w.branches.A.token))).body.items.map((o: { id: string }) => o.id);
      const [unrated, done] = [await list('rated=false'), await list('rated=true')];
      expect(unrated).toContain(toRate);
      expect(unrated).not.toContain(rated);
      expect(done).toContain(rated);
      expect(done).not.toContain(toRate);
    });

    it("counts the rating in the lecturer's profile", async () => {
      await rate(await given(), { score: 5, comment: '很好' });
      const profile = await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth());
      expect(profile.body.rating).toEqual({ mean: 5, count: 1 });
    });

    it('takes one rating per order: a second → 409 ORDER_ALREADY_RATED', async () => {
      const id = await given();
      await rate(id, { score: 5, comment: '很好' });
      const again = await rate(id, { score: 1 });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ORDER_ALREADY_RATED');
    });

    it('records each step in the history, in order', async () => {
      const rated = await rate(await given(), { score: 5, comment: '很好' });
      expect(rated.body.history.map((h: { from: string | null; to: string }) => `${h.from}>${h.to}`)).toEqual([
        'null>pending',
        'pending>offered',
        'offered>accepted',
        'accepted>completed',
      ]);
    });
  });

  describe('a custom order', () => {
    let lecturer: LecturerFixture;
    beforeEach(async () => {
      lecturer = await w.lecturer();
    });
    const placed = () => w.post('/orders', World.customOrder(5), w.branches.B.token);
    const claim = (id: string, body: object) => t.http().post(`${API}/orders/${id}/accept`).set(w.auth(lecturer.token)).send(body);

    it('is placed pending, without a course', async () => {
      expect(await placed()).toMatchObject({ status: 'pending', courseId: null, topic: 'policy', durationMinutes: 90 });
    });

    it('is listed as open to lecturers while pending', async () => {
      const order = await placed();
      const open = await t.http().get(`${API}/orders?open=true`).set(w.auth(lecturer.token));
      expect(open.body.items.map((o: { id: string }) => o.id)).toContain(order.id);
    });

    it("is among the open orders of its branch and of the admins in scope (?open=true: their pending queue), and no other's", async () => {
      const order = await placed();
      const openOf = async (token: string) =>
        (await t.http().get(`${API}/orders?open=true&limit=200`).set(w.auth(token)).expect(200)).body.items as Array<{
          id: string;
          status: string;
        }>;
      const bannerAdminA = await w.account({ role: 'admin', regionId: w.banners.A.id });
      for (const token of [w.adminToken, w.branches.B.token]) {
        const items = await openOf(token);
        expect(items.map((o) => o.id)).toContain(order.id);
        expect(items.every((o) => o.status === 'pending')).toBe(true);
      }
      for (const token of [bannerAdminA.token, w.branches.A.token]) expect((await openOf(token)).map((o) => o.id)).not.toContain(order.id);
    });

    it("is among a lecturer's pending orders (?status=pending), the ones they could claim", async () => {
      const order = await placed();
      const pending = await t.http().get(`${API}/orders?status=pending`).set(w.auth(lecturer.token)).expect(200);
      expect(pending.body.items.map((o: { id: string; status: string }) => [o.id, o.status])).toContainEqual([order.id, 'pending']);
    });

    it("pages a lecturer's open orders by cursor to the end, orders whose window has begun included", async () => {
      const topic = '草原直播带货';
      const reader = await w.lecturer({ topics: [topic] });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await w.post('/orders', World.customOrder(-1 - i, { topic }), w.branches.B.token)).id);
      const seen: string[] = [];
      let cursor: string | null = '';
      for (let pages = 0; cursor !== null && pages < 6; pages++) {
        const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t
          .http()
          .get(`${API}/orders?open=true&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
          .set(w.auth(reader.token))
          .expect(200);
        seen.push(...page.body.items.map((o) => o.id));
        cursor = page.body.nextCursor;
      }
      expect(cursor).toBeNull();
      expect([...seen].sort()).toEqual([...ids].sort());
    });

    it('is listed as open in a period its window reaches, and not in one before it (?open=true&from&to)', async () => {
      const order = await placed(); // its window: days 5 to 10
      const openIn = async (from: string, to: string) =>
        (await t.http().get(`${API}/orders?open=true&from=${from}&to=${to}&limit=200`).set(w.auth(lecturer.token))).body.items.map(
          (o: { id: string }) => o.id,
        );
      const day = (n: number) => encodeURIComponent(World.at(n, '00:00'));
      expect(await openIn(day(7), day(8))).toContain(order.id);
      expect(await openIn(day(1), day(4))).not.toContain(order.id);
    });

    it.each([['status=completed'], ['rated=true'], [`branchId=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`]])(
      'refuses a filter that cannot apply to open orders (?open=true&%s) → 400 naming it',
      async (filter) => {
        const res = await t.http().get(`${API}/orders?open=true&${filter}`).set(w.auth(lecturer.token));
        expect({ status: res.status, code: res.body.code, field: res.body.errors?.[0]?.field }).toEqual({
          status: 400,
          code: 'VALIDATION_FAILED',
          field: filter.split('=')[0],
        });
      },
    );

    it('needs a start to be claimed → 400 START_REQUIRED', async () => {
      const res = await claim((await placed()).id, {});
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('START_REQUIRED');
    });

    it('can be claimed (抢单) by a lecturer at a start in its window, which books them', async () => {
      const res = await claim((await placed()).id, { startsAt: World.at(6, '09:30') });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'accepted', booking: { lecturerId: lecturer.id } });
    });

    it("is not offered at a start whose drive from home runs into the lecturer's booking (409 LECTURER_BUSY), and is just after it", async () => {
      const first = await placed();
      await w.post(`/orders/${first.id}/accept`, { startsAt: World.at(6, '09:30') }, lecturer.token);
      const booked = (await t.http().get(`${API}/orders/${first.id}`).set(w.auth())).body.booking;
      const home = (await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth())).body;
      const branch = (await t.http().get(`${API}/branches/${w.branches.B.id}`).set(w.auth())).body;
      const drive = Math.ceil(travelKm(home, branch)) * 60_000; // at 60 km/h, a minute a km
      // The booking blocks the drive home after it; the next lecture at the same branch, the drive there before it.
      const clear = Date.parse(booked.endsAt) + 2 * drive;
      const second = await placed();
      const offerAt = (at: number) =>
        t
          .http()
          .post(`${API}/orders/${second.id}/offer`)
          .set(w.auth())
          .send({ lecturerId: lecturer.id, startsAt: new Date(at).toISOString() });
      const early = await offerAt(clear - 60_000);
      expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'LECTURER_BUSY' });
      expect((await offerAt(clear)).status).toBe(200);
      const accepted = await t.http().post(`${API}/orders/${second.id}/accept`).set(w.auth(lecturer.token)).send({});
      expect(accepted.body.status).toBe('accepted');
    });

    it('cannot be reported given before the lecture starts → 409 LECTURE_NOT_STARTED', async () => {
      const order = await placed();
      await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(6, '09:30') }, lecturer.token);
      const tooEarly = await t
        .http()
        .post(`${API}/orders/${order.id}/complete`)
        .set(w.auth(lecturer.token))
        .send({ attendance: 3, summary: 'x' });
      expect(tooEarly.status).toBe(409);
      expect(tooEarly.body.code).toBe('LECTURE_NOT_STARTED');
    });

    it('goes back to pending when the lecturer declines the offer', async () => {
      const order = await w.post('/orders', World.customOrder(8), w.branches.B.token);
      await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(9, '10:00') });
      const declined = await t.http().post(`${API}/orders/${order.id}/decline`).set(w.auth(lecturer.token)).send({ reason: '那天在外地' });
      expect(declined.status).toBe(200);
      expect(declined.body.status).toBe('pending');
    });

    it('answers a decline of an offer the lecturer accepted already (a stale page) with 409 ORDER_ALREADY_YOURS, and keeps the booking', async () => {
      const order = await w.post('/orders', World.customOrder(8), w.branches.B.token);
      await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(9, '14:00') });
      await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
      const declined = await t.http().post(`${API}/orders/${order.id}/decline`).set(w.auth(lecturer.token)).send({ reason: '家里有事' });
      expect({ status: declined.status, code: declined.body.code }).toEqual({ status: 409, code: 'ORDER_ALREADY_YOURS' });
      const after = await t.http().get(`${API}/orders/${order.id}`).set(w.auth(lecturer.token));
      expect(after.body).toMatchObject({ status: 'accepted', booking: { lecturerId: lecturer.id } });
    });

    it("keeps a lecturer's reason for declining from the other lecturers who may claim the order, not from the office", async () => {
      const order = await w.post('/orders', World.customOrder(8), w.branches.B.token);
      await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(9, '10:00') });
      const declined = await w.post(`/orders/${order.id}/decline`, { reason: '家人住院' }, lecturer.token);
      const declineEntry = { from: 'offered', to: 'pending', lecturerId: lecturer.id };
      expect(declined.history.at(-1)).toMatchObject({ ...declineEntry, reason: '家人住院' });
      const get = async (token: string) => (await t.http().get(`${API}/orders/${order.id}`).set(w.auth(token)).expect(200)).body;
      expect((await get(w.adminToken)).history.at(-1)).toMatchObject({ ...declineEntry, reason: '家人住院' });
      const colleague = await w.lecturer();
      const read = (await get(colleague.token)).history.at(-1);
      expect(read).toMatchObject(declineEntry);
      expect(read).not.toHaveProperty('reason');
      const open = await t.http().get(`${API}/orders?open=true`).set(w.auth(colleague.token)).expect(200);
      const listed = open.body.items.find((o: { id: string }) => o.id === order.id);
      expect(listed.history.at(-1)).not.toHaveProperty('reason');
    });

    it('is not offered to a lecturer who does not exist → 404 LECTURER_NOT_FOUND, and stays pending', async () => {
      const order = await w.post('/orders', World.customOrder(8), w.branches.B.token);
      const res = await t
        .http()
        .post(`${API}/orders/${order.id}/offer`)
        .set(w.auth())
        .send({ lecturerId: '00000000-0000-4000-8000-000000000000', startsAt: World.at(9, '10:00') });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'LECTURER_NOT_FOUND' });
      const after = await t.http().get(`${API}/orders/${order.id}`).set(w.auth());
      expect(after.body.status).toBe('pending');
    });

    it('is not offered again to a lecturer who declined it → 409 LECTURER_DECLINED', async () => {
      const order = await w.post('/orders', World.customOrder(8), w.branches.B.token);
      await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(9, '10:00') });
      await w.post(`/orders/${order.id}/decline`, { reason: '那天在外地' }, lecturer.token);
      const reoffer = await t
        .http()
        .post(`${API}/orders/${order.id}/offer`)
        .set(w.auth())
        .send({ lecturerId: lecturer.id, startsAt: World.at(9, '10:00') });
      expect(reoffer.status).toBe(409);
      expect(reoffer.body.code).toBe('LECTURER_DECLINED');
    });

    it('can be rejected by an admin, with the reason in the history', async () => {
      const order = await w.post('/orders', World.customOrder(8), w.branches.B.token);
      const rejected = await t.http().post(`${API}/orders/${order.id}/reject`).set(w.auth()).send({ reason: '内容不符合要求' });
      expect(rejected.status).toBe(200);
      expect(rejected.body.status).toBe('rejected');
      expect(rejected.body.history.at(-1)).toMatchObject({ from: 'pending', to: 'rejected', reason: '内容不符合要求' });
    });

    it("shows an accepted order's booking in its branch's list, and none once it is cancelled", async () => {
      const order = await placed();
      await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(7, '09:30') }, lecturer.token);
      const listed = async () => {
        const res = await t.http().get(`${API}/orders`).set(w.auth(w.branches.B.token));
        return (res.body.items as Array<{ id: string; booking: unknown }>).find((o) => o.id === order.id);
      };
      expect(await listed()).toMatchObject({
        booking: { lecturerId: lecturer.id, startsAt: new Date(World.at(7, '09:30')).toISOString() },
      });
      await w.post(`/orders/${order.id}/cancel`, { reason: '天气原因' }, w.branches.B.token);
      expect(await listed()).toMatchObject({ booking: null });
    });

    it("can be cancelled by its branch once accepted, which frees the lecturer's schedule", async () => {
      const order = await placed();
      await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(6, '09:30') }, lecturer.token);
      const cancelled = await t
        .http()
        .post(`${API}/orders/${order.id}/cancel`)
        .set(w.auth(w.branches.B.token))
        .send({ reason: '天气原因' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', booking: null });
      const schedule = await t.http().get(`${API}/lecturers/${lecturer.id}/schedule`).set(w.auth(lecturer.token));
      expect(schedule.body.items).toEqual([]);
    });
  });

  it('returns an offer that expired to pending, with the expiry in the history', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(12), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(13, '09:00') });
    await t.db.query(`UPDATE orders SET offer_expires_at = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    const late = await t.http().post(`${API}/orders/${order.id}/accept`).set(w.auth(lecturer.token)).send({});
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('OFFER_EXPIRED');
    const seen = await t.http().get(`${API}/orders/${order.id}`).set(w.auth(w.branches.A.token));
    expect(seen.body.status).toBe('pending');
    expect(seen.body.history.at(-1)).toMatchObject({
      from: 'offered',
      to: 'pending',
      actorId: null,
      reason: 'offer expired',
      lecturerId: lecturer.id,
    });
  });

  it('keeps the history even against a direct UPDATE or DELETE in the database', async () => {
    const order = await w.post('/orders', World.customOrder(15), w.branches.A.token);
    await expect(t.db.query('DELETE FROM order_history WHERE order_id = $1', [order.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE order_history SET reason = 'x' WHERE order_id = $1`, [order.id])).rejects.toThrow(/append-only/);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM order_history WHERE order_id = $1', [order.id]);
    expect(rows[0].n).toBe(1);
  });

  it('lets a lecturer whose booked lecture was cancelled still read it, and reporting it says it is cancelled (409)', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
    await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(11, '09:00') }, lecturer.token);
    await w.post(`/orders/${order.id}/cancel`, { reason: '牧民转场' }, w.branches.A.token);
    expect((await t.http().get(`${API}/orders/${order.id}`).set(w.auth(lecturer.token))).body.status).toBe('cancelled');
    const report = await t
      .http()
      .post(`${API}/orders/${order.id}/complete`)
      .set(w.auth(lecturer.token))
      .send({ attendance: 9, summary: '已授课' });
    expect({ status: report.status, code: report.body.code }).toEqual({ status: 409, code: 'ORDER_STATE_CONFLICT' });
  });

  it('lets a lecturer whose offer was cancelled read it (as the notification links to it), and answering it says so (409)', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(11, '09:00') });
    await w.post(`/orders/${order.id}/cancel`, { reason: '牧民转场' }, w.branches.A.token);
    const read = await t.http().get(`${API}/orders/${order.id}`).set(w.auth(lecturer.token));
    expect({ status: read.status, order: read.body.status }).toEqual({ status: 200, order: 'cancelled' });
    for (const [action, body] of [
      ['accept', {}],
      ['decline', {}],
    ] as const) {
      const res = await t.http().post(`${API}/orders/${order.id}/${action}`).set(w.auth(lecturer.token)).send(body);
      expect({ action, status: res.status }).toEqual({ action, status: 409 });
    }
    const listed = await t.http().get(`${API}/orders`).set(w.auth(lecturer.token));
    expect(listed.body.items.map((o: { id: string }) => o.id)).not.toContain(order.id);
  });

  it('lets a lecturer read an offer they declined while it waits in the queue, and a second decline is a 409', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(11, '09:00') });
    await w.post(`/orders/${order.id}/decline`, { reason: '在外地' }, lecturer.token);
    const read = await t.http().get(`${API}/orders/${order.id}`).set(w.auth(lecturer.token));
    expect({ status: read.status, order: read.body.status }).toEqual({ status: 200, order: 'pending' });
    const again = await t.http().post(`${API}/orders/${order.id}/decline`).set(w.auth(lecturer.token)).send({ reason: '在外地' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'ORDER_NOT_OFFERED_TO_YOU' });
    const listed = await t.http().get(`${API}/orders`).set(w.auth(lecturer.token));
    expect(listed.body.items.map((o: { id: string }) => o.id)).not.toContain(order.id);
    // Its page (the offer's notification links to it) says it was declined, and offers no claim of it.
    const page = await t.http().get(`/lecturer/orders/${order.id}`).set('Cookie', `__Host-gpl.session=${lecturer.token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('讲师谢绝，退回待派单');
    expect(page.text).not.toContain(`action="/lecturer/orders/${order.id}/accept"`);
  });

  it('keeps an offer the lecturer declined, later booked with another, from them (404)', async () => {
    const [decliner, taker] = [await w.lecturer(), await w.lecturer()];
    const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: decliner.id, startsAt: World.at(11, '09:00') });
    await w.post(`/orders/${order.id}/decline`, { reason: '在外地' }, decliner.token);
    await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(11, '09:00') }, taker.token);
    expect((await t.http().get(`${API}/orders/${order.id}`).set(w.auth(decliner.token))).status).toBe(404);
  });

  describe("another lecturer's order, to a lecturer who could have claimed it", () => {
    let holder: LecturerFixture;
    let other: LecturerFixture;
    beforeEach(async () => {
      [holder, other] = [await w.lecturer(), await w.lecturer()];
    });
    const act = (id: string, action: string, body: object) =>
      t.http().post(`${API}/orders/${id}/${action}`).set(w.auth(other.token)).send(body);
    const outcome = (res: { status: number; body: { code?: string } }) => ({ status: res.status, code: res.body.code });

    it('is not there to decline once offered to another (404 ORDER_NOT_FOUND, as GET answers)', async () => {
      const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
      await w.post(`/orders/${order.id}/offer`, { lecturerId: holder.id, startsAt: World.at(11, '09:00') });
      expect(outcome(await act(order.id, 'decline', {}))).toEqual({ status: 404, code: 'ORDER_NOT_FOUND' });
      expect((await t.http().get(`${API}/orders/${order.id}`).set(w.auth(other.token))).status).toBe(404);
    });

    it('is not there to report given while offered to another (404 ORDER_NOT_FOUND, not a state conflict)', async () => {
      const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
      await w.post(`/orders/${order.id}/offer`, { lecturerId: holder.id, startsAt: World.at(11, '09:00') });
      expect(outcome(await act(order.id, 'complete', { attendance: 9, summary: '冒充' }))).toEqual({
        status: 404,
        code: 'ORDER_NOT_FOUND',
      });
    });

    it('tells a claim that it is taken (409), the order having been open to them', async () => {
      const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
      await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(11, '09:00') }, holder.token);
      expect(outcome(await act(order.id, 'accept', { startsAt: World.at(12, '09:00') }))).toEqual({
        status: 409,
        code: 'ORDER_ALREADY_ACCEPTED',
      });
    });

    it('tells a claim that it was cancelled since (409 ORDER_NOT_PENDING), the order having been open to them', async () => {
      const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
      await w.post(`/orders/${order.id}/cancel`, { reason: '改期' }, w.branches.A.token);
      expect(outcome(await act(order.id, 'accept', { startsAt: World.at(12, '09:00') }))).toEqual({
        status: 409,
        code: 'ORDER_NOT_PENDING',
      });
    });

    it('is still not there to read once cancelled, never having been offered to them (404)', async () => {
      const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
      await w.post(`/orders/${order.id}/cancel`, { reason: '改期' }, w.branches.A.token);
      expect((await t.http().get(`${API}/orders/${order.id}`).set(w.auth(other.token))).status).toBe(404);
    });

    it('while still open, is there to see, and declining it says it was not offered to them (409)', async () => {
      const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
      expect((await t.http().get(`${API}/orders/${order.id}`).set(w.auth(other.token))).status).toBe(200);
      expect(outcome(await act(order.id, 'decline', {}))).toEqual({ status: 409, code: 'ORDER_NOT_OFFERED_TO_YOU' });
    });
  });

  describe('a lecture reported given that was not', () => {
    let lecturer: LecturerFixture;
    let orderId: string;
    // Each test starts from a fresh false report that the branch has rated.
    beforeEach(async () => {
      lecturer = await w.lecturer();
      const order = await w.post('/orders', World.customOrder(-1, { latestStart: World.at(2, '09:00') }), w.branches.A.token);
      orderId = order.id;
      await w.post(`/orders/${orderId}/accept`, { startsAt: World.at(1, '09:00') }, lecturer.token);
      await t.db.query(
        `UPDATE bookings SET starts_at = now() - interval '2 hours', ends_at = now() - interval '30 minutes',
        blocked = tstzrange(now() - interval '2 hours', now() - interval '30 minutes') WHERE order_id = $1`,
        [orderId],
      );
      await w.post(`/orders/${orderId}/complete`, { attendance: 200, summary: '虚报' }, lecturer.token);
      await w.post(`/orders/${orderId}/rating`, { score: 2 }, w.branches.A.token);
    });
    const retract = (reason: string, token?: string) =>
      t.http().post(`${API}/orders/${orderId}/retract`).set(w.auth(token)).send({ reason });

    it('cannot be retracted by the branch → 403', async () => {
      const notByBranch = await retract('x', w.branches.A.token);
      expect(notByBranch.status).toBe(403);
    });

    it('is corrected by an admin: cancelled, with who and why in the history', async () => {
      const corrected = await retract('核查发现未实际授课');
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ status: 'cancelled', booking: null });
      expect(corrected.body.history.at(-1)).toMatchObject({
        from: 'completed',
        to: 'cancelled',
        reason: '核查发现未实际授课',
        lecturerId: lecturer.id,
      });
    });

    it("has its rating taken back from the lecturer's profile once corrected", async () => {
      await retract('核查发现未实际授课');
      const profile = await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth());
      expect(profile.body.rating).toEqual({ mean: null, count: 0 });
    });

    it('is corrected once: a second retraction → 409', async () => {
      await retract('核查发现未实际授课');
      const twice = await retract('again');
      expect(twice.status).toBe(409);
    });
  });

  it("tags a weak branch's order 薄弱 for admins, and not on the branch's own page", async () => {
    const village = await w.post('/regions', {
      name: '薄弱嘎查',
      level: 'village',
      parentId: w.banners.A.townshipId,
      latitude: 49.3,
      longitude: 119.9,
      weak: true,
    });
    const branch = await w.branch(village.id);
    const order = await w.post('/orders', World.customOrder(10), branch.token);
    const page = (path: string, token: string) => t.http().get(path).set('Cookie', `__Host-gpl.session=${token}`);
    expect((await page(`/admin/orders/${order.id}`, w.adminToken)).text).toContain('tag-weak');
    const own = await page(`/branch/orders/${order.id}`, branch.token);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('tag-weak');
  });
});
