import { HOUR_MS, MINUTE_MS } from '../src/kernel/time.js';
import { TimedNotifications } from '../src/notifications/timed-notifications.js';
import { OfferSweeper } from '../src/orders/offer-sweeper.js';
import { MovableClock } from './support/clock.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

describe('notifications: who is told of each order event (inbox)', () => {
  let t: TestApp;
  let w: World;
  const clock = new MovableClock();
  let bannerAdminA: string;
  let bannerAdminB: string;
  let otherBranch: string;
  let lecturer: LecturerFixture;
  let otherLecturer: LecturerFixture;

  beforeAll(async () => {
    // The queue stays off here: the timed events and the sweep are run by the tests, at the times they set.
    t = await startTestApp({ JOB_QUEUE: 'off' }, clock);
    w = await World.build(t);
    bannerAdminA = (await w.account({ role: 'admin', regionId: w.banners.A.id })).token;
    bannerAdminB = (await w.account({ role: 'admin', regionId: w.banners.B.id })).token;
    otherBranch = w.branches.B.token;
    otherLecturer = await w.lecturer();
  });
  beforeEach(async () => {
    lecturer = await w.lecturer();
  });
  afterEach(() => clock.reset());
  afterAll(async () => t?.close());

  /** The events of one order in an account's inbox, oldest first. */
  async function eventsOf(token: string, orderId: string): Promise<string[]> {
    const res = await t.http().get(`${API}/notifications?limit=200`).set(w.auth(token));
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ event: string; orderId: string }>)
      .filter((n) => n.orderId === orderId)
      .map((n) => n.event)
      .reverse();
  }
  const place = async (): Promise<string> => (await w.post('/orders', World.customOrder(-1), w.branches.A.token)).id;
  /** An order of branch A accepted by the test's lecturer for a lecture `daysAhead` days ahead at local `hhmm`. */
  async function accepted(daysAhead: number, hhmm: string): Promise<{ id: string; startsAt: string }> {
    const id = (await w.post('/orders', World.customOrder(-1, { latestStart: World.at(daysAhead + 1, '09:00') }), w.branches.A.token)).id;
    const startsAt = World.at(daysAhead, hhmm);
    await w.post(`/orders/${id}/offer`, { lecturerId: lecturer.id, startsAt });
    await w.post(`/orders/${id}/accept`, {}, lecturer.token);
    return { id, startsAt };
  }

  it('tells the admins whose scope holds the branch of a placed order, and nobody else', async () => {
    const id = await place();
    await expect(eventsOf(w.adminToken, id)).resolves.toEqual(['order.placed']);
    await expect(eventsOf(bannerAdminA, id)).resolves.toEqual(['order.placed']);
    await expect(eventsOf(bannerAdminB, id)).resolves.toEqual([]);
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual([]);
    await expect(eventsOf(otherBranch, id)).resolves.toEqual([]);
  });

  it('tells a disabled account nothing', async () => {
    const leaver = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const me = await t.http().get(`${API}/auth/me`).set(w.auth(leaver.token));
    const disabled = await t.http().patch(`${API}/accounts/${me.body.id}`).set(w.auth()).send({ disabled: true });
    expect(disabled.status).toBe(200);
    const id = await place();
    await expect(eventsOf(bannerAdminA, id)).resolves.toEqual(['order.placed']);
    const told = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE account_id = $1`, [me.body.id]);
    expect(told[0].n).toBe(0);
  });

  it("keeps an admin's inbox to its scope: narrowed to a banner, it no longer holds the other banner's orders, and keeps its own", async () => {
    const mover = await w.account({ role: 'admin' }); // city-wide, told of both banners' orders
    const inA = await place();
    const inB = (await w.post('/orders', World.customOrder(-1), w.branches.B.token)).id;
    await expect(eventsOf(mover.token, inA)).resolves.toEqual(['order.placed']);
    const me = await t.http().get(`${API}/auth/me`).set(w.auth(mover.token));
    await t.http().patch(`${API}/accounts/${me.body.id}`).set(w.auth()).send({ regionId: w.banners.B.id }).expect(200);
    await expect(eventsOf(mover.token, inA)).resolves.toEqual([]);
    await expect(eventsOf(mover.token, inB)).resolves.toEqual(['order.placed']);
    await expect(eventsOf(w.adminToken, inA)).resolves.toEqual(['order.placed']);
  });

  it("keeps a banner admin's inbox to its banner: a branch moved out of it takes its orders' notifications along", async () => {
    const branch = await w.branch(w.banners.A.villageId);
    const id = (await w.post('/orders', World.customOrder(-1), branch.token)).id;
    await expect(eventsOf(bannerAdminA, id)).resolves.toEqual(['order.placed']);
    const stayed = await place(); // branch A's, which stays in banner A
    await t.http().patch(`${API}/branches/${branch.id}`).set(w.auth()).send({ regionId: w.banners.B.villageId }).expect(200);
    await expect(eventsOf(bannerAdminA, id)).resolves.toEqual([]);
    await expect(eventsOf(bannerAdminA, stayed)).resolves.toEqual(['order.placed']);
    await expect(eventsOf(w.adminToken, id)).resolves.toEqual(['order.placed']);
  });

  it('tells the lecturer of an offer made to them, with the Chinese text and the page to answer on', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'offered');
    const res = await t.http().get(`${API}/notifications`).set(w.auth(lecturer.token));
    expect(res.body.items[0]).toMatchObject({
      event: 'order.offered',
      orderId: id,
      title: '您有新的派单',
      body: expect.stringContaining('草原生态补奖政策解读'),
      link: `/lecturer/orders/${id}`,
      readAt: null,
    });
    await expect(eventsOf(otherLecturer.token, id)).resolves.toEqual([]);
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual([]);
  });

  it('tells the admins in scope that a declined order is back in the queue', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'offered');
    await w.post(`/orders/${id}/decline`, { reason: '那天在牧区' }, lecturer.token);
    await expect(eventsOf(bannerAdminA, id)).resolves.toEqual(['order.placed', 'order.declined']);
    await expect(eventsOf(bannerAdminB, id)).resolves.toEqual([]);
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual([]);
  });

  it('tells the admins in scope when an offer expires unanswered (the sweep)', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'offered');
    await t.db.query(`UPDATE orders SET offer_expires_at = $2 WHERE id = $1`, [id, new Date(clock.now() - MINUTE_MS)]);
    await t.app.get(OfferSweeper).sweep();
    await expect(eventsOf(w.adminToken, id)).resolves.toEqual(['order.placed', 'order.offer_expired']);
    await expect(eventsOf(bannerAdminB, id)).resolves.toEqual([]);
  });

  it("names the lecturer who took the order in the branch's inbox, and who declined in the admins'", async () => {
    const taker = await w.lecturer({ name: '巴特尔' });
    const taken = await place();
    await w.advance(taken, taker, 'accepted');
    const branchInbox = await t.http().get(`${API}/notifications`).set(w.auth(w.branches.A.token));
    expect(branchInbox.body.items.find((n: { orderId: string }) => n.orderId === taken)).toMatchObject({
      event: 'order.accepted',
      body: expect.stringContaining('已由巴特尔讲师接单'),
    });
    const decliner = await w.lecturer({ name: '其其格' });
    const declined = await place();
    await w.advance(declined, decliner, 'offered');
    await w.post(`/orders/${declined}/decline`, {}, decliner.token);
    const adminInbox = await t.http().get(`${API}/notifications`).set(w.auth(bannerAdminA));
    expect(adminInbox.body.items.find((n: { orderId: string }) => n.orderId === declined)).toMatchObject({
      event: 'order.declined',
      body: expect.stringContaining('被其其格讲师婉拒'),
    });
  });

  it('tells the branch, and only it, that its order was taken', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'accepted');
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted']);
    await expect(eventsOf(otherBranch, id)).resolves.toEqual([]);
    await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered']);
  });

  it('tells the branch and the booked lecturer of a cancelled order', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'accepted');
    await w.post(`/orders/${id}/cancel`, { reason: '暴雪封路' }, w.branches.A.token);
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted', 'order.cancelled']);
    await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered', 'order.cancelled']);
    await expect(eventsOf(otherLecturer.token, id)).resolves.toEqual([]);
  });

  it('tells the offered lecturer too when an order under offer is cancelled', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'offered');
    await w.post(`/orders/${id}/cancel`, { reason: '改期' });
    await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered', 'order.cancelled']);
  });

  it('tells the branch of a rejected order, with the reason', async () => {
    const id = await place();
    await w.post(`/orders/${id}/reject`, { reason: '与已有安排重复' });
    const res = await t.http().get(`${API}/notifications`).set(w.auth(w.branches.A.token));
    expect(res.body.items[0]).toMatchObject({ event: 'order.rejected', orderId: id, body: expect.stringContaining('与已有安排重复') });
    await expect(eventsOf(otherBranch, id)).resolves.toEqual([]);
  });

  it('asks the branch to rate a given lecture, and tells the lecturer of the rating', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'completed');
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted', 'order.completed']);
    await w.post(`/orders/${id}/rating`, { score: 5, comment: '讲得好' }, w.branches.A.token);
    await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered', 'order.rated']);
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted', 'order.completed']);
  });

  it('tells the lecturer of each offer of a scheduling run', async () => {
    const course = await w.course([lecturer.id]);
    const order = {
      courseId: course.id,
      format: 'online',
      earliestStart: World.at(3, '00:00'),
      latestStart: World.at(4, '23:00'),
      expectedAudience: 30,
      language: 'zh',
    };
    const id = (await w.post('/orders', order, w.branches.A.token)).id;
    const run = await w.post('/scheduling/runs', { dryRun: false });
    // Only the test's lecturer gives the course, so the run offers it to them.
    expect(run.assigned).toContainEqual(expect.objectContaining({ orderId: id, lecturerId: lecturer.id }));
    await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered']);
  });

  it('tells nobody of a change that rolls back', async () => {
    const id = await place();
    await w.advance(id, lecturer, 'accepted');
    // A fault after the history entry is written, in the same transaction: the cancel fails as a whole.
    await t.db.query(`
      CREATE FUNCTION fail_on_purpose() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.reason = 'fault' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NULL; END $$`);
    await t.db.query(`CREATE TRIGGER zz_fail_on_purpose AFTER INSERT ON order_history FOR EACH ROW EXECUTE FUNCTION fail_on_purpose()`);
    try {
      const res = await t.http().post(`${API}/orders/${id}/cancel`).set(w.auth(w.branches.A.token)).send({ reason: 'fault' });
      expect(res.status).toBe(500);
    } finally {
      await t.db.query(`DROP TRIGGER zz_fail_on_purpose ON order_history`);
      await t.db.query(`DROP FUNCTION fail_on_purpose()`);
    }
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted']);
    await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered']);
    const events = await t.db.query(`SELECT type FROM notification_events WHERE order_id = $1 AND type = 'order.cancelled'`, [id]);
    expect(events).toEqual([]);
  });

  it('tells the branch once when five lecturers race to claim its order', async () => {
    const racers = await Promise.all(Array.from({ length: 5 }, () => w.lecturer()));
    const id = (
      await w.post(
        '/orders',
        {
          topic: 'policy',
          title: '抢单',
          format: 'online',
          earliestStart: World.at(5, '19:30'),
          latestStart: World.at(6, '19:30'),
          expectedAudience: 20,
          language: 'zh',
        },
        w.branches.A.token,
      )
    ).id;
    const answers = await Promise.all(
      racers.map((r) =>
        t
          .http()
          .post(`${API}/orders/${id}/accept`)
          .set(w.auth(r.token))
          .send({ startsAt: World.at(5, '19:30') }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted']);
  });

  describe('timed events, at the Asia/Shanghai time they are due', () => {
    const run = () => t.app.get(TimedNotifications).run();

    it('reminds the branch and the lecturer at 18:00 the day before the lecture, not a minute earlier', async () => {
      const { id, startsAt } = await accepted(2, '09:00');
      const eveBefore = Date.parse(startsAt) - 15 * HOUR_MS; // 18:00 the day before 09:00
      clock.set(eveBefore - MINUTE_MS);
      await run();
      await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered']);
      clock.set(eveBefore);
      await run();
      await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered', 'lecture.reminder']);
      await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted', 'lecture.reminder']);
      await run();
      await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual(['order.accepted', 'lecture.reminder']);
    });

    it('tells the lecturer 6 hours before an unanswered offer expires, once', async () => {
      const id = await place();
      const offered = await w.advance(id, lecturer, 'offered');
      const expiring = Date.parse(offered.offerExpiresAt) - 6 * HOUR_MS;
      clock.set(expiring - MINUTE_MS);
      await run();
      await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered']);
      clock.set(expiring);
      await run();
      await run();
      await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered', 'order.offer_expiring']);
      await expect(eventsOf(w.branches.A.token, id)).resolves.toEqual([]);
    });

    it('tells the lecturer the report is due 2 hours after the end of a lecture not reported', async () => {
      const { id, startsAt } = await accepted(2, '09:00');
      const due = Date.parse(startsAt) + 90 * MINUTE_MS + 2 * HOUR_MS;
      clock.set(due - MINUTE_MS);
      await run();
      await expect(eventsOf(lecturer.token, id)).resolves.not.toContain('lecture.report_due');
      clock.set(due);
      await run();
      await expect(eventsOf(lecturer.token, id)).resolves.toContain('lecture.report_due');
      await expect(eventsOf(w.branches.A.token, id)).resolves.not.toContain('lecture.report_due');
    });

    it('does not ask for a report of a lecture already reported', async () => {
      const id = await place();
      await w.advance(id, lecturer, 'completed');
      clock.set(Date.parse(World.at(1, '00:00')));
      await run();
      await expect(eventsOf(lecturer.token, id)).resolves.toEqual(['order.offered']);
    });
  });

  describe('the inbox', () => {
    it('counts the unread, marks one read, and then all', async () => {
      const reader = await w.account({ role: 'admin', regionId: w.banners.A.id });
      await place();
      await place();
      const before = await t.http().get(`${API}/notifications`).set(w.auth(reader.token));
      expect(before.body).toMatchObject({ unreadCount: 2, total: 2 });
      const read = await t.http().post(`${API}/notifications/${before.body.items[0].id}/read`).set(w.auth(reader.token));
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      const unread = await t.http().get(`${API}/notifications?unread=true`).set(w.auth(reader.token));
      expect(unread.body).toMatchObject({ unreadCount: 1, total: 1, items: [{ id: before.body.items[1].id }] });
      expect((await t.http().get(`${API}/notifications?limit=1&offset=1`).set(w.auth(reader.token))).body.total).toBe(2);
      const all = await t.http().post(`${API}/notifications/read-all`).set(w.auth(reader.token));
      expect(all.body).toEqual({ marked: 1, unreadCount: 0 });
    });

    it("answers 404 for another account's notification", async () => {
      const id = await place();
      const [mine] = (await t.http().get(`${API}/notifications`).set(w.auth(bannerAdminA))).body.items.filter(
        (n: { orderId: string }) => n.orderId === id,
      );
      const res = await t.http().post(`${API}/notifications/${mine.id}/read`).set(w.auth(bannerAdminB));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOTIFICATION_NOT_FOUND');
    });

    it('pages by cursor, newest first', async () => {
      const reader = await w.account({ role: 'admin', regionId: w.banners.A.id });
      for (let i = 0; i < 3; i++) await place();
      const first = await t.http().get(`${API}/notifications?limit=2`).set(w.auth(reader.token));
      const second = await t.http().get(`${API}/notifications?limit=2&cursor=${first.body.nextCursor}`).set(w.auth(reader.token));
      expect(second.body.nextCursor).toBeNull();
      expect(second.body).not.toHaveProperty('total');
      const ids = [...first.body.items, ...second.body.items].map((n: { id: string }) => n.id);
      expect(new Set(ids).size).toBe(3);
      expect(Date.parse(first.body.items[1].createdAt)).toBeGreaterThanOrEqual(Date.parse(second.body.items[0].createdAt));
    });

    it('refuses a malformed unread flag', async () => {
      const res = await t.http().get(`${API}/notifications?unread=maybe`).set(w.auth(bannerAdminA));
      expect(res.status).toBe(400);
    });
  });
});
