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
    t = await startTestApp();
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

  it("serves the lecturer's accepted and given lectures, without a token, as iCalendar in Asia/Shanghai time", async () => {
    const link = await t.http().get(`${API}/lecturers/${lecturer.id}/calendar-link`).set(w.auth(lecturer.token));
    expect(link.status).toBe(200);
    expect(link.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const feed = await t.http().get(path(link.body.url));
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid).sort()).toEqual([...accepted, completed].map((id) => `${id}@grassland-pioneer`).sort());
    for (const id of [cancelled, offered, othersLecture]) expect(feed.text).not.toContain(id);

    const bookings: Array<{ order_id: string; starts_at: Date; ends_at: Date }> = await t.db.query(
      `SELECT order_id, starts_at, ends_at FROM bookings WHERE order_id = ANY($1) AND released_at IS NULL`,
      [[...accepted, completed]],
    );
    for (const b of bookings) {
      const event = events.find((e) => e.uid === `${b.order_id}@grassland-pioneer`) as ICAL.Event;
      expect(event.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Shanghai');
      expect(event.startDate.zone?.tzid).toBe('Asia/Shanghai');
      // iCalendar keeps whole seconds
      expect(event.startDate.toUnixTime()).toBe(Math.floor(new Date(b.starts_at).getTime() / 1000));
      expect(event.endDate.toUnixTime()).toBe(Math.floor(new Date(b.ends_at).getTime() / 1000));
    }
    // The wall-clock time in Shanghai, as the lecturer booked it.
    expect(feed.text).toMatch(new RegExp(`DTSTART;TZID=Asia/Shanghai:${World.at(10, '09:30').slice(0, 10).replace(/-/g, '')}T093000`));
    const mobile = events.find((e) => e.uid === `${accepted[0]}@grassland-pioneer`) as ICAL.Event;
    expect(mobile.summary).toContain('牲畜疫病防治');
    expect(mobile.summary).toContain('流动课堂');
    expect(mobile.location).toContain('党支部');
    expect(mobile.description).toContain('形式：流动课堂');
    expect(mobile.description).toContain('备注：请带蒙汉双语材料');
    expect(mobile.component.getFirstPropertyValue('geo')).toHaveLength(2);
    const given = events.find((e) => e.uid === `${completed}@grassland-pioneer`) as ICAL.Event;
    expect(given.description).toContain('状态：已授课');
  });

  it('gives the same link until it is rotated; then the old URL answers 404 and the new one works', async () => {
    const first = (await t.http().get(`${API}/lecturers/${lecturer.id}/calendar-link`).set(w.auth(lecturer.token))).body.url as string;
    const byAdmin = await t.http().get(`${API}/lecturers/${lecturer.id}/calendar-link`).set(w.auth());
    expect(byAdmin.body.url).toBe(first);

    const rotated = await t.http().post(`${API}/lecturers/${lecturer.id}/calendar-link/rotate`).set(w.auth(lecturer.token)).send({});
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(first);
    expectProblem(await t.http().get(path(first)), 404, 'CALENDAR_NOT_FOUND');
    const fresh = await t.http().get(path(rotated.body.url));
    expect(fresh.status).toBe(200);
    expect(fresh.text).toContain(accepted[0]);
    const again = await t.http().get(`${API}/lecturers/${lecturer.id}/calendar-link`).set(w.auth(lecturer.token));
    expect(again.body.url).toBe(rotated.body.url);

    // An admin can revoke it too (a lost phone).
    const byAdminRotation = await t.http().post(`${API}/lecturers/${lecturer.id}/calendar-link/rotate`).set(w.auth()).send({});
    expect(byAdminRotation.status).toBe(200);
    expectProblem(await t.http().get(path(rotated.body.url)), 404, 'CALENDAR_NOT_FOUND');
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
