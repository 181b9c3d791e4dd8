import { testClock } from './support/clock.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { World } from './support/world.js';

describe('order lifecycle (点单 → 派单 → 接单 → 授课 → 评单)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
  });
  afterAll(async () => t?.close());

  it('takes a menu order from placing through an admin offer, acceptance, completion and rating', async () => {
    const lecturer = await w.lecturer();
    const course = await w.course([lecturer.id]);
    const placed = await t
      .http()
      .post(`${API}/orders`)
      .set(w.auth(w.branches.A.token))
      .send({
        courseId: course.id,
        format: 'on_site',
        earliestStart: World.at(-1, '09:00'),
        latestStart: World.at(3, '09:00'),
        expectedAudience: 35,
        language: 'zh',
        notes: '请带蒙汉双语材料',
      });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'pending',
      courseId: course.id,
      title: course.title,
      topic: 'theory',
      durationMinutes: 90,
    });
    expect(placed.body.history).toEqual([expect.objectContaining({ from: null, to: 'pending' })]);
    const id = placed.body.id;

    // The lecture starts in the past so that it can be reported done in this test.
    const startsAt = new Date(testClock.now() - 3 * 3600_000).toISOString();
    const offered = await t
      .http()
      .post(`${API}/orders/${id}/offer`)
      .set(w.auth())
      .send({ lecturerId: lecturer.id, startsAt: World.at(0, '00:30') });
    expect(offered.status).toBe(200);
    expect(offered.body.status).toBe('offered');
    expect(new Date(offered.body.offerExpiresAt).getTime()).toBeGreaterThan(testClock.now());

    const seenByLecturer = await t.http().get(`${API}/orders?status=offered`).set(w.auth(lecturer.token));
    expect(seenByLecturer.body.items.map((o: { id: string }) => o.id)).toContain(id);

    const accepted = await t.http().post(`${API}/orders/${id}/accept`).set(w.auth(lecturer.token)).send({});
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.booking).toMatchObject({ lecturerId: lecturer.id });

    const done = await t
      .http()
      .post(`${API}/orders/${id}/complete`)
      .set(w.auth(lecturer.token))
      .send({ attendance: 42, summary: '讲授顺利，牧民反响热烈', startedAt: startsAt });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.completion).toMatchObject({ attendance: 42, summary: '讲授顺利，牧民反响热烈' });

    const rated = await t.http().post(`${API}/orders/${id}/rating`).set(w.auth(w.branches.A.token)).send({ score: 5, comment: '很好' });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ status: 'completed', rating: { score: 5, comment: '很好' } });
    const again = await t.http().post(`${API}/orders/${id}/rating`).set(w.auth(w.branches.A.token)).send({ score: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORDER_ALREADY_RATED');

    const profile = await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth());
    expect(profile.body.rating).toEqual({ mean: 5, count: 1 });
    expect(rated.body.history.map((h: { from: string | null; to: string }) => `${h.from}>${h.to}`)).toEqual([
      'null>pending',
      'pending>offered',
      'offered>accepted',
      'accepted>completed',
    ]);
  });

  it('takes a custom order through a claim (抢单), and a second order through decline, cancel and reject', async () => {
    const lecturer = await w.lecturer();
    const other = await w.lecturer();
    const placed = await w.post('/orders', World.customOrder(5), w.branches.B.token);
    expect(placed).toMatchObject({ status: 'pending', courseId: null, topic: 'policy', durationMinutes: 90 });

    const open = await t.http().get(`${API}/orders?open=true`).set(w.auth(lecturer.token));
    expect(open.body.items.map((o: { id: string }) => o.id)).toContain(placed.id);

    const noStart = await t.http().post(`${API}/orders/${placed.id}/accept`).set(w.auth(lecturer.token)).send({});
    expect(noStart.status).toBe(400);
    expect(noStart.body.code).toBe('START_REQUIRED');

    const claimed = await t
      .http()
      .post(`${API}/orders/${placed.id}/accept`)
      .set(w.auth(lecturer.token))
      .send({ startsAt: World.at(6, '09:30') });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'accepted', booking: { lecturerId: lecturer.id } });
    const tooEarly = await t
      .http()
      .post(`${API}/orders/${placed.id}/complete`)
      .set(w.auth(lecturer.token))
      .send({ attendance: 3, summary: 'x' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('LECTURE_NOT_STARTED');

    const second = await w.post('/orders', World.customOrder(8), w.branches.B.token);
    await w.post(`/orders/${second.id}/offer`, { lecturerId: other.id, startsAt: World.at(9, '10:00') });
    const declined = await t.http().post(`${API}/orders/${second.id}/decline`).set(w.auth(other.token)).send({ reason: '那天在外地' });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('pending');
    const reoffer = await t
      .http()
      .post(`${API}/orders/${second.id}/offer`)
      .set(w.auth())
      .send({ lecturerId: other.id, startsAt: World.at(9, '10:00') });
    expect(reoffer.status).toBe(409);
    expect(reoffer.body.code).toBe('LECTURER_DECLINED');

    const rejected = await t.http().post(`${API}/orders/${second.id}/reject`).set(w.auth()).send({ reason: '内容不符合要求' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.history.at(-1)).toMatchObject({ from: 'pending', to: 'rejected', reason: '内容不符合要求' });

    const cancelled = await t.http().post(`${API}/orders/${placed.id}/cancel`).set(w.auth(w.branches.B.token)).send({ reason: '天气原因' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', booking: null });
    const schedule = await t.http().get(`${API}/lecturers/${lecturer.id}/schedule`).set(w.auth(lecturer.token));
    expect(schedule.body.items).toEqual([]);
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

  it('lets an admin correct a lecture reported done that was false: cancelled, with who and why, and the rating taken back', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(-1, { latestStart: World.at(2, '09:00') }), w.branches.A.token);
    await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(0, '00:30') }, lecturer.token);
    await t.db.query(
      `UPDATE bookings SET starts_at = now() - interval '2 hours', ends_at = now() - interval '30 minutes',
      blocked = tstzrange(now() - interval '2 hours', now() - interval '30 minutes') WHERE order_id = $1`,
      [order.id],
    );
    await w.post(`/orders/${order.id}/complete`, { attendance: 200, summary: '虚报' }, lecturer.token);
    await w.post(`/orders/${order.id}/rating`, { score: 2 }, w.branches.A.token);
    const notByBranch = await t.http().post(`${API}/orders/${order.id}/retract`).set(w.auth(w.branches.A.token)).send({ reason: 'x' });
    expect(notByBranch.status).toBe(403);

    const corrected = await t.http().post(`${API}/orders/${order.id}/retract`).set(w.auth()).send({ reason: '核查发现未实际授课' });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ status: 'cancelled', booking: null });
    expect(corrected.body.history.at(-1)).toMatchObject({
      from: 'completed',
      to: 'cancelled',
      reason: '核查发现未实际授课',
      lecturerId: lecturer.id,
    });
    const profile = await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth());
    expect(profile.body.rating).toEqual({ mean: null, count: 0 });
    const twice = await t.http().post(`${API}/orders/${order.id}/retract`).set(w.auth()).send({ reason: 'again' });
    expect(twice.status).toBe(409);
  });
});
