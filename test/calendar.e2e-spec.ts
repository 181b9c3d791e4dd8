import ICAL from 'ical.js';
import type { Response } from 'supertest';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/**
 * Lecturers' private calendar feeds: a secret URL per lecturer, fetched without a token by calendar
 * apps, holding exactly the lecturer's accepted and given lectures in Asia/Shanghai time; rotating it
 * makes the old URL a 404. The feed is parsed back with ical.js.
 */
describe("lecturers' calendar feeds (iCalendar)", () => {
  let t: TestApp;
  let w: World;
  let lecturer: LecturerFixture;
  let other: LecturerFixture;
  let bannerAdminB: string;
  const accepted: string[] = [];
  let completed: string;
  let cancelled: string;
  let offered: string;
  let othersLecture: string;

  const path = (url: string) => new URL(url).pathname;

  function expectProblem(res: Response, status: number, code: string): void {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  }

  async function claimed(by: LecturerFixture, days: number, hhmm: string, over: object = {}): Promise<string> {
    const order = await w.post('/orders', World.customOrder(days, over), w.branches.A.token);
    await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(days, hhmm) }, by.token);
    return order.id;
  }

  beforeAll(async () => {
    // Calendar apps on the lecturers' phones fetch the feed from where the city reaches the platform.
    t = await startTestApp({ PUBLIC_URL: 'https://jiangshi.example.cn' });
    w = await World.build(t);
    lecturer = await w.lecturer();
    other = await w.lecturer();
    bannerAdminB = (await w.account({ role: 'admin', regionId: w.banners.B.id })).token;
    accepted.push(await claimed(lecturer, 10, '09:30', { format: 'mobile', title: '牲畜疫病防治', notes: '请带蒙汉双语材料' }));
    accepted.push(await claimed(lecturer, 14, '19:00', { format: 'online', title: '党的二十届四中全会精神' }));
    // given: booked in the past and reported done
    completed = await claimed(lecturer, 20, '10:00', { format: 'on_site', title: '乡村振兴政策' });
    await t.db.query(
      `UPDATE bookings SET starts_at = now() - interval '3 days', ends_at = now() - interval '3 days' + interval '90 minutes',
      blocked = tstzrange(now() - interval '3 days', now() - interval '3 days' + interval '90 minutes') WHERE order_id = $1`,
      [completed],
    );
    await w.post(`/orders/${completed}/complete`, { attendance: 33, summary: '已授课' }, lecturer.token);
    cancelled = await claimed(lecturer, 24, '10:00');
    await w.post(`/orders/${cancelled}/cancel`, { reason: '天气原因' }, w.branches.A.token);
    offered = (await w.post('/orders', World.customOrder(28), w.branches.A.token)).id;
    await w.post(`/orders/${offered}/offer`, { lecturerId: lecturer.id, startsAt: World.at(28, '10:00') });
    othersLecture = await claimed(other, 11, '10:00');
  });
  afterAll(async () => t?.close());

  describe("the lecturer's feed", () => {
    let link: Response;
    let feed: Response;
    let events: ICAL.Event[];
    const event = (orderId: string) => events.find((e) => e.uid === `${orderId}@grassland-pioneer`) as ICAL.Event;
    beforeAll(async () => {
      link = await t.http().get(`${API}/lecturers/${lecturer.id}/calendar-link`).set(w.auth(lecturer.token));
      feed = await t.http().get(path(link.body.url));
      events = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    });

    it('has a secret link at the public address (PUBLIC_URL) the lecturer can ask for', () => {
      expect(link.status).toBe(200);
      expect(link.body.url).toMatch(/^https:\/\/jiangshi\.example\.cn\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    });

    it('is served without a token, as iCalendar', () => {
      expect(feed.status).toBe(200);
      expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    });

    it('is served with whatever query a calendar app adds to the subscribed URL', async () => {
      const again = await t.http().get(`${path(link.body.url)}?nocache=1`);
      expect({ status: again.status, text: again.text }).toEqual({ status: 200, text: feed.text });
    });

    it('declares the Asia/Shanghai time zone', () => {
      const calendar = new ICAL.Component(ICAL.parse(feed.text));
      expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    });

    it("holds the lecturer's accepted and given lectures, and nothing else", () => {
      expect(events.map((e) => e.uid).sort()).toEqual([...accepted, completed].map((id) => `${id}@grassland-pioneer`).sort());
      for (const id of [cancelled, offered, othersLecture]) expect(feed.text).not.toContain(id);
    });

    it('times each lecture as booked, in Asia/Shanghai wall-clock time', async () => {
      const bookings: Array<{ order_id: string; starts_at: Date; ends_at: Date }> = await t.db.query(
        `SELECT order_id, starts_at, ends_at FROM bookings WHERE order_id = ANY($1) AND released_at IS NULL`,
        [[...accepted, completed]],
      );
      for (const b of bookings) {
        const booked = event(b.order_id);
        expect(booked.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Shanghai');
        expect(booked.startDate.zone?.tzid).toBe('Asia/Shanghai');
        // iCalendar keeps whole seconds
        expect(booked.startDate.toUnixTime()).toBe(Math.floor(new Date(b.starts_at).getTime() / 1000));
        expect(booked.endDate.toUnixTime()).toBe(Math.floor(new Date(b.ends_at).getTime() / 1000));
      }
      // The wall-clock time in Shanghai, as the lecturer booked it.
      expect(feed.text).toMatch(new RegExp(`DTSTART;TZID=Asia/Shanghai:${World.at(10, '09:30').slice(0, 10).replace(/-/g, '')}T093000`));
    });

    it('describes a lecture: title, format, place, notes and coordinates', () => {
      const mobile = event(accepted[0]);
      expect(mobile.summary).toContain('牲畜疫病防治');
      expect(mobile.summary).toContain('流动课堂');
      expect(mobile.location).toContain('党支部');
      expect(mobile.description).toContain('形式：流动课堂');
      expect(mobile.description).toContain('备注：请带蒙汉双语材料');
      expect(mobile.component.getFirstPropertyValue('geo')).toHaveLength(2);
    });

    it('marks a lecture given as given', () => {
      expect(event(completed).description).toContain('状态：已授课');
    });
  });

  describe('the link', () => {
    const currentUrl = async (token?: string) =>
      (await t.http().get(`${API}/lecturers/${lecturer.id}/calendar-link`).set(w.auth(token))).body.url as string;
    const rotate = (token?: string) => t.http().post(`${API}/lecturers/${lecturer.id}/calendar-link/rotate`).set(w.auth(token)).send({});

    /** A new admin (city-wide, or of `regionId`): its token and account id. */
    async function newAdmin(regionId?: string): Promise<{ token: string; id: string }> {
      const { token } = await w.account({ role: 'admin', ...(regionId ? { regionId } : {}) });
      return { token, id: (await t.http().get(`${API}/auth/me`).set(w.auth(token))).body.id };
    }
    const patchAccount = (id: string, body: object) => t.http().patch(`${API}/accounts/${id}`).set(w.auth()).send(body).expect(200);

    it("is an admin's own, serving a city-wide admin the lecturer's lectures in full", async () => {
      const admin = await newAdmin();
      const url = await currentUrl(admin.token);
      expect(url).not.toBe(await currentUrl(lecturer.token));
      const feed = await t.http().get(path(url));
      expect(feed.status).toBe(200);
      expect(feed.text).toContain(accepted[0]);
    });

    it("stops working once the admin's account is disabled", async () => {
      const admin = await newAdmin();
      const url = await currentUrl(admin.token);
      await patchAccount(admin.id, { disabled: true });
      expectProblem(await t.http().get(path(url)), 404, 'CALENDAR_NOT_FOUND');
    });

    it("stops working once the lecturer's account is disabled, and works again once it is enabled", async () => {
      const leaving = await w.lecturer();
      const accountId = (await t.http().get(`${API}/auth/me`).set(w.auth(leaving.token))).body.id as string;
      const url = (await t.http().get(`${API}/lecturers/${leaving.id}/calendar-link`).set(w.auth(leaving.token))).body.url as string;
      await t.http().get(path(url)).expect(200);
      await patchAccount(accountId, { disabled: true });
      expectProblem(await t.http().get(path(url)), 404, 'CALENDAR_NOT_FOUND');
      await patchAccount(accountId, { disabled: false });
      await t.http().get(path(url)).expect(200);
    });

    it("stops working once the admin's scope is moved to another banner", async () => {
      const admin = await newAdmin(w.banners.A.id);
      const url = await currentUrl(admin.token);
      await t.http().get(path(url)).expect(200);
      await patchAccount(admin.id, { regionId: w.banners.B.id });
      expectProblem(await t.http().get(path(url)), 404, 'CALENDAR_NOT_FOUND');
    });

    it("stops working for a banner admin once the lecturer's home has left its banner", async () => {
      const moving = await w.lecturer();
      const admin = await newAdmin(w.banners.A.id);
      const url = (await t.http().get(`${API}/lecturers/${moving.id}/calendar-link`).set(w.auth(admin.token))).body.url as string;
      await t.http().get(path(url)).expect(200);
      await t.http().patch(`${API}/lecturers/${moving.id}`).set(w.auth()).send({ regionId: w.banners.B.townshipId }).expect(200);
      expectProblem(await t.http().get(path(url)), 404, 'CALENDAR_NOT_FOUND');
    });

    it('rotated by the lecturer, is new: the old URL answers 404, the new one serves the feed and is given from then on', async () => {
      const first = await currentUrl(lecturer.token);
      const rotated = await rotate(lecturer.token);
      expect(rotated.status).toBe(200);
      expect(rotated.body.url).not.toBe(first);
      expectProblem(await t.http().get(path(first)), 404, 'CALENDAR_NOT_FOUND');
      const fresh = await t.http().get(path(rotated.body.url));
      expect(fresh.status).toBe(200);
      expect(fresh.text).toContain(accepted[0]);
      expect(await currentUrl(lecturer.token)).toBe(rotated.body.url);
    });

    it('can be revoked by an admin too (a lost phone)', async () => {
      const lost = await currentUrl(lecturer.token);
      const byAdminRotation = await rotate();
      expect(byAdminRotation.status).toBe(200);
      expectProblem(await t.http().get(path(lost)), 404, 'CALENDAR_NOT_FOUND');
    });
  });

  it("keeps a lecturer's link from everyone else: other lecturers and admins outside their scope get 404, branches 403", async () => {
    for (const route of [`/lecturers/${lecturer.id}/calendar-link`, `/lecturers/${lecturer.id}/calendar-link/rotate`]) {
      const call = (token?: string) => {
        const req = route.endsWith('rotate')
          ? t
              .http()
              .post(API + route)
              .send({})
          : t.http().get(API + route);
        return token ? req.set(w.auth(token)) : req;
      };
      expectProblem(await call(other.token), 404, 'LECTURER_NOT_FOUND');
      expectProblem(await call(bannerAdminB), 404, 'LECTURER_NOT_FOUND');
      expectProblem(await call(w.branches.A.token), 403, 'FORBIDDEN');
      expectProblem(await call(), 401, 'UNAUTHENTICATED');
    }
    expectProblem(
      await t.http().get(`${API}/lecturers/00000000-0000-4000-8000-00000000dead/calendar-link`).set(w.auth()),
      404,
      'LECTURER_NOT_FOUND',
    );
    expectProblem(await t.http().get(`${API}/lecturers/not-a-uuid/calendar-link`).set(w.auth()), 400, 'VALIDATION_FAILED');
  });

  it('answers 404 for a feed address that is malformed or was never issued', async () => {
    for (const file of ['nope.ics', `${'A'.repeat(43)}.ics`, `${'A'.repeat(43)}`, `${'A'.repeat(43)}.json`]) {
      expectProblem(await t.http().get(`${API}/calendar/${file}`), 404, 'CALENDAR_NOT_FOUND');
    }
  });
});
