import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { regionColumns } from '../src/coverage/coverage-export.js';
import type { CoverageView, RegionCoverage } from '../src/coverage/coverage.dto.js';
import { testClock } from './support/clock.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type BranchFixture, type LecturerFixture, World } from './support/world.js';

/**
 * Coverage, lecturers' load, campaigns and exports, checked against counts made independently: a plain
 * SQL query over the orders themselves (not the summary tables the service reads), and hand-counted
 * fixtures. The lectures are placed, claimed and completed (and one retracted) over the API; only their
 * booked time is moved into the past with SQL, so that they can be reported done.
 *
 * The city: banner A with township TA (a branch of its own), village VA (remote, World's branch A) and
 * village VA2 (border and weak: branches A2 and A3); banner B with village VB (remote: World's branch B
 * and branch B2).
 */
describe('coverage (覆盖统计), campaigns and exports', () => {
  let t: TestApp;
  let w: World;
  let l1: LecturerFixture;
  let l2: LecturerFixture;
  let br: Record<'A' | 'A2' | 'A3' | 'TA' | 'B' | 'B2', BranchFixture>;
  let villageA2: string;
  let bannerAdminA: string;
  let retracted: string;
  let day = 10;

  /** A lecture given (completed over the API) at `startedAt`, for `branch`, by `lecturer`. */
  async function given(
    branch: BranchFixture,
    lecturer: LecturerFixture,
    startedAt: string,
    attendance: number,
    over: { format?: string; topic?: string } = {},
  ): Promise<string> {
    day += 2;
    const order = await w.post('/orders', World.customOrder(day, { title: `党课${day}`, ...over }), branch.token);
    await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(day, '10:00') }, lecturer.token);
    // The booked slot moves into the past so the lecture can be reported; what counts is `startedAt`, which a
    // report must place near the booked start, so the lecture's history is written as it would have been.
    await bookedAt(order.id, new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString());
    await w.post(`/orders/${order.id}/complete`, { attendance, summary: '已授课' }, lecturer.token);
    await t.db.query('UPDATE orders SET started_at = $2 WHERE id = $1', [order.id, startedAt]);
    return order.id;
  }

  /** Moves a booking to a past time (each lecture's is distinct, so the exclusion constraint holds). */
  async function bookedAt(orderId: string, at: string): Promise<void> {
    await t.db.query(
      `UPDATE bookings SET starts_at = $2, ends_at = $2::timestamptz + interval '90 minutes',
      blocked = tstzrange($2::timestamptz, $2::timestamptz + interval '90 minutes') WHERE order_id = $1`,
      [orderId, at],
    );
  }

  const get = (path: string, token = w.adminToken) =>
    t
      .http()
      .get(API + path)
      .set(w.auth(token));

  /** The figures of one region's subtree over a period, counted from the orders. */
  async function independent(regionId: string, from: string, to: string) {
    const [counts] = await t.db.query(
      `SELECT count(o.id)::int AS lectures, coalesce(sum(o.attendance), 0)::int AS attendance, count(DISTINCT o.branch_id)::int AS reached
       FROM orders o JOIN branches b ON b.id = o.branch_id JOIN regions r ON r.id = b.region_id
       WHERE o.status = 'completed' AND (o.started_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2 AND $3 AND $1 = ANY(r.path)`,
      [regionId, from, to],
    );
    const [branches] = await t.db.query(
      `SELECT count(*)::int AS n FROM branches b JOIN regions r ON r.id = b.region_id WHERE $1 = ANY(r.path)`,
      [regionId],
    );
    const dims: Array<{ category: string; level: string; format: string; topic: string; n: number }> = await t.db.query(
      `SELECT l.category, l.level, o.format, o.topic, count(*)::int AS n
       FROM orders o JOIN branches b ON b.id = o.branch_id JOIN regions r ON r.id = b.region_id
       JOIN bookings bk ON bk.order_id = o.id JOIN lecturers l ON l.id = bk.lecturer_id
       WHERE o.status = 'completed' AND (o.started_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2 AND $3 AND $1 = ANY(r.path)
       GROUP BY 1, 2, 3, 4`,
      [regionId, from, to],
    );
    const tally = (key: 'category' | 'level' | 'format' | 'topic') => {
      const out: Record<string, number> = {};
      for (const d of dims) out[d[key]] = (out[d[key]] ?? 0) + d.n;
      return out;
    };
    return {
      lectures: counts.lectures,
      attendance: counts.attendance,
      branchesReached: counts.reached,
      branches: branches.n,
      byCategory: tally('category'),
      byLevel: tally('level'),
      byFormat: tally('format'),
      byTopic: tally('topic'),
    };
  }

  const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

  /** Every node of a coverage answer against the independent count of its subtree. */
  async function expectMatchesIndependentCount(view: CoverageView): Promise<void> {
    for (const r of view.regions) {
      const expected = await independent(r.regionId, view.period.from, view.period.to);
      expect({
        region: r.name,
        lectures: r.lectures,
        attendance: r.attendance,
        branchesReached: r.branchesReached,
        branches: r.branches,
      }).toEqual({
        region: r.name,
        lectures: expected.lectures,
        attendance: expected.attendance,
        branchesReached: expected.branchesReached,
        branches: expected.branches,
      });
      for (const dim of ['byCategory', 'byLevel', 'byFormat', 'byTopic'] as const) expect(nonZero(r[dim])).toEqual(expected[dim]);
    }
  }

  function expectProblem(res: Response, status: number, code: string): void {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  }

  const node = (view: CoverageView, regionId: string) => view.regions.find((r) => r.regionId === regionId) as RegionCoverage;

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    villageA2 = (
      await w.post('/regions', {
        name: '嘎查A2',
        level: 'village',
        parentId: w.banners.A.townshipId,
        latitude: 49.5,
        longitude: 119.9,
        border: true,
        weak: true,
      })
    ).id;
    br = {
      A: w.branches.A,
      B: w.branches.B,
      A2: await w.branch(villageA2),
      A3: await w.branch(villageA2),
      TA: await w.branch(w.banners.A.townshipId),
      B2: await w.branch(w.banners.B.villageId),
    };
    l1 = await w.lecturer({ category: 'expert_scholar', level: 'banner', maxLecturesPerMonth: 100 });
    l2 = await w.lecturer({
      category: 'five_elders',
      level: 'township',
      maxLecturesPerMonth: 100,
      topics: ['theory', 'policy', 'grassland_fire_prevention'],
    });
    bannerAdminA = (await w.account({ role: 'admin', regionId: w.banners.A.id })).token;

    // 2026: five lectures at four branches; A3 and B2 are not reached (B2 only in 2025).
    await given(br.A, l1, '2026-01-01T00:30:00+08:00', 30, { format: 'online' }); // 2025-12-31 16:30 UTC: still 2026 in Shanghai
    await given(br.A2, l2, '2026-03-15T10:00:00+08:00', 25, { format: 'on_site', topic: 'theory' });
    await given(br.B2, l2, '2025-12-31T23:30:00+08:00', 40, { format: 'field' }); // 2025-12-31 15:30 UTC: 2025
    await given(br.B, l2, '2026-06-01T09:00:00+08:00', 50, { format: 'mobile', topic: 'grassland_fire_prevention' });
    await given(br.TA, l1, '2026-12-31T23:59:00+08:00', 10, { format: 'online' });
    await given(br.A, l1, '2026-02-10T19:30:00+08:00', 20, { format: 'online' });
    // Completed and then corrected (retracted) in the tests below.
    retracted = await given(br.B, l1, '2026-04-01T10:00:00+08:00', 99, { format: 'on_site' });
    // Accepted, then cancelled: never given.
    day += 2;
    const cancelled = await w.post('/orders', World.customOrder(day), br.A3.token);
    await w.post(`/orders/${cancelled.id}/accept`, { startsAt: World.at(day, '10:00') }, l2.token);
    await w.post(`/orders/${cancelled.id}/cancel`, { reason: '天气原因' }, br.A3.token);
  });
  afterAll(async () => t?.close());

  describe('GET /coverage', () => {
    it('counts the year per region node, rolled up the tree, as the orders count them', async () => {
      const res = await get('/coverage?from=2026-01-01&to=2026-12-31');
      expect(res.status).toBe(200);
      const view = res.body as CoverageView;
      expect(view.period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
      expect(view.regionId).toBe(w.cityId);
      await expectMatchesIndependentCount(view);
      // By hand: the retracted lecture still counts until it is corrected.
      expect(view.totals).toMatchObject({
        branches: 6,
        branchesReached: 4,
        lectures: 6,
        attendance: 30 + 25 + 50 + 10 + 20 + 99,
        reachRate: 0.6667,
      });
      expect(node(view, w.banners.A.id)).toMatchObject({
        branches: 4,
        branchesReached: 3,
        lectures: 4,
        attendance: 85,
        depth: 1,
        parentId: w.cityId,
      });
      expect(node(view, w.banners.A.townshipId)).toMatchObject({ branches: 4, branchesReached: 3, lectures: 4 });
      expect(node(view, villageA2)).toMatchObject({
        branches: 2,
        branchesReached: 1,
        lectures: 1,
        border: true,
        weak: true,
        remote: false,
      });
      expect(node(view, w.banners.B.id)).toMatchObject({ branches: 2, branchesReached: 1, lectures: 2, attendance: 149 });
      expect(view.totals.byCategory).toMatchObject({ expert_scholar: 4, five_elders: 2, branch_secretary: 0 });
      expect(view.totals.byLevel).toEqual({ city: 0, banner: 4, township: 2 });
      expect(view.totals.byFormat).toEqual({ on_site: 2, online: 3, field: 0, mobile: 1 });
      expect(view.totals.byTopic).toMatchObject({ policy: 4, theory: 1, grassland_fire_prevention: 1, border_security: 0 });
      // parents before children, every node once
      expect(view.regions[0].regionId).toBe(w.cityId);
      const seen = new Set<string>();
      for (const r of view.regions) {
        if (r.parentId !== null) expect(seen.has(r.parentId)).toBe(true);
        seen.add(r.regionId);
      }
      expect(seen.size).toBe(view.regions.length);
    });

    it('lists the branches not reached (the last mile), and compares remote, border and weak regions with the rest', async () => {
      const view = (await get('/coverage?from=2026-01-01&to=2026-12-31')).body as CoverageView;
      expect(view.unreachedBranches.map((b) => b.id).sort()).toEqual([br.A3.id, br.B2.id].sort());
      expect(view.unreachedBranches.find((b) => b.id === br.A3.id)).toMatchObject({
        regionId: villageA2,
        regionName: '嘎查A2',
        border: true,
        weak: true,
        remote: false,
        kind: 'village',
      });
      // remote: villages VA (branch A) and VB (branches B, B2); border and weak: VA2 (A2, A3); other: township TA.
      expect(view.priorityGroups.remote).toEqual({
        branches: 3,
        branchesReached: 2,
        reachRate: 0.6667,
        lectures: 4,
        attendance: 199,
        lecturesPerBranch: 1.33,
      });
      expect(view.priorityGroups.border).toMatchObject({ branches: 2, branchesReached: 1, lectures: 1, attendance: 25 });
      expect(view.priorityGroups.weak).toEqual(view.priorityGroups.border);
      expect(view.priorityGroups.other).toMatchObject({ branches: 1, branchesReached: 1, lectures: 1, attendance: 10 });
    });

    it('counts the branches under a banner marked weak as weak, in the comparison and the last mile', async () => {
      const mark = (weak: boolean) => t.http().patch(`${API}/regions/${w.banners.B.id}`).set(w.auth()).send({ weak }).expect(200);
      await mark(true);
      try {
        const view = (await get('/coverage?from=2026-01-01&to=2026-12-31')).body as CoverageView;
        // VA2's A2 and A3 as before, and now VB's B and B2.
        expect(view.priorityGroups.weak).toMatchObject({ branches: 4, branchesReached: 2 });
        expect(view.unreachedBranches.find((b) => b.id === br.B2.id)).toMatchObject({ weak: true });
      } finally {
        await mark(false);
      }
    });

    it('counts a lecture on its Asia/Shanghai date: 00:30 on January 1 is the new year, 23:30 on December 31 the old', async () => {
      const newYearsDay = (await get('/coverage?from=2026-01-01&to=2026-01-01')).body as CoverageView;
      expect(newYearsDay.totals).toMatchObject({ lectures: 1, attendance: 30, branchesReached: 1 });
      expect(node(newYearsDay, w.banners.A.id).lectures).toBe(1);
      const newYearsEve = (await get('/coverage?from=2025-12-31&to=2025-12-31')).body as CoverageView;
      expect(newYearsEve.totals).toMatchObject({ lectures: 1, attendance: 40, branchesReached: 1 });
      expect(node(newYearsEve, w.banners.B.id).lectures).toBe(1);
      const year2025 = (await get('/coverage?from=2025-01-01&to=2025-12-31')).body as CoverageView;
      expect(year2025.unreachedBranches.map((b) => b.id)).not.toContain(br.B2.id);
      expect(year2025.totals).toMatchObject({ lectures: 1, branchesReached: 1 });
      await expectMatchesIndependentCount(year2025);
    });

    it('agrees with the orders over periods that cut months and years (read partly from the daily facts)', async () => {
      for (const [from, to] of [
        ['2025-12-15', '2026-02-15'],
        ['2025-12-31', '2026-01-01'],
        ['2026-01-02', '2026-12-31'],
        ['2026-02-10', '2026-03-15'],
        ['2024-06-01', '2027-05-31'],
      ]) {
        const res = await get(`/coverage?from=${from}&to=${to}`);
        expect(res.status).toBe(200);
        await expectMatchesIndependentCount(res.body);
      }
    });

    it('defaults to this calendar year (Asia/Shanghai) and to the admin scope', async () => {
      const year = new Date(testClock.now() + 8 * 3600_000).toISOString().slice(0, 4);
      const view = (await get('/coverage')).body as CoverageView;
      expect(view.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31` });
      expect(view.regionId).toBe(w.cityId);
      const scoped = (await get('/coverage?from=2026-01-01&to=2026-12-31', bannerAdminA)).body as CoverageView;
      expect(scoped.regionId).toBe(w.banners.A.id);
    });

    it("keeps a city-wide admin's default on the city set up first when another city is added (its name sorting first)", async () => {
      await w.post('/regions', { name: 'Another city', level: 'city', latitude: 40.8, longitude: 111.7 });
      expect(((await get('/coverage?from=2026-01-01&to=2026-12-31')).body as CoverageView).regionId).toBe(w.cityId);
    });

    it('shows a banner admin its banner only, and nothing of another banner (404, as if it did not exist)', async () => {
      const view = (await get('/coverage?from=2026-01-01&to=2026-12-31', bannerAdminA)).body as CoverageView;
      const inA: Array<{ id: string }> = await t.db.query(`SELECT id FROM regions WHERE $1 = ANY(path)`, [w.banners.A.id]);
      expect(view.regions.map((r) => r.regionId).sort()).toEqual(inA.map((r) => r.id).sort());
      expect(view.unreachedBranches.map((b) => b.id)).toEqual([br.A3.id]);
      expect(view.totals).toMatchObject({ branches: 4, lectures: 4 });
      await expectMatchesIndependentCount(view);
      const township = (await get(`/coverage?from=2026-01-01&to=2026-12-31&regionId=${w.banners.A.townshipId}`, bannerAdminA))
        .body as CoverageView;
      expect(township.regions[0]).toMatchObject({ regionId: w.banners.A.townshipId, depth: 0, lectures: 4 });
      await expectMatchesIndependentCount(township);
      for (const path of [
        `/coverage?regionId=${w.banners.B.id}`,
        `/coverage/lecturers?regionId=${w.banners.B.id}`,
        `/coverage/export?regionId=${w.banners.B.id}&format=csv`,
        `/coverage?regionId=${w.cityId}`,
      ]) {
        expectProblem(await get(path, bannerAdminA), 404, 'REGION_NOT_FOUND');
      }
    });

    it('is for admins only', async () => {
      expectProblem(await get('/coverage', br.A.token), 403, 'FORBIDDEN');
      expectProblem(await get('/coverage/lecturers', l1.token), 403, 'FORBIDDEN');
      expectProblem(await t.http().get(`${API}/coverage`), 401, 'UNAUTHENTICATED');
    });

    it('refuses bad query parameters with a problem+json 400 (404 for a region that does not exist)', async () => {
      for (const query of [
        'from=2026-02-01&to=2026-01-31',
        'from=2026-13-01',
        'from=2026-02-30',
        'to=yesterday',
        'from=20260101',
        'regionId=abc',
        'colour=red',
      ]) {
        const res = await get(`/coverage?${query}`);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors.length).toBeGreaterThan(0);
      }
      for (const query of ['format=pdf', 'from=2026-12-01&to=2026-01-01&format=csv'])
        expectProblem(await get(`/coverage/export?${query}`), 400, 'VALIDATION_FAILED');
      expectProblem(await get('/coverage/lecturers?from=2026-02-01&to=2026-01-31'), 400, 'VALIDATION_FAILED');
      expectProblem(await get('/coverage?regionId=00000000-0000-4000-8000-00000000dead'), 404, 'REGION_NOT_FOUND');
    });
  });

  describe('GET /coverage/lecturers', () => {
    it('gives lectures and attendance per lecturer, as the orders count them, and how evenly they are spread', async () => {
      const res = await get('/coverage/lecturers?from=2026-01-01&to=2026-12-31');
      expect(res.status).toBe(200);
      const expected: Array<{ id: string; lectures: number; attendance: number }> = await t.db.query(
        `SELECT bk.lecturer_id AS id, count(*)::int AS lectures, sum(o.attendance)::int AS attendance FROM orders o JOIN bookings bk ON bk.order_id = o.id
         WHERE o.status = 'completed' AND (o.started_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '2026-01-01' AND '2026-12-31' GROUP BY 1`,
      );
      const byId = new Map(res.body.lecturers.map((l: { id: string }) => [l.id, l]));
      for (const e of expected) expect(byId.get(e.id)).toMatchObject({ lectures: e.lectures, attendance: e.attendance });
      expect(byId.get(l1.id)).toMatchObject({ category: 'expert_scholar', level: 'banner', lectures: 4, share: 0.6667 });
      expect(byId.get(l2.id)).toMatchObject({ category: 'five_elders', level: 'township', lectures: 2 });
      // Every lecturer at home in the city counts, idle ones too (World's lecturers live in township A).
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM lecturers');
      const counts: number[] = res.body.lecturers.map((l: { lectures: number }) => l.lectures);
      expect(counts).toHaveLength(n);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      let pairs = 0;
      for (const a of counts) for (const b of counts) pairs += Math.abs(a - b);
      const mean = 6 / n;
      expect(res.body.spread).toMatchObject({ lecturers: n, idle: n - 2, lectures: 6, max: 4 });
      expect(res.body.spread.gini).toBeCloseTo(pairs / (2 * n * n * mean), 3);
      expect(res.body.spread.maxToMean).toBeCloseTo(4 / mean, 1);
    });

    it("counts only the lectures given in a banner admin's banner", async () => {
      const res = await get('/coverage/lecturers?from=2026-01-01&to=2026-12-31', bannerAdminA);
      expect(res.status).toBe(200);
      const byId = new Map(res.body.lecturers.map((l: { id: string }) => [l.id, l]));
      expect(byId.get(l1.id)).toMatchObject({ lectures: 3, attendance: 60 });
      expect(byId.get(l2.id)).toMatchObject({ lectures: 1, attendance: 25 });
      expect(res.body.spread.lectures).toBe(4);
    });
  });

  describe('exports', () => {
    /** RFC 4180: quoted fields with doubled quotes, CRLF rows. */
    function parseCsv(text: string): string[][] {
      const rows: string[][] = [];
      let row: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
          if (c === '"' && text[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          row.push(cell);
          cell = '';
        } else if (c === '\r' && text[i + 1] === '\n') {
          row.push(cell);
          rows.push(row);
          row = [];
          cell = '';
          i++;
        } else cell += c;
      }
      return rows;
    }

    /** The figure a numeric column shows for a region row of the JSON (null where the JSON has none). */
    const jsonValue = (r: RegionCoverage, key: string): number | null => {
      const [head, sub] = key.split('.');
      return sub === undefined
        ? (r as unknown as Record<string, number | null>)[head]
        : (r as unknown as Record<string, Record<string, number>>)[head][sub];
    };
    const NUMERIC = ['branches', 'branchesReached', 'reachRate', 'lectures', 'attendance'];

    it('writes CSV in UTF-8 with a BOM, as an attachment, with the figures of the JSON', async () => {
      const query = 'from=2026-01-01&to=2026-12-31';
      const view = (await get(`/coverage?${query}`)).body as CoverageView;
      const res = await get(`/coverage/export?${query}&format=csv`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="coverage_2026-01-01_2026-12-31_[0-9a-f]{8}\.csv"$/);
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(body.subarray(3).toString('utf8'));
      expect(rows[0]).toEqual(['统计期间', '2026-01-01', '2026-12-31']);
      const columns = regionColumns(view);
      const header = rows.findIndex((r) => r[0] === '区域ID');
      expect(rows[header]).toEqual(columns.map((c) => c.header));
      const table = rows.slice(header + 1, header + 1 + view.regions.length);
      expect(table.map((r) => r[0])).toEqual(view.regions.map((r) => r.regionId));
      table.forEach((row, i) => {
        expect(row[1]).toBe(view.regions[i].name);
        columns.forEach((c, j) => {
          if (NUMERIC.includes(c.key) || c.key.includes('.')) expect(row[j]).toBe(String(jsonValue(view.regions[i], c.key) ?? ''));
        });
      });
      const unreachedHeader = rows.findIndex((r) => r[0] === '党组织ID');
      expect(
        rows
          .slice(unreachedHeader + 1)
          .filter((r) => r.length > 1)
          .map((r) => r[0]),
      ).toEqual(view.unreachedBranches.map((b) => b.id));
    });

    it('writes an Excel workbook (read back with exceljs) with the figures of the JSON', async () => {
      const query = `from=2026-01-01&to=2026-12-31&regionId=${w.banners.A.id}`;
      const view = (await get(`/coverage?${query}`)).body as CoverageView;
      const res = await get(`/coverage/export?${query}&format=xlsx`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="coverage_2026-01-01_2026-12-31_[0-9a-f]{8}\.xlsx"$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body); // the Buffer the parser above collected
      const sheet = workbook.getWorksheet('区域覆盖') as ExcelJS.Worksheet;
      const columns = regionColumns(view);
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.header));
      expect(sheet.rowCount).toBe(view.regions.length + 1);
      view.regions.forEach((r, i) => {
        const row = sheet.getRow(i + 2);
        columns.forEach((c, j) => {
          if (NUMERIC.includes(c.key) || c.key.includes('.')) expect(row.getCell(j + 1).value ?? null).toEqual(jsonValue(r, c.key));
        });
        expect(row.getCell(1).value).toBe(r.regionId);
      });
      const unreached = workbook.getWorksheet('未覆盖党组织') as ExcelJS.Worksheet;
      expect(unreached.getColumn(1).values.slice(2)).toEqual(view.unreachedBranches.map((b) => b.id));
      const groups = workbook.getWorksheet('重点区域对比') as ExcelJS.Worksheet;
      expect(groups.getRow(2).getCell(5).value).toBe(view.priorityGroups.remote.lectures);
    });
  });

  describe('campaigns (百场党课下基层)', () => {
    let campaignA: string;

    it("shows a campaign's progress in its banner, counted like coverage", async () => {
      const res = await t
        .http()
        .post(`${API}/campaigns`)
        .set(w.auth())
        .send({ name: '百场党课下基层', regionId: w.banners.A.id, from: '2026-01-01', to: '2026-12-31', targetLectures: 100 });
      expect(res.status).toBe(201);
      campaignA = res.body.id;
      const today = new Date(testClock.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const passed = Math.min(365, Math.max(0, Math.round((Date.parse(today) - Date.parse('2026-01-01')) / 86_400_000)));
      const left =
        today < '2026-01-01' ? 365 : today > '2026-12-31' ? 0 : Math.round((Date.parse('2026-12-31') - Date.parse(today)) / 86_400_000) + 1;
      const expected = await independent(w.banners.A.id, '2026-01-01', '2026-12-31');
      expect(res.body).toMatchObject({
        name: '百场党课下基层',
        regionId: w.banners.A.id,
        regionName: '旗A',
        from: '2026-01-01',
        to: '2026-12-31',
        targetLectures: 100,
      });
      expect(res.body.progress).toMatchObject({
        completedLectures: expected.lectures,
        targetLectures: 100,
        attendance: expected.attendance,
        branchesReached: expected.branchesReached,
        percent: expected.lectures,
        expectedByNow: Math.round(((100 * passed) / 365) * 10) / 10,
        onPace: expected.lectures >= (100 * passed) / 365,
        daysLeft: left,
      });
      expect(res.body.progress.completedLectures).toBe(4);
      expect(res.body).toMatchObject({ completedLectures: 4, attendance: expected.attendance, branchesReached: expected.branchesReached });
      const again = await get(`/campaigns/${campaignA}`);
      expect(again.body).toEqual(res.body);
    });

    it("lists campaigns by scope: a banner admin sees those of its banner, not another banner's", async () => {
      const b = await w.post('/campaigns', {
        name: '边境党课',
        regionId: w.banners.B.id,
        from: '2025-12-01',
        to: '2026-01-31',
        targetLectures: 2,
      });
      expect(b.progress).toMatchObject({ completedLectures: 1, attendance: 40, branchesReached: 1, percent: 50, achieved: false });
      const all = await get('/campaigns');
      expect(all.body.total).toBe(2);
      expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([b.id, campaignA]);
      const mine = await get('/campaigns', bannerAdminA);
      expect(mine.body).toMatchObject({ total: 1, items: [{ id: campaignA }] });
      expectProblem(await get(`/campaigns/${b.id}`, bannerAdminA), 404, 'CAMPAIGN_NOT_FOUND');
      const outside = await t
        .http()
        .post(`${API}/campaigns`)
        .set(w.auth(bannerAdminA))
        .send({ name: 'x', regionId: w.banners.B.id, from: '2026-01-01', to: '2026-12-31', targetLectures: 5 });
      expectProblem(outside, 404, 'REGION_NOT_FOUND');
      expectProblem(await get('/campaigns', br.A.token), 403, 'FORBIDDEN');
    });

    it('takes a date-time for a day as the local (Asia/Shanghai) day it falls on', async () => {
      const res = await t.http().post(`${API}/campaigns`).set(w.auth()).send({
        name: '冬季党课',
        regionId: w.banners.A.id,
        from: '2025-12-31T20:00:00Z',
        to: '2026-03-31T23:59:00+08:00',
        targetLectures: 10,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    });

    it('takes two date-times of one local day as that day, whatever their times, 23:59:59.999 included', async () => {
      const campaign = (from: string, to: string) =>
        t.http().post(`${API}/campaigns`).set(w.auth()).send({ name: '一日党课', regionId: w.banners.A.id, from, to, targetLectures: 1 });
      const laterFirst = await campaign('2026-04-01T23:30:00+08:00', '2026-04-01T00:30:00+08:00');
      const lastInstant = await campaign('2026-04-01T00:00:00+08:00', '2026-04-01T23:59:59.999+08:00');
      expect([laterFirst.status, laterFirst.body.from, laterFirst.body.to]).toEqual([201, '2026-04-01', '2026-04-01']);
      expect([lastInstant.status, lastInstant.body.from, lastInstant.body.to]).toEqual([201, '2026-04-01', '2026-04-01']);
    });

    it('refuses a bad campaign with a 400', async () => {
      const valid = { name: '百场党课', regionId: w.banners.A.id, from: '2026-01-01', to: '2026-12-31', targetLectures: 100 };
      for (const [override, code] of [
        [{ targetLectures: 0 }, 'VALIDATION_FAILED'],
        [{ from: '2026-02-30' }, 'VALIDATION_FAILED'],
        [{ to: '2025-12-31' }, 'VALIDATION_FAILED'],
        [{ from: '2026-01-01 00:00' }, 'VALIDATION_FAILED'],
        [{ regionId: 'abc' }, 'VALIDATION_FAILED'],
        [{ extra: 1 }, 'VALIDATION_FAILED'],
        [{ from: '2000-01-01', to: '2026-12-31' }, 'CAMPAIGN_PERIOD_INVALID'],
        [{ from: '2026-01-01', to: '2036-01-01' }, 'CAMPAIGN_PERIOD_INVALID'],
      ] as const) {
        expectProblem(
          await t
            .http()
            .post(`${API}/campaigns`)
            .set(w.auth())
            .send({ ...valid, ...override }),
          400,
          code,
        );
      }
      expectProblem(await get('/campaigns/not-a-uuid'), 400, 'VALIDATION_FAILED');
      expectProblem(await get('/campaigns/00000000-0000-4000-8000-00000000dead'), 404, 'CAMPAIGN_NOT_FOUND');
    });
  });

  describe('completion and correction move the figures at once', () => {
    it('counts a lecture as soon as it is completed', async () => {
      const before = (await get('/coverage?from=2026-01-01&to=2026-12-31')).body as CoverageView;
      await given(br.A3, l2, '2026-05-05T15:00:00+08:00', 12, { format: 'field', topic: 'theory' });
      const after = (await get('/coverage?from=2026-01-01&to=2026-12-31')).body as CoverageView;
      expect(after.totals.lectures).toBe(before.totals.lectures + 1);
      expect(after.totals.branchesReached).toBe(before.totals.branchesReached + 1);
      expect(after.unreachedBranches.map((b) => b.id)).not.toContain(br.A3.id);
      expect(node(after, villageA2)).toMatchObject({ lectures: 2, branchesReached: 2 });
    });

    describe('a lecture retracted by an admin', () => {
      // A campaign over the lecture, the figures before, then the correction; the tests look at what moved.
      let campaign: { id: string; progress: object };
      let before: CoverageView;
      let corrected: { status: number; body: { status: string } };
      let after: CoverageView;
      beforeAll(async () => {
        campaign = await w.post('/campaigns', {
          name: '春季党课',
          regionId: w.banners.B.id,
          from: '2026-03-01',
          to: '2026-06-30',
          targetLectures: 10,
        });
        before = (await get('/coverage?from=2026-01-01&to=2026-12-31')).body as CoverageView;
        corrected = await t.http().post(`${API}/orders/${retracted}/retract`).set(w.auth()).send({ reason: '核查发现未实际授课' });
        after = (await get('/coverage?from=2026-01-01&to=2026-12-31')).body as CoverageView;
      });

      it('is cancelled', () => {
        expect(corrected.status).toBe(200);
        expect(corrected.body.status).toBe('cancelled');
      });

      it('leaves the coverage at once: the totals, its banner, its format and its day', async () => {
        expect(after.totals.lectures).toBe(before.totals.lectures - 1);
        expect(after.totals.attendance).toBe(before.totals.attendance - 99);
        expect(node(after, w.banners.B.id)).toMatchObject({ lectures: 1, attendance: 50, branchesReached: 1 });
        expect(after.totals.byFormat.on_site).toBe(before.totals.byFormat.on_site - 1);
        const april = (await get('/coverage?from=2026-04-01&to=2026-04-01')).body as CoverageView;
        expect(april.totals).toMatchObject({ lectures: 0, branchesReached: 0 });
      });

      it('keeps its branch reached while the branch has another lecture that year', () => {
        expect(after.unreachedBranches.map((b) => b.id)).not.toContain(br.B.id);
      });

      it('keeps the coverage equal to an independent count', async () => {
        await expectMatchesIndependentCount(after);
      });

      it('leaves the progress of a campaign that counted it', async () => {
        expect(campaign.progress).toMatchObject({ completedLectures: 2, attendance: 149, branchesReached: 1 });
        expect((await get(`/campaigns/${campaign.id}`)).body.progress).toMatchObject({
          completedLectures: 1,
          attendance: 50,
          branchesReached: 1,
        });
      });
    });

    it('counts every one of many lectures completed at the same time in one village and month', async () => {
      const before = (await get('/coverage?from=2026-07-01&to=2026-07-31')).body as CoverageView;
      const orders: Array<{ id: string; lecturer: LecturerFixture }> = [];
      for (let i = 0; i < 8; i++) {
        day += 2;
        const lecturer = i % 2 === 0 ? l1 : l2;
        const order = await w.post(
          '/orders',
          World.customOrder(day, { format: 'online', topic: 'theory' }),
          (i % 3 === 0 ? br.A2 : br.A3).token,
        );
        await w.post(`/orders/${order.id}/accept`, { startsAt: World.at(day, '10:00') }, lecturer.token);
        await bookedAt(order.id, `2026-07-${String(10 + i).padStart(2, '0')}T09:00:00+08:00`);
        orders.push({ id: order.id, lecturer });
      }
      const done = await Promise.all(
        orders.map((o, i) =>
          t
            .http()
            .post(`${API}/orders/${o.id}/complete`)
            .set(w.auth(o.lecturer.token))
            .send({ attendance: 10 + i, startedAt: `2026-07-${String(10 + i).padStart(2, '0')}T09:00:00+08:00`, summary: '已授课' }),
        ),
      );
      expect(done.map((r) => r.status)).toEqual(orders.map(() => 200));
      const after = (await get('/coverage?from=2026-07-01&to=2026-07-31')).body as CoverageView;
      expect(node(after, villageA2)).toMatchObject({
        lectures: node(before, villageA2).lectures + 8,
        branchesReached: 2,
        attendance: node(before, villageA2).attendance + 8 * 10 + 28,
      });
      await expectMatchesIndependentCount(after);
    });

    it("counts an order written as completed before its booking (an import) under its lecturer's category once the booking comes", async () => {
      const [{ id: admin }] = await t.db.query(`SELECT id FROM accounts WHERE username = 'root-admin'`);
      const [{ id }] = await t.db.query(
        `INSERT INTO orders (branch_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience, language, status,
           attendance, started_at, summary, completed_at, placed_by)
         VALUES ($1, 'theory', '导入的党课', 'online', '2026-08-08T08:00:00+08:00', '2026-08-08T08:00:00+08:00', 90, 20, 'zh', 'completed',
           17, '2026-08-08T08:00:00+08:00', '导入', '2026-08-08T10:00:00+08:00', $2) RETURNING id`,
        [br.TA.id, admin],
      );
      const august = () => get('/coverage?from=2026-08-01&to=2026-08-31').then((r) => r.body as CoverageView);
      expect((await august()).totals).toMatchObject({ lectures: 1, attendance: 17, byCategory: expect.objectContaining({ unknown: 1 }) });
      await t.db.query(
        `INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked)
        VALUES ($1, $2, '2019-06-01T08:00:00+08:00', '2019-06-01T09:30:00+08:00', tstzrange('2019-06-01T08:00:00+08:00', '2019-06-01T09:30:00+08:00'))`,
        [id, l2.id],
      );
      const withLecturer = await august();
      expect(withLecturer.totals.byCategory).not.toHaveProperty('unknown');
      expect(withLecturer.totals).toMatchObject({
        lectures: 1,
        byCategory: expect.objectContaining({ five_elders: 1 }),
        byLevel: expect.objectContaining({ township: 1 }),
      });
      await expectMatchesIndependentCount(withLecturer);
      // An order deleted (an import undone) takes its lecture out of the figures.
      await t.db.query('DELETE FROM bookings WHERE order_id = $1', [id]);
      await t.db.query('DELETE FROM orders WHERE id = $1', [id]);
      expect((await august()).totals).toMatchObject({ lectures: 0, branchesReached: 0 });
    });

    it('keeps its summary tables equal to a recount of the facts', async () => {
      const facts = await t.db.query(`SELECT o.id FROM orders o WHERE o.status = 'completed' EXCEPT SELECT order_id FROM lecture_facts`);
      expect(facts).toEqual([]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM lecture_facts`);
      const [{ m }] = await t.db.query(`SELECT count(*)::int AS m FROM orders WHERE status = 'completed'`);
      expect(n).toBe(m);
      const summary = `SELECT region_id, month, lectures, attendance, format_online, topic_policy FROM coverage_months WHERE lectures <> 0`;
      const recount = `SELECT region_id, date_trunc('month', day)::date, count(*)::int, sum(attendance), count(*) FILTER (WHERE format = 'online')::int,
        count(*) FILTER (WHERE topic = 'policy')::int FROM lecture_facts GROUP BY 1, 2`;
      expect(await t.db.query(`${summary} EXCEPT ${recount}`)).toEqual([]);
      expect(await t.db.query(`${recount} EXCEPT ${summary}`)).toEqual([]);
      const marked = `SELECT r.branch_id, r.year, d FROM branch_reach r, generate_series(0, 365) d WHERE substring(r.days from d + 1 for 1) = B'1'`;
      const lectured = `SELECT DISTINCT branch_id, extract(year FROM day)::smallint, day - make_date(extract(year FROM day)::int, 1, 1) FROM lecture_facts`;
      expect(await t.db.query(`${marked} EXCEPT ${lectured}`)).toEqual([]);
      expect(await t.db.query(`${lectured} EXCEPT ${marked}`)).toEqual([]);
    });
  });
});
