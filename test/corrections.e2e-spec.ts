import { testClock } from './support/clock.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/**
 * Admins correct what they entered: a branch (PATCH /branches/:id) and a course of the menu (PATCH /courses/:id).
 * Only the fields sent change; what was placed, counted or given before follows as a user would expect.
 */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await World.build(t);
});
afterAll(async () => t?.close());

const patch = (path: string, body: object, token = w.adminToken) => t.http().patch(`${API}${path}`).set(w.auth(token)).send(body);
const get = (path: string, token = w.adminToken) => t.http().get(`${API}${path}`).set(w.auth(token));
const today = () => new Date(testClock.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('PATCH /branches/:id', () => {
  it('changes only the fields sent', async () => {
    const branch = await w.branch(w.banners.A.villageId);
    const before = (await get(`/branches/${branch.id}`)).body;
    const res = await patch(`/branches/${branch.id}`, { name: '巴彦嘎查党支部（更正）' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...before, name: '巴彦嘎查党支部（更正）' });
    expect((await get(`/branches/${branch.id}`)).body).toEqual(res.body);
  });

  it("places a branch moved to another region without coordinates at the new region's", async () => {
    const branch = await w.branch(w.banners.A.villageId);
    const region = (await get(`/regions/${w.banners.B.villageId}`)).body;
    const res = await patch(`/branches/${branch.id}`, { regionId: w.banners.B.villageId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionId: w.banners.B.villageId, latitude: region.latitude, longitude: region.longitude });
  });

  it('counts the lectures a branch was given under the region it moved to', async () => {
    const branch = await w.branch(w.banners.A.villageId);
    const lecturer: LecturerFixture = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(0, { earliestStart: World.at(-1, '09:00') }), branch.token);
    await w.advance(order.id, lecturer, 'completed');
    const lecturesIn = async (regionId: string) =>
      (await get(`/coverage?from=${today()}&to=${today()}`)).body.regions.find((r: { regionId: string }) => r.regionId === regionId)
        .lectures;
    const inA = await lecturesIn(w.banners.A.id);
    const inB = await lecturesIn(w.banners.B.id);
    await patch(`/branches/${branch.id}`, { regionId: w.banners.B.villageId }).expect(200);
    expect([await lecturesIn(w.banners.A.id), await lecturesIn(w.banners.B.id)]).toEqual([inA - 1, inB + 1]);
  });

  it("refuses to move a branch out of a banner admin's scope with 404 REGION_NOT_FOUND, and leaves it", async () => {
    const branch = await w.branch(w.banners.A.villageId);
    const { token } = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const res = await patch(`/branches/${branch.id}`, { regionId: w.banners.B.villageId, memberCount: 3 }, token);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('REGION_NOT_FOUND');
    expect((await get(`/branches/${branch.id}`)).body.regionId).toBe(w.banners.A.villageId);
  });

  it("refuses another branch's code with 409 BRANCH_CODE_TAKEN", async () => {
    const taken = await w.branch(w.banners.A.villageId);
    await patch(`/branches/${taken.id}`, { code: 'ZB-0042' }).expect(200);
    const other = await w.branch(w.banners.A.villageId);
    const res = await patch(`/branches/${other.id}`, { code: 'zb-0042' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('BRANCH_CODE_TAKEN');
  });

  it('refuses latitude without longitude with 400 VALIDATION_FAILED', async () => {
    const res = await patch(`/branches/${w.branches.A.id}`, { latitude: 49.2 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('PATCH /courses/:id', () => {
  it('keeps the title an order was placed with when the course is renamed', async () => {
    const lecturer = await w.lecturer();
    const course = await w.course([lecturer.id], { title: '草原生态补奖政策' });
    const order = await w.post(
      '/orders',
      {
        courseId: course.id,
        format: 'online',
        earliestStart: World.at(10, '09:00'),
        latestStart: World.at(12, '09:00'),
        expectedAudience: 20,
        language: 'zh',
      },
      w.branches.A.token,
    );
    const res = await patch(`/courses/${course.id}`, { title: '草原生态补奖政策（2027年版）' });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('草原生态补奖政策（2027年版）');
    expect((await get(`/orders/${order.id}`)).body.title).toBe('草原生态补奖政策');
  });

  it('makes the lecturers sent the whole new list of those who give it', async () => {
    const [a, b, c] = [await w.lecturer(), await w.lecturer(), await w.lecturer()];
    const course = await w.course([a.id, b.id]);
    const res = await patch(`/courses/${course.id}`, { lecturerIds: [c.id, b.id] });
    expect(res.status).toBe(200);
    expect([...res.body.lecturerIds].sort()).toEqual([b.id, c.id].sort());
    expect(res.body.durationMinutes).toBe(course.durationMinutes);
  });

  it('refuses a lecturer who does not exist with 400 COURSE_LECTURER_NOT_FOUND, and changes nothing', async () => {
    const a = await w.lecturer();
    const course = await w.course([a.id]);
    const res = await patch(`/courses/${course.id}`, { title: '改名', lecturerIds: [a.id, '00000000-0000-4000-8000-000000000000'] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('COURSE_LECTURER_NOT_FOUND');
    expect((await get(`/courses/${course.id}`)).body).toMatchObject({ title: course.title, lecturerIds: [a.id] });
  });

  it('answers 404 COURSE_NOT_FOUND for a course that does not exist', async () => {
    const res = await patch('/courses/00000000-0000-4000-8000-000000000000', { title: '改名' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('COURSE_NOT_FOUND');
  });

  it('leaves exactly one of 8 lists changed at once, never a mixture of them', async () => {
    const pool = await Promise.all(Array.from({ length: 8 }, () => w.lecturer()));
    const course = await w.course([pool[0].id]);
    const lists = pool.map((_, i) => [pool[i].id, pool[(i + 1) % pool.length].id].sort());
    const answers = await Promise.all(lists.map((lecturerIds) => patch(`/courses/${course.id}`, { lecturerIds })));
    expect(answers.map((r) => r.status)).toEqual(lists.map(() => 200));
    const final = [...(await get(`/courses/${course.id}`)).body.lecturerIds].sort();
    expect(lists).toContainEqual(final);
  });
});
