import { createHmac, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { testClock } from './support/clock.js';
import { API, type TestApp, startTestApp, testEnv } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/**
 * The authorization matrix: every route × every caller, aimed at the other party's resource (banner B's
 * region, branch, orders and lecturer). A caller without a token gets 401, a role the route does not admit
 * 403, and a caller whose role is admitted but who does not own the resource 404, never a 409 or a 200
 * that would tell it the resource exists. Positive checks make sure the same callers do reach their own.
 */

type Who = 'anonymous' | 'cityAdmin' | 'bannerAdmin' | 'branch' | 'lecturer';
const CALLERS: Who[] = ['anonymous', 'cityAdmin', 'bannerAdmin', 'branch', 'lecturer'];
type Method = 'get' | 'post' | 'patch' | 'put';

/** `ok`: allowed (2xx); a number: refused with that status; `404:CODE`: "not found" with that code. */
type Outcome = 'ok' | 401 | 403 | `404:${string}`;

interface Fixture {
  tokens: Record<Who, string | undefined>;
  lecA: LecturerFixture;
  lecB: LecturerFixture;
  courseId: string;
  orderA: string;
  /** Offered to lecturer B (banner B's orders are all in a language lecturer A does not speak). */
  orderB: string;
  /** Pending (not open for lecturer A to claim). */
  pendingB: string;
  /** Accepted by lecturer B, its start passed. */
  acceptedB: string;
  /** Completed by lecturer B, not rated. */
  completedB: string;
  /** Ids and names of banner B's things: none may appear in a refusal. */
  secretsOfB: string[];
  /** The ids among them: a 404 for one of them must read exactly like the 404 for an id that does not exist. */
  idsOfB: string[];
  /** A fresh pending order of branch B, for the city admin's allowed transitions. */
  freshPendingB(): Promise<string>;
}

interface Route {
  route: string;
  method: Method;
  path: (f: Fixture, who: Who) => string | Promise<string>;
  body?: (f: Fixture, who: Who) => object;
  outcome: Partial<Record<Who, Outcome>> & Record<Exclude<Who, 'anonymous'>, Outcome>;
}

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
/** What a refused caller tries to write: it must never show up. */
const TAMPERED = '被篡改';
const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
const onlyAdmins = (bannerAdmin: Outcome): Route['outcome'] => ({ cityAdmin: 'ok', bannerAdmin, branch: 403, lecturer: 403 });
const onlyLecturer = (lecturer: Outcome): Route['outcome'] => ({ cityAdmin: 403, bannerAdmin: 403, branch: 403, lecturer });
const onlyBranch = (branch: Outcome): Route['outcome'] => ({ cityAdmin: 403, bannerAdmin: 403, branch, lecturer: 403 });

const ROUTES: Route[] = [
  {
    route: 'GET /auth/me',
    method: 'get',
    path: () => '/auth/me',
    outcome: { cityAdmin: 'ok', bannerAdmin: 'ok', branch: 'ok', lecturer: 'ok' },
  },
  {
    route: 'POST /accounts (a login for branch B)',
    method: 'post',
    path: () => '/accounts',
    body: () => ({ username: unique('b'), password: 'password-123', role: 'branch', branchId: bIds.branch }),
    outcome: onlyAdmins('404:BRANCH_NOT_FOUND'),
  },
  {
    route: 'POST /accounts (a login for lecturer B)',
    method: 'post',
    path: () => '/accounts',
    body: (f) => ({ username: unique('l'), password: 'password-123', role: 'lecturer', lecturerId: f.lecB.id }),
    outcome: onlyAdmins('404:LECTURER_NOT_FOUND'),
  },
  {
    route: 'POST /accounts (an admin of banner B)',
    method: 'post',
    path: () => '/accounts',
    body: () => ({ username: unique('a'), password: 'password-123', role: 'admin', regionId: bIds.banner }),
    outcome: onlyAdmins('404:REGION_NOT_FOUND'),
  },
  {
    route: 'POST /regions (a township in banner B)',
    method: 'post',
    path: () => '/regions',
    body: () => ({ name: unique('苏木'), level: 'township', parentId: bIds.banner, latitude: 48.2, longitude: 123.5 }),
    outcome: onlyAdmins('404:REGION_NOT_FOUND'),
  },
  { route: 'GET /regions', method: 'get', path: () => '/regions', outcome: onlyAdmins('ok') },
  {
    route: 'GET /regions/:id (banner B)',
    method: 'get',
    path: () => `/regions/${bIds.banner}`,
    outcome: onlyAdmins('404:REGION_NOT_FOUND'),
  },
  {
    route: 'PATCH /regions/:id (banner B)',
    method: 'patch',
    path: () => `/regions/${bIds.banner}`,
    body: (_f, who) => ({ name: who === 'cityAdmin' ? '旗B' : TAMPERED }),
    outcome: onlyAdmins('404:REGION_NOT_FOUND'),
  },
  {
    route: 'POST /branches (in banner B)',
    method: 'post',
    path: () => '/branches',
    body: () => ({ name: unique('党支部'), regionId: bIds.village, kind: 'village', memberCount: 12 }),
    outcome: onlyAdmins('404:REGION_NOT_FOUND'),
  },
  {
    route: 'GET /branches',
    method: 'get',
    path: () => '/branches',
    outcome: { cityAdmin: 'ok', bannerAdmin: 'ok', branch: 'ok', lecturer: 403 },
  },
  {
    route: 'GET /branches/:id (branch B)',
    method: 'get',
    path: () => `/branches/${bIds.branch}`,
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:BRANCH_NOT_FOUND', branch: '404:BRANCH_NOT_FOUND', lecturer: 403 },
  },
  {
    route: 'PATCH /branches/:id (branch B)',
    method: 'patch',
    path: () => `/branches/${bIds.branch}`,
    body: (_f, who) => (who === 'cityAdmin' ? { memberCount: 31 } : { memberCount: 7, name: TAMPERED }),
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:BRANCH_NOT_FOUND', branch: 403, lecturer: 403 },
  },
  {
    route: 'POST /lecturers (home in banner B)',
    method: 'post',
    path: () => '/lecturers',
    body: () => ({
      name: unique('讲师'),
      category: 'model_figure',
      level: 'township',
      regionId: bIds.township,
      topics: ['theory'],
      languages: ['zh'],
      formats: ['online'],
      maxLecturesPerMonth: 4,
      travelRadiusKm: 50,
    }),
    outcome: onlyAdmins('404:REGION_NOT_FOUND'),
  },
  // The pool is city-wide: every admin reads all of it; a lecturer reads only itself.
  {
    route: 'GET /lecturers',
    method: 'get',
    path: () => '/lecturers',
    outcome: { cityAdmin: 'ok', bannerAdmin: 'ok', branch: 403, lecturer: 'ok' },
  },
  {
    route: 'GET /lecturers/:id (lecturer B)',
    method: 'get',
    path: (f) => `/lecturers/${f.lecB.id}`,
    outcome: { cityAdmin: 'ok', bannerAdmin: 'ok', branch: 403, lecturer: '404:LECTURER_NOT_FOUND' },
  },
  {
    route: 'PATCH /lecturers/:id (lecturer B)',
    method: 'patch',
    path: (f) => `/lecturers/${f.lecB.id}`,
    body: (_f, who) => (who === 'cityAdmin' ? { travelRadiusKm: 2000 } : { travelRadiusKm: 7, name: TAMPERED }),
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:LECTURER_NOT_FOUND', branch: 403, lecturer: '404:LECTURER_NOT_FOUND' },
  },
  {
    // Not yours comes before "field forbidden": a 403 here would confirm that lecturer B exists.
    route: 'PATCH /lecturers/:id (lecturer B, admin-only field)',
    method: 'patch',
    path: (f) => `/lecturers/${f.lecB.id}`,
    body: (_f, who) => ({ category: who === 'cityAdmin' ? 'expert_scholar' : 'five_elders' }),
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:LECTURER_NOT_FOUND', branch: 403, lecturer: '404:LECTURER_NOT_FOUND' },
  },
  {
    route: 'GET /lecturers/:id/availability (lecturer B)',
    method: 'get',
    path: (f) => `/lecturers/${f.lecB.id}/availability`,
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:LECTURER_NOT_FOUND', branch: 403, lecturer: '404:LECTURER_NOT_FOUND' },
  },
  {
    route: 'PUT /lecturers/:id/availability (lecturer B)',
    method: 'put',
    path: (f) => `/lecturers/${f.lecB.id}/availability`,
    body: (_f, who) => (who === 'cityAdmin' ? { weekly: ALL_WEEK, exceptions: [] } : { weekly: [], exceptions: [] }),
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:LECTURER_NOT_FOUND', branch: 403, lecturer: '404:LECTURER_NOT_FOUND' },
  },
  {
    route: 'GET /lecturers/:id/schedule (lecturer B)',
    method: 'get',
    path: (f) => `/lecturers/${f.lecB.id}/schedule`,
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:LECTURER_NOT_FOUND', branch: 403, lecturer: '404:LECTURER_NOT_FOUND' },
  },
  {
    route: 'POST /courses (with lecturer B)',
    method: 'post',
    path: () => '/courses',
    body: (f) => ({ title: unique('课程'), topic: 'theory', durationMinutes: 60, formats: ['online'], lecturerIds: [f.lecB.id] }),
    // The menu is city-wide: a banner admin may not add to it.
    outcome: onlyAdmins(403),
  },
  {
    route: 'PATCH /courses/:id',
    method: 'patch',
    path: (f) => `/courses/${f.courseId}`,
    body: (_f, who) => (who === 'cityAdmin' ? { description: '全市课程' } : { description: TAMPERED }),
    // The menu is city-wide: a banner admin may not change it.
    outcome: onlyAdmins(403),
  },
  {
    route: 'GET /courses',
    method: 'get',
    path: () => '/courses',
    outcome: { cityAdmin: 'ok', bannerAdmin: 'ok', branch: 'ok', lecturer: 'ok' },
  },
  {
    route: 'GET /courses/:id',
    method: 'get',
    path: (f) => `/courses/${f.courseId}`,
    outcome: { cityAdmin: 'ok', bannerAdmin: 'ok', branch: 'ok', lecturer: 'ok' },
  },
  { route: 'POST /orders', method: 'post', path: () => '/orders', body: () => World.customOrder(40), outcome: onlyBranch('ok') },
  {
    route: 'GET /orders',
    method: 'get',
    path: () => '/orders',
    outcome: { cityAdmin: 'ok', bannerAdmin: 'ok', branch: 'ok', lecturer: 'ok' },
  },
  {
    route: 'GET /orders/:id (offered to lecturer B)',
    method: 'get',
    path: (f) => `/orders/${f.orderB}`,
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:ORDER_NOT_FOUND', branch: '404:ORDER_NOT_FOUND', lecturer: '404:ORDER_NOT_FOUND' },
  },
  {
    route: 'GET /orders/:id (pending in banner B)',
    method: 'get',
    path: (f) => `/orders/${f.pendingB}`,
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:ORDER_NOT_FOUND', branch: '404:ORDER_NOT_FOUND', lecturer: '404:ORDER_NOT_FOUND' },
  },
  {
    route: 'POST /orders/:id/offer (pending in banner B)',
    method: 'post',
    path: async (f, who) => `/orders/${who === 'cityAdmin' ? await f.freshPendingB() : f.pendingB}/offer`,
    body: (f) => ({ lecturerId: f.lecB.id, startsAt: World.at(31, '09:00') }),
    outcome: onlyAdmins('404:ORDER_NOT_FOUND'),
  },
  {
    route: 'POST /orders/:id/accept (offered to lecturer B)',
    method: 'post',
    path: (f) => `/orders/${f.orderB}/accept`,
    body: () => ({}),
    outcome: onlyLecturer('404:ORDER_NOT_FOUND'),
  },
  {
    // A second lecturer must not learn "already accepted" (409) about an order that is not theirs.
    route: 'POST /orders/:id/accept (accepted by lecturer B)',
    method: 'post',
    path: (f) => `/orders/${f.acceptedB}/accept`,
    body: () => ({ startsAt: new Date(testClock.now() - 4 * 3600_000).toISOString() }),
    outcome: onlyLecturer('404:ORDER_NOT_FOUND'),
  },
  {
    route: 'POST /orders/:id/decline (offered to lecturer B)',
    method: 'post',
    path: (f) => `/orders/${f.orderB}/decline`,
    body: () => ({}),
    outcome: onlyLecturer('404:ORDER_NOT_FOUND'),
  },
  {
    route: 'POST /orders/:id/cancel (pending in banner B)',
    method: 'post',
    path: async (f, who) => `/orders/${who === 'cityAdmin' ? await f.freshPendingB() : f.pendingB}/cancel`,
    body: () => ({ reason: '测试' }),
    outcome: { cityAdmin: 'ok', bannerAdmin: '404:ORDER_NOT_FOUND', branch: '404:ORDER_NOT_FOUND', lecturer: 403 },
  },
  {
    route: 'POST /orders/:id/reject (pending in banner B)',
    method: 'post',
    path: async (f, who) => `/orders/${who === 'cityAdmin' ? await f.freshPendingB() : f.pendingB}/reject`,
    body: () => ({ reason: '测试' }),
    outcome: onlyAdmins('404:ORDER_NOT_FOUND'),
  },
  {
    route: 'POST /orders/:id/complete (booked with lecturer B)',
    method: 'post',
    path: (f) => `/orders/${f.acceptedB}/complete`,
    body: () => ({ attendance: 9, summary: '冒充' }),
    outcome: onlyLecturer('404:ORDER_NOT_FOUND'),
  },
  {
    route: 'POST /orders/:id/rating (completed for branch B)',
    method: 'post',
    path: (f) => `/orders/${f.completedB}/rating`,
    body: () => ({ score: 1, comment: '冒充' }),
    outcome: onlyBranch('404:ORDER_NOT_FOUND'),
  },
];

// Filled in beforeAll; the routes' builders read them lazily.
let fx: Fixture;
const bIds = { banner: '', township: '', village: '', branch: '' };

const MATRIX = ROUTES.flatMap((r) =>
  CALLERS.map((who) => ({
    ...r,
    who,
    expected: who === 'anonymous' ? (r.outcome.anonymous ?? 401) : r.outcome[who],
  })),
);

const PROBLEM_KEYS = ['code', 'detail', 'instance', 'status', 'title', 'type'];
const NO_SUCH_ID = '00000000-0000-4000-8000-00000000dead';

/** A refusal: problem+json with exactly the problem members, the expected code, and nothing of the other party. */
function expectRefusal(res: Response, status: number, code: string, secrets: string[]): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Object.keys(res.body).sort()).toEqual(PROBLEM_KEYS);
  expect(res.body.status).toBe(status);
  const { instance: _echoedUrl, ...rest } = res.body as Record<string, unknown>;
  const text = JSON.stringify(rest);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('authorization: callers reach only what their role and scope allow', () => {
  let t: TestApp;
  let w: World;

  const call = (method: Method, path: string, token?: string, body?: object) => {
    const req = t.http()[method](API + path);
    if (token) req.set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const ids = (res: Response) => (res.body.items as Array<{ id: string }>).map((x) => x.id);

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    Object.assign(bIds, {
      banner: w.banners.B.id,
      township: w.banners.B.townshipId,
      village: w.banners.B.villageId,
      branch: w.branches.B.id,
    });
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const lecA = await w.lecturer({ name: '讲师甲-旗A' });
    const lecB = await w.lecturer({ name: '巴特尔-旗B讲师', languages: ['zh', 'mn', 'ru'] }, w.banners.B.townshipId);
    const course = await w.course([lecA.id]);
    const B = w.branches.B.token;
    // Banner B's orders are in Russian, which lecturer A does not speak: A could never have claimed them, so for A they
    // are simply not there (a lecturer who could have claimed an order learns that it is taken: a 409, by design).
    const ru = { language: 'ru' };

    const orderA = await w.post('/orders', World.customOrder(10, { title: '旗A订单' }), w.branches.A.token);
    await w.post(`/orders/${orderA.id}/offer`, { lecturerId: lecA.id, startsAt: World.at(11, '09:00') });
    const orderB = await w.post('/orders', World.customOrder(10, { ...ru, title: '旗B秘密订单', notes: '旗B的备注' }), B);
    await w.post(`/orders/${orderB.id}/offer`, { lecturerId: lecB.id, startsAt: World.at(11, '09:00') });
    const pendingB = await w.post('/orders', World.customOrder(20, { ...ru, title: '旗B待派订单' }), B);
    // Two online lectures of lecturer B whose start has passed: one accepted, one completed.
    const past = async (title: string, hoursAgo: number) => {
      const o = await w.post(
        '/orders',
        {
          ...World.customOrder(0, { ...ru, title, format: 'online' }),
          earliestStart: new Date(testClock.now() - 86_400_000).toISOString(),
          latestStart: World.at(3, '09:00'),
        },
        B,
      );
      await w.post(`/orders/${o.id}/offer`, {
        lecturerId: lecB.id,
        startsAt: new Date(testClock.now() - hoursAgo * 3600_000).toISOString(),
      });
      await w.post(`/orders/${o.id}/accept`, {}, lecB.token);
      return o.id as string;
    };
    const acceptedB = await past('旗B已接订单', 6);
    const completedB = await past('旗B已完成订单', 3);
    await w.post(`/orders/${completedB}/complete`, { attendance: 20, summary: '顺利' }, lecB.token);

    const branchB = await call('get', `/branches/${w.branches.B.id}`, w.adminToken);
    fx = {
      tokens: {
        anonymous: undefined,
        cityAdmin: w.adminToken,
        bannerAdmin: bannerAdmin.token,
        branch: w.branches.A.token,
        lecturer: lecA.token,
      },
      lecA,
      lecB,
      courseId: course.id,
      orderA: orderA.id,
      orderB: orderB.id,
      pendingB: pendingB.id,
      acceptedB,
      completedB,
      secretsOfB: [
        w.banners.B.id,
        w.banners.B.townshipId,
        w.banners.B.villageId,
        '旗B',
        w.branches.B.id,
        branchB.body.name,
        lecB.id,
        '巴特尔',
        orderB.id,
        pendingB.id,
        acceptedB,
        completedB,
        '秘密订单',
        '备注',
        '待派订单',
        '已接订单',
        '已完成订单',
      ],
      idsOfB: [
        w.banners.B.id,
        w.banners.B.townshipId,
        w.banners.B.villageId,
        w.branches.B.id,
        lecB.id,
        orderB.id,
        pendingB.id,
        acceptedB,
        completedB,
      ],
      freshPendingB: async () => (await w.post('/orders', World.customOrder(30, { ...ru, title: unique('旗B新订单') }), B)).id,
    };
  });
  afterAll(async () => t?.close());

  describe('every route × every caller, against banner B, branch B or lecturer B: 401 without a token, 403 for a role not admitted, 404 when not yours', () => {
    it.each(MATRIX)('$route as $who → $expected', async ({ method, path, body, who, expected }) => {
      const url = await path(fx, who);
      const payload = body?.(fx, who);
      const res = await call(method, url, fx.tokens[who], payload);
      if (expected === 'ok') {
        // Creating answers 201; reading, changing and the order transitions (POST /orders/:id/...) 200.
        const created = method === 'post' && !url.startsWith('/orders/');
        expect({ status: res.status, code: res.body?.code }).toEqual({ status: created ? 201 : 200, code: undefined });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      } else if (expected === 401) {
        expectRefusal(res, 401, 'UNAUTHENTICATED', fx.secretsOfB);
      } else if (expected === 403) {
        expectRefusal(res, 403, 'FORBIDDEN', fx.secretsOfB);
      } else {
        expectRefusal(res, 404, expected.slice(4), fx.secretsOfB);
        // Indistinguishable from asking about something that does not exist at all.
        const ghost = (text: string) => fx.idsOfB.reduce((out, id) => out.replaceAll(id, NO_SUCH_ID), text);
        const never = await call(method, ghost(url), fx.tokens[who], payload && JSON.parse(ghost(JSON.stringify(payload))));
        const { instance: _a, ...answer } = res.body;
        const { instance: _b, ...answerForNothing } = never.body;
        expect({ status: never.status, ...answerForNothing }).toEqual({ status: 404, ...answer });
      }
    });
  });

  describe('a token the server did not issue, or no longer honours, is no token at all', () => {
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const sign = (claims: object, secret: string, alg = 'HS256') => {
      const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
      return `${unsigned}.${alg === 'none' ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    };
    const now = () => Math.floor(Date.now() / 1000);
    const cityAdminClaims = () => ({
      sub: NO_SUCH_ID,
      usr: 'root-admin',
      role: 'admin',
      bid: null,
      lid: null,
      rid: null,
      iat: now() - 60,
      exp: now() + 3600,
    });
    const ourSecret = () => testEnv('any').JWT_SECRET as string;
    it.each([
      ['garbage', () => 'Bearer not-a-token'],
      ['a city admin signed with another secret', () => `Bearer ${sign(cityAdminClaims(), 'another-secret-another-secret-12345')}`],
      ['a city admin signed with no algorithm', () => `Bearer ${sign(cityAdminClaims(), '', 'none')}`],
      [
        'an expired token signed with our secret',
        () => `Bearer ${sign({ ...cityAdminClaims(), iat: now() - 7200, exp: now() - 3600 }, ourSecret())}`,
      ],
      [
        "branch A's token with its role changed to admin",
        () => {
          const [header, payload, signature] = (fx.tokens.branch as string).split('.');
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
          return `Bearer ${header}.${b64({ ...claims, role: 'admin', bid: null })}.${signature}`;
        },
      ],
      [
        'a branch token signed with our secret that names no branch',
        () => `Bearer ${sign({ ...cityAdminClaims(), role: 'branch' }, ourSecret())}`,
      ],
      [
        'a city admin signed with our secret for an account that does not exist',
        () => `Bearer ${sign({ ...cityAdminClaims(), sid: randomUUID(), ver: 0 }, ourSecret())}`,
      ],
      [
        'a city admin signed with our secret whose account is no id (a 500 once: the id reached a query)',
        () => `Bearer ${sign({ ...cityAdminClaims(), sub: 'abc', sid: randomUUID(), ver: 0 }, ourSecret())}`,
      ],
      ['another scheme', () => 'Basic YWRtaW46YWRtaW4='],
    ])('%s → 401', async (_label, header) => {
      const res = await t.http().get(`${API}/orders`).set('Authorization', header());
      expectRefusal(res, 401, 'UNAUTHENTICATED', fx.secretsOfB);
      expect(res.headers).toMatchObject({ 'www-authenticate': 'Bearer', 'x-content-type-options': 'nosniff' });
    });

    it('while a token signed with our secret for a live account is honoured (so the refusals above are about the token)', async () => {
      const admin = (await t.http().get(`${API}/auth/me`).set(w.auth())).body as { id: string };
      const res = await t
        .http()
        .get(`${API}/regions`)
        .set('Authorization', `Bearer ${sign({ ...cityAdminClaims(), sub: admin.id, sid: randomUUID(), ver: 0 }, ourSecret())}`);
      expect(res.status).toBe(200);
      expect(ids(res)).toContain(w.banners.B.id);
    });
  });

  describe('callers do reach their own things (so the matrix cannot pass by refusing everyone)', () => {
    type Own = [
      string,
      (f: Fixture) => string | undefined,
      Method,
      (f: Fixture) => string,
      ((f: Fixture) => object) | undefined,
      (f: Fixture) => Record<string, unknown>,
    ];
    const bannerAdmin = (f: Fixture) => f.tokens.bannerAdmin;
    const branchA = (f: Fixture) => f.tokens.branch;
    const lecturerA = (f: Fixture) => f.tokens.lecturer;
    const own: Own[] = [
      [
        'the banner admin reads branch A',
        bannerAdmin,
        'get',
        () => `/branches/${w.branches.A.id}`,
        undefined,
        () => ({ id: w.branches.A.id }),
      ],
      [
        'the banner admin reads banner A',
        bannerAdmin,
        'get',
        () => `/regions/${w.banners.A.id}`,
        undefined,
        () => ({ id: w.banners.A.id, level: 'banner' }),
      ],
      [
        'the banner admin reads order A',
        bannerAdmin,
        'get',
        (f) => `/orders/${f.orderA}`,
        undefined,
        (f) => ({ id: f.orderA, status: 'offered' }),
      ],
      [
        'the banner admin reads lecturer B of the city-wide pool',
        bannerAdmin,
        'get',
        (f) => `/lecturers/${f.lecB.id}`,
        undefined,
        (f) => ({ id: f.lecB.id }),
      ],
      [
        'the banner admin changes lecturer A (home in banner A)',
        bannerAdmin,
        'patch',
        (f) => `/lecturers/${f.lecA.id}`,
        () => ({ travelRadiusKm: 1900 }),
        (f) => ({ id: f.lecA.id, travelRadiusKm: 1900 }),
      ],
      [
        "the banner admin reads lecturer A's availability",
        bannerAdmin,
        'get',
        (f) => `/lecturers/${f.lecA.id}/availability`,
        undefined,
        () => ({ exceptions: [] }),
      ],
      [
        "the banner admin reads lecturer A's schedule",
        bannerAdmin,
        'get',
        (f) => `/lecturers/${f.lecA.id}/schedule`,
        undefined,
        () => ({ items: [], total: 0 }),
      ],
      [
        'the banner admin adds a township to banner A',
        bannerAdmin,
        'post',
        () => '/regions',
        () => ({ name: '新苏木', level: 'township', parentId: w.banners.A.id, latitude: 49.3, longitude: 119.8 }),
        () => ({ parentId: w.banners.A.id }),
      ],
      [
        'the banner admin creates a login for branch A',
        bannerAdmin,
        'post',
        () => '/accounts',
        () => ({ username: unique('a'), password: 'password-123', role: 'branch', branchId: w.branches.A.id }),
        () => ({ role: 'branch', branchId: w.branches.A.id }),
      ],
      ['branch A reads itself', branchA, 'get', () => `/branches/${w.branches.A.id}`, undefined, () => ({ id: w.branches.A.id })],
      [
        'branch A reads its order',
        branchA,
        'get',
        (f) => `/orders/${f.orderA}`,
        undefined,
        (f) => ({ id: f.orderA, branchId: w.branches.A.id }),
      ],
      [
        'lecturer A reads the order offered to it',
        lecturerA,
        'get',
        (f) => `/orders/${f.orderA}`,
        undefined,
        (f) => ({ id: f.orderA, offer: expect.objectContaining({ lecturerId: f.lecA.id }) }),
      ],
      ['lecturer A reads its profile', lecturerA, 'get', (f) => `/lecturers/${f.lecA.id}`, undefined, (f) => ({ id: f.lecA.id })],
      [
        'lecturer A reads its profile by its id in capitals',
        lecturerA,
        'get',
        (f) => `/lecturers/${f.lecA.id.toUpperCase()}`,
        undefined,
        (f) => ({ id: f.lecA.id }),
      ],
      [
        'lecturer A changes its travel radius and languages',
        lecturerA,
        'patch',
        (f) => `/lecturers/${f.lecA.id}`,
        () => ({ travelRadiusKm: 480, languages: ['zh', 'mn'] }),
        () => ({ travelRadiusKm: 480 }),
      ],
      [
        'lecturer A sets its availability',
        lecturerA,
        'put',
        (f) => `/lecturers/${f.lecA.id}/availability`,
        () => ({ weekly: ALL_WEEK, exceptions: [] }),
        () => ({ weekly: ALL_WEEK }),
      ],
      [
        'lecturer A reads its availability',
        lecturerA,
        'get',
        (f) => `/lecturers/${f.lecA.id}/availability`,
        undefined,
        () => ({ weekly: ALL_WEEK }),
      ],
      ['lecturer A reads its schedule', lecturerA, 'get', (f) => `/lecturers/${f.lecA.id}/schedule`, undefined, () => ({ items: [] })],
      [
        'lecturer B reads the order it holds',
        (f) => f.lecB.token,
        'get',
        (f) => `/orders/${f.acceptedB}`,
        undefined,
        (f) => ({ id: f.acceptedB, booking: expect.objectContaining({ lecturerId: f.lecB.id }) }),
      ],
      [
        'lecturer B reads its schedule with that lecture',
        (f) => f.lecB.token,
        'get',
        (f) => `/lecturers/${f.lecB.id}/schedule?from=${World.at(-2, '00:00').slice(0, 10)}`,
        undefined,
        () => ({ total: 2 }),
      ],
    ];
    it.each(own)('%s', async (_label, token, method, path, body, shape) => {
      const res = await call(method, path(fx), token(fx), body?.(fx));
      expect(res.status).toBe(method === 'post' ? 201 : 200);
      expect(res.body).toMatchObject(shape(fx));
    });

    it.each(['category', 'level', 'maxLecturesPerMonth', 'code'] as const)(
      'lecturer A may not change its own %s → 403 LECTURER_FIELD_FORBIDDEN',
      async (field) => {
        const value = { category: 'party_government_leader', level: 'city', maxLecturesPerMonth: 99, code: 'SELF-1' }[field];
        const res = await call('patch', `/lecturers/${fx.lecA.id}`, fx.tokens.lecturer, { [field]: value });
        expectRefusal(res, 403, 'LECTURER_FIELD_FORBIDDEN', fx.secretsOfB);
        const after = await call('get', `/lecturers/${fx.lecA.id}`, fx.tokens.lecturer);
        expect(after.body[field]).not.toBe(value);
      },
    );
  });

  describe('lists hold only what the caller may see, and their totals count nothing else', () => {
    const lists: Array<[string, Who, (f: Fixture) => string, (f: Fixture) => string[], (f: Fixture) => string[]]> = [
      [
        'the city admin sees every order',
        'cityAdmin',
        () => '/orders',
        (f) => [f.orderA, f.orderB, f.pendingB, f.acceptedB, f.completedB],
        () => [],
      ],
      [
        "the banner admin sees banner A's orders only",
        'bannerAdmin',
        () => '/orders',
        (f) => [f.orderA],
        (f) => [f.orderB, f.pendingB, f.acceptedB, f.completedB],
      ],
      [
        "the banner admin gets nothing when it asks for branch B's orders",
        'bannerAdmin',
        () => `/orders?branchId=${w.branches.B.id}`,
        () => [],
        (f) => [f.orderB, f.pendingB],
      ],
      [
        "the banner admin sees banner A's branches only",
        'bannerAdmin',
        () => '/branches',
        () => [w.branches.A.id],
        () => [w.branches.B.id],
      ],
      [
        "the banner admin gets nothing when it asks for banner B's branches",
        'bannerAdmin',
        () => `/branches?regionId=${w.banners.B.id}`,
        () => [],
        () => [w.branches.B.id],
      ],
      [
        "the banner admin sees banner A's regions only",
        'bannerAdmin',
        () => '/regions',
        () => [w.banners.A.id, w.banners.A.villageId],
        () => [w.cityId, w.banners.B.id, w.banners.B.townshipId, w.banners.B.villageId],
      ],
      ['the banner admin sees the whole lecturer pool', 'bannerAdmin', () => '/lecturers', (f) => [f.lecA.id, f.lecB.id], () => []],
      [
        'branch A sees its own orders only',
        'branch',
        () => '/orders',
        (f) => [f.orderA],
        (f) => [f.orderB, f.pendingB, f.acceptedB, f.completedB],
      ],
      [
        "branch A gets nothing when it asks for branch B's orders",
        'branch',
        () => `/orders?branchId=${w.branches.B.id}`,
        () => [],
        (f) => [f.orderB, f.pendingB],
      ],
      ['branch A sees only itself among branches', 'branch', () => '/branches', () => [w.branches.A.id], () => [w.branches.B.id]],
      [
        "lecturer A sees the order offered to it, none of lecturer B's",
        'lecturer',
        () => '/orders',
        (f) => [f.orderA],
        (f) => [f.orderB, f.pendingB, f.acceptedB, f.completedB],
      ],
      [
        "lecturer A gets nothing when it asks for lecturer B's orders",
        'lecturer',
        (f) => `/orders?lecturerId=${f.lecB.id}`,
        () => [],
        (f) => [f.orderB, f.acceptedB, f.completedB],
      ],
      [
        "lecturer A is not offered banner B's order in another language to claim",
        'lecturer',
        () => '/orders?open=true',
        () => [],
        (f) => [f.pendingB, f.orderB],
      ],
      ['lecturer A sees only itself among lecturers', 'lecturer', () => '/lecturers', (f) => [f.lecA.id], (f) => [f.lecB.id]],
      [
        'the banner admin gets nothing when it asks for regions within banner B',
        'bannerAdmin',
        () => `/regions?within=${w.banners.B.id}`,
        () => [],
        () => [w.banners.B.id, w.banners.B.villageId],
      ],
      [
        'the banner admin gets nothing when it asks for orders in banner B',
        'bannerAdmin',
        () => `/orders?regionId=${w.banners.B.id}`,
        () => [],
        (f) => [f.orderB, f.pendingB],
      ],
    ];
    it.each(lists)('%s', async (_label, who, path, present, absent) => {
      const res = await call('get', path(fx), fx.tokens[who]);
      expect(res.status).toBe(200);
      const seen = ids(res);
      expect(seen).toEqual(expect.arrayContaining(present(fx)));
      for (const id of absent(fx)) expect(seen).not.toContain(id);
      expect(res.body.total).toBe(seen.length);
    });
  });

  describe('a banner admin cannot widen its own reach', () => {
    const attempts: Array<[string, Method, string, () => object, number, string]> = [
      [
        'creating a city-wide admin (no regionId)',
        'post',
        '/accounts',
        () => ({ username: unique('a'), password: 'password-123', role: 'admin' }),
        400,
        'ACCOUNT_SCOPE_OUTSIDE',
      ],
      [
        'creating a city-wide admin (regionId null)',
        'post',
        '/accounts',
        () => ({ username: unique('a'), password: 'password-123', role: 'admin', regionId: null }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'creating an admin of the whole city',
        'post',
        '/accounts',
        () => ({ username: unique('a'), password: 'password-123', role: 'admin', regionId: w.cityId }),
        404,
        'REGION_NOT_FOUND',
      ],
      [
        'creating a second city',
        'post',
        '/regions',
        () => ({ name: '新市', level: 'city', latitude: 49, longitude: 119 }),
        400,
        'REGION_PARENT_INVALID',
      ],
      ['moving lecturer A into banner B', 'patch', '', () => ({ regionId: w.banners.B.townshipId }), 404, 'REGION_NOT_FOUND'],
    ];
    it.each(attempts)('%s is refused', async (_label, method, path, body, status, code) => {
      const res = await call(method, path || `/lecturers/${fx.lecA.id}`, fx.tokens.bannerAdmin, body());
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('refused calls change nothing', () => {
    it("leaves banner B's orders, lecturer B and banner B as they were after every refused call above", async () => {
      const states = await Promise.all(
        [fx.orderB, fx.pendingB, fx.acceptedB, fx.completedB].map((id) => call('get', `/orders/${id}`, w.adminToken)),
      );
      expect(states.map((r) => [r.body.status, r.body.rating])).toEqual([
        ['offered', null],
        ['pending', null],
        ['accepted', null],
        ['completed', null],
      ]);
      const lecB = await call('get', `/lecturers/${fx.lecB.id}`, w.adminToken);
      expect(lecB.body).toMatchObject({
        name: '巴特尔-旗B讲师',
        category: 'expert_scholar',
        travelRadiusKm: 2000,
        rating: { mean: null, count: 0 },
      });
      const availability = await call('get', `/lecturers/${fx.lecB.id}/availability`, w.adminToken);
      expect(availability.body.weekly).toEqual(ALL_WEEK);
      const banner = await call('get', `/regions/${w.banners.B.id}`, w.adminToken);
      expect(banner.body.name).toBe('旗B');
      const branchB = await call('get', `/branches/${bIds.branch}`, w.adminToken);
      expect(branchB.body.memberCount).toBe(31);
      expect(branchB.body.name).not.toContain(TAMPERED);
      const course = await call('get', `/courses/${fx.courseId}`, w.adminToken);
      expect(course.body.description).toBe('全市课程');
      const lecA = await call('get', `/lecturers/${fx.lecA.id}`, w.adminToken);
      expect(lecA.body.regionId).toBe(w.banners.A.townshipId);
    });
  });
});
