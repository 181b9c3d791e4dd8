import { branchBody, buildSmallCity, courseBody, lecturerBody, nextSeq, type SmallCity } from './generators.js';
import { testClock } from './clock.js';
import { API, createAdmin, login, type TestApp } from './test-app.js';

export interface LecturerFixture {
  id: string;
  token: string;
  username: string;
}

export interface BranchFixture {
  id: string;
  token: string;
  regionId: string;
}

/**
 * A small city built through the API as a city-wide admin: two banners (A and B) with a township and a
 * village each, a branch in each village, and helpers for lecturers, courses and accounts.
 */
export class World {
  adminToken: string;
  cityId: string;
  banners: SmallCity['banners'];
  branches: Record<'A' | 'B', BranchFixture>;

  constructor(readonly t: TestApp) {}

  static async build(t: TestApp): Promise<World> {
    const w = new World(t);
    w.adminToken = await createAdmin(t);
    ({ cityId: w.cityId, banners: w.banners } = await buildSmallCity((body) => w.post('/regions', body)));
    w.branches = { A: await w.branch(w.banners.A.villageId), B: await w.branch(w.banners.B.villageId) };
    return w;
  }

  auth(token = this.adminToken) {
    return { Authorization: `Bearer ${token}` };
  }

  /** POST as admin (or the given token); fails the test unless 200/201. */
  async post(path: string, body: object, token = this.adminToken): Promise<any> {
    const res = await this.t
      .http()
      .post(API + path)
      .set(this.auth(token))
      .send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async account(body: { role: string } & Record<string, unknown>): Promise<{ username: string; token: string }> {
    const username = `${body.role}-${nextSeq()}-${Math.random().toString(36).slice(2, 8)}`;
    await this.post('/accounts', { username, password: 'password-123', ...body });
    return { username, token: await login(this.t, username, 'password-123') };
  }

  async branch(regionId: string): Promise<BranchFixture> {
    const b = await this.post('/branches', branchBody(regionId));
    const { token } = await this.account({ role: 'branch', branchId: b.id });
    return { id: b.id, token, regionId };
  }

  /** A lecturer (available all week, as every new one) who teaches everything in zh and mn, in every format, with an account. */
  async lecturer(overrides: object = {}, regionId = this.banners.A.townshipId): Promise<LecturerFixture> {
    const l = await this.post('/lecturers', { ...lecturerBody(regionId), ...overrides });
    const { token, username } = await this.account({ role: 'lecturer', lecturerId: l.id });
    return { id: l.id, token, username };
  }

  async course(lecturerIds: string[], overrides: object = {}): Promise<any> {
    return this.post('/courses', { ...courseBody(lecturerIds), ...overrides });
  }

  /**
   * Takes a pending order through the API as far as `stage`: an admin offers it to `lecturer` for today 00:30
   * (already begun, so that it can be reported given; the order's window must include it), the lecturer accepts
   * it, then reports it given. Returns the order as the last step answered it.
   */
  async advance(orderId: string, lecturer: LecturerFixture, stage: 'offered' | 'accepted' | 'completed'): Promise<any> {
    const offered = await this.post(`/orders/${orderId}/offer`, { lecturerId: lecturer.id, startsAt: World.at(0, '00:30') });
    if (stage === 'offered') return offered;
    const accepted = await this.post(`/orders/${orderId}/accept`, {}, lecturer.token);
    if (stage === 'accepted') return accepted;
    return this.post(`/orders/${orderId}/complete`, { attendance: 30, summary: '已授课' }, lecturer.token);
  }

  /** A custom order body with a window starting `daysAhead` days from now (Asia/Shanghai 09:00). */
  static customOrder(daysAhead = 10, overrides: object = {}): Record<string, unknown> {
    return {
      topic: 'policy',
      title: '草原生态补奖政策解读',
      format: 'on_site',
      earliestStart: World.at(daysAhead, '09:00'),
      latestStart: World.at(daysAhead + 5, '09:00'),
      expectedAudience: 40,
      language: 'mn',
      ...overrides,
    };
  }

  /** An instant `daysAhead` days from today (the tests' business time) at local (UTC+8) time `hhmm`, as ISO with +08:00. */
  static at(daysAhead: number, hhmm: string): string {
    const local = new Date(testClock.now() + 8 * 3600_000 + daysAhead * 86_400_000);
    return `${local.toISOString().slice(0, 10)}T${hhmm}:00+08:00`;
  }
}
