import type { Response } from 'supertest';
import { branchBody, lecturerBody } from './support/generators.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/**
 * Cursor pagination (api.md, Lists): every list answers `nextCursor` (null on the last page) and accepts
 * `?cursor=` instead of `?offset=`. Walking a list by cursor gives the rows of its offset order exactly once,
 * ties (equal names, equal instants) included, and rows inserted during the walk never repeat one; a cursor
 * page leaves `total` out; a cursor that the list did not give out, or one given with an offset, is a 400.
 */
describe('cursor pagination on every list', () => {
  let t: TestApp;
  let w: World;
  let lecturer: LecturerFixture;

  const get = (path: string, token = w.adminToken): Promise<Response> =>
    t
      .http()
      .get(API + path)
      .set(w.auth(token));

  /** A row's id: its own, or its order's (a lecturer's schedule lists lectures). */
  const idOf = (row: { id?: string; orderId?: string }) => row.id ?? row.orderId;

  /** Every page of the list by cursor, `limit` at a time; `between` runs after each page. */
  async function walk(
    path: string,
    token: string,
    limit: number,
    between: () => Promise<void> = async () => {},
  ): Promise<Array<string | undefined>> {
    const ids: Array<string | undefined> = [];
    const join = path.includes('?') ? '&' : '?';
    let res = await get(`${path}${join}limit=${limit}`, token);
    for (;;) {
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...res.body.items.map(idOf));
      if (res.body.nextCursor === null) return ids;
      await between();
      res = await get(`${path}${join}limit=${limit}&cursor=${res.body.nextCursor}`, token);
      expect(res.body).not.toHaveProperty('total');
    }
  }

  /** The whole list in one offset page, as the order to expect. */
  async function everyId(path: string, token: string): Promise<Array<string | undefined>> {
    const res = await get(`${path}${path.includes('?') ? '&' : '?'}limit=200`, token);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.length).toBe(res.body.total);
    return res.body.items.map(idOf);
  }

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    lecturer = await w.lecturer();
    const adminId = (await t.db.query(`SELECT id FROM accounts WHERE role = 'admin' LIMIT 1`))[0].id as string;
    const placedBy = (await t.db.query(`SELECT id FROM accounts WHERE branch_id = $1`, [w.branches.A.id]))[0].id as string;
    // Ties everywhere: equal names, equal topics and titles, equal creation instants; the id must order them.
    for (let i = 0; i < 5; i++) {
      await w.post('/regions', { name: '同名嘎查', level: 'village', parentId: w.banners.A.townshipId, latitude: 49.2, longitude: 119.7 });
      await w.post('/branches', branchBody(w.banners.A.villageId, { name: '同名党支部' }));
      await w.post('/lecturers', { ...lecturerBody(w.banners.A.townshipId), name: '同名讲师' });
      await w.course([lecturer.id], { topic: 'policy', title: '同名课程' });
    }
    const at = '2026-03-01T08:00:00.123456+08:00';
    await t.db.query(
      `INSERT INTO campaigns (name, region_id, period_from, period_to, target_lectures, created_by, created_at)
       SELECT '百场党课 ' || i, $1, '2026-01-01', '2026-12-31', 10, $2, CASE WHEN i % 2 = 0 THEN $3::timestamptz ELSE now() - i * interval '1 s' END
       FROM generate_series(1, 9) i`,
      [w.cityId, adminId, at],
    );
    await t.db.query(
      `INSERT INTO scheduling_runs (run_by, dry_run, orders_considered, lecturers_considered, assigned_count, unassigned_count, offers_made,
         skipped_count, total_cost, duration_ms, result, created_at)
       SELECT $1, true, 0, 0, 0, 0, 0, 0, 0, 1, '{}', CASE WHEN i % 2 = 0 THEN $2::timestamptz ELSE now() - i * interval '1 s' END
       FROM generate_series(1, 9) i`,
      [adminId, at],
    );
    await t.db.query(
      `INSERT INTO orders (branch_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience, language,
         placed_by, created_at, updated_at)
       SELECT $1, 'policy', '草原生态补奖政策解读 ' || i, 'on_site', now() + interval '10 days', now() + interval '15 days', 90, 40, 'mn', $2,
         CASE WHEN i % 3 = 0 THEN $3::timestamptz ELSE now() - i * interval '1 min' END, now()
       FROM generate_series(1, 23) i`,
      [w.branches.A.id, placedBy, at],
    );
    // Webhooks, each told of the order placed below: a list of webhooks and one of deliveries.
    for (let i = 0; i < 5; i++) await w.post('/webhooks', { url: `http://127.0.0.1:9/hook-${i}`, events: ['order.placed'] });
    await w.post('/orders', World.customOrder(12), w.branches.B.token);
    // Five lectures of one lecturer on five days: a schedule.
    for (let day = 20; day < 25; day++) {
      const order = await w.post('/orders', World.customOrder(day), w.branches.A.token);
      await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(day, '09:00') });
      await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const lists: Array<[string, string, () => string]> = [
    ['regions', '/regions', () => w.adminToken],
    ['branches', '/branches', () => w.adminToken],
    ['lecturers', '/lecturers', () => w.adminToken],
    ['courses', '/courses', () => w.adminToken],
    ['campaigns', '/campaigns', () => w.adminToken],
    ['scheduling runs', '/scheduling/runs', () => w.adminToken],
    ['orders (admin)', '/orders', () => w.adminToken],
    ['orders (admin queue)', '/orders?status=pending', () => w.adminToken],
    ['orders (a branch)', '/orders', () => w.branches.A.token],
    ['orders open to claim (a lecturer)', '/orders?open=true', () => lecturer.token],
    ['webhooks', '/webhooks', () => w.adminToken],
    ['deliveries', '/deliveries', () => w.adminToken],
    ["a lecturer's schedule", '/lecturers/:lecturer/schedule', () => lecturer.token],
  ];

  it.each(lists)('%s: walking by cursor gives every row exactly once, in the list order', async (_name, route, token) => {
    const path = route.replace(':lecturer', lecturer.id);
    const expected = await everyId(path, token());
    expect(expected.length).toBeGreaterThan(3);
    await expect(walk(path, token(), 2)).resolves.toEqual(expected);
  });

  it('the OpenAPI document describes ?cursor= and nextCursor on every list', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<
        string,
        { get: { parameters: Array<{ name: string }>; responses: { 200: { content: Record<string, { schema: { $ref: string } }> } } } }
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    };
    const paths = [...new Set(lists.map(([, path]) => API + path.split('?')[0].replace(':lecturer', '{id}')))];
    for (const path of paths) {
      const get = doc.paths[path].get;
      expect({ path, cursor: get.parameters.some((p) => p.name === 'cursor') }).toEqual({ path, cursor: true });
      const schema = doc.components.schemas[get.responses[200].content['application/json'].schema.$ref.split('/').pop() ?? ''];
      expect({ path, required: schema.required }).toEqual({ path, required: expect.arrayContaining(['items', 'nextCursor']) });
    }
  });

  it('the OpenAPI document gives ?limit= and ?offset= as integers with their bounds on every list', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<string, { get: { parameters: Array<{ name: string; schema: Record<string, unknown> }> } }>;
    };
    const paths = [...new Set(lists.map(([, path]) => API + path.split('?')[0].replace(':lecturer', '{id}')))];
    for (const path of paths) {
      const schemaOf = (name: string) => ({ path, name, schema: doc.paths[path].get.parameters.find((p) => p.name === name)?.schema });
      expect(schemaOf('limit')).toEqual({
        path,
        name: 'limit',
        schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 200 }),
      });
      expect(schemaOf('offset')).toEqual({ path, name: 'offset', schema: expect.objectContaining({ type: 'integer', minimum: 0 }) });
    }
  });

  it("a branch's orders: orders placed during the walk never repeat a row nor push one out", async () => {
    const before = await everyId('/orders', w.branches.A.token);
    const seen = await walk('/orders', w.branches.A.token, 4, async () => {
      await w.post('/orders', World.customOrder(14), w.branches.A.token);
    });
    expect(new Set(seen).size).toBe(seen.length);
    // Newest first: an order placed during the walk is newer than every page already read.
    expect(seen).toEqual(before);
  });

  it('an offset page counts the total and gives a cursor; the last page has nextCursor null', async () => {
    const first = await get('/branches?limit=2');
    expect(first.body).toEqual(expect.objectContaining({ total: expect.any(Number), nextCursor: expect.any(String) }));
    const last = await get(`/branches?limit=2&offset=${first.body.total - 1}`);
    expect(last.body.items).toHaveLength(1);
    expect(last.body.nextCursor).toBeNull();
  });

  it.each([
    ['by its counters', '/orders?'],
    ['by counting the orders (a period filter)', '/orders?from=2020-01-01&to=2030-12-31&'],
  ])('an orders page past the end still tells the total, %s', async (_how, path) => {
    const all = await everyId(path.slice(0, -1), w.branches.A.token);
    const past = await get(`${path}offset=${all.length + 5}&limit=3`, w.branches.A.token);
    expect(past.body).toEqual({ items: [], nextCursor: null, total: all.length });
  });

  it('a cursor page of the last rows has nextCursor null and no total', async () => {
    const all = await get('/campaigns?limit=200');
    const next = await get(`/campaigns?limit=${all.body.total - 1}`);
    const last = await get(`/campaigns?limit=${all.body.total - 1}&cursor=${next.body.nextCursor}`);
    expect(last.body).toEqual({ items: [all.body.items[all.body.total - 1]], nextCursor: null });
  });

  function expectValidationFailed(res: Response): void {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor', message: expect.any(String) })]);
  }

  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  it.each([
    ['not base64url', 'a+b/c=='],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['not a list', encode({ at: 1 })],
    ['the wrong length', encode([1])],
    ['the wrong kinds', encode(['名字', '00000000-0000-4000-8000-000000000000'])],
    ['not a uuid', encode([1_700_000_000_000_000, 'x'])],
  ])('a cursor that is %s is 400 VALIDATION_FAILED', async (_what, cursor) => {
    expectValidationFailed(await get(`/orders?cursor=${cursor}`, w.branches.A.token));
  });

  it("another list's cursor is 400 VALIDATION_FAILED", async () => {
    const regions = await get('/regions?limit=1');
    expectValidationFailed(await get(`/orders?cursor=${regions.body.nextCursor}`));
  });

  it("another list's cursor of the very same shape (a time and an id: the inbox's, given to the orders) is 400 VALIDATION_FAILED", async () => {
    const inbox = await get('/notifications?limit=1');
    expect(inbox.body.nextCursor).toEqual(expect.any(String));
    expectValidationFailed(await get(`/orders?cursor=${inbox.body.nextCursor}`));
  });

  it('a cursor together with an offset is 400 VALIDATION_FAILED', async () => {
    const first = await get('/lecturers?limit=1');
    expectValidationFailed(await get(`/lecturers?limit=1&offset=0&cursor=${first.body.nextCursor}`));
  });
});
