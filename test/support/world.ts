import { API, createAdmin, login, type TestApp } from './test-app.js';

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

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
  banners: Record<'A' | 'B', { id: string; townshipId: string; villageId: string }>;
  branches: Record<'A' | 'B', BranchFixture>;
  private seq = 0;

  constructor(readonly t: TestApp) {}

  static async build(t: TestApp): Promise<World> {
    const w = new World(t);
    w.adminToken = await createAdmin(t);
    w.cityId = (await w.post('/regions', { name: '呼伦贝尔市', level: 'city', latitude: 49.21, longitude: 119.76 })).id;
    w.banners = {} as World['banners'];
    w.branches = {} as World['branches'];
    for (const [key, lat, lon] of [['A', 49.21, 119.74], ['B', 48.13, 123.46]] as const) {
      const banner = await w.post('/regions', { name: `旗${key}`, level: 'banner', parentId: w.cityId, latitude: lat, longitude: lon });
      const township = await w.post('/regions', { name: `苏木${key}`, level: 'township', parentId: banner.id, latitude: lat + 0.1, longitude: lon + 0.1 });
      const village = await w.post('/regions', { name: `嘎查${key}`, level: 'village', parentId: township.id, latitude: lat + 0.2, longitude: lon + 0.2, remote: true });
      w.banners[key] = { id: banner.id, townshipId: township.id, villageId: village.id };
      w.branches[key] = await w.branch(village.id);
    }
    return w;
  }

  auth(token = this.adminToken) {
    return { Authorization: `Bearer ${token}` };
  }

  /** POST as admin (or the given token); fails the test unless 200/201. */
  async post(path: string, body: object, token = this.adminToken): Promise<any> {
    const res = await this.t.http().post(API + path).set(this.auth(token)).send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async account(body: { role: string } & Record<string, unknown>): Promise<{ username: string; token: string }> {
    const username = `${body.role}-${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    await this.post('/accounts', { username, password: 'password-123', ...body });
    return { username, token: await login(this.t, username, 'password-123') };
  }

  async branch(regionId: string): Promise<BranchFixture> {
    const b = await this.post('/branches', { name: `党支部${++this.seq}`, regionId, kind: 'village', memberCount: 30 });
    const { token } = await this.account({ role: 'branch', branchId: b.id });
    return { id: b.id, token, regionId };
  }

  /** A lecturer available all week who teaches everything in zh and mn, in every format, with an account. */
  async lecturer(overrides: object = {}, regionId = this.banners.A.townshipId): Promise<LecturerFixture> {
    const l = await this.post('/lecturers', {
      name: `讲师${++this.seq}`, category: 'expert_scholar', level: 'banner', regionId,
      topics: ['theory', 'party_history', 'policy', 'practical_skills'], languages: ['zh', 'mn'], formats: ['on_site', 'online', 'field', 'mobile'],
      maxLecturesPerMonth: 20, travelRadiusKm: 2000, ...overrides,
    });
    const res = await this.t.http().put(`${API}/lecturers/${l.id}/availability`).set(this.auth()).send({ weekly: ALL_WEEK, exceptions: [] });
    if (res.status !== 200) throw new Error(`availability: ${res.status} ${JSON.stringify(res.body)}`);
    const { token, username } = await this.account({ role: 'lecturer', lecturerId: l.id });
    return { id: l.id, token, username };
  }

  async course(lecturerIds: string[], overrides: object = {}): Promise<any> {
    return this.post('/courses', { title: `课程${++this.seq}`, topic: 'theory', durationMinutes: 90, formats: ['on_site', 'online'], lecturerIds, ...overrides });
  }

  /** A custom order body with a window starting `daysAhead` days from now (Asia/Shanghai 09:00). */
  static customOrder(daysAhead = 10, overrides: object = {}): Record<string, unknown> {
    return {
      topic: 'policy', title: '草原生态补奖政策解读', format: 'on_site',
      earliestStart: World.at(daysAhead, '09:00'), latestStart: World.at(daysAhead + 5, '09:00'),
      expectedAudience: 40, language: 'mn', ...overrides,
    };
  }

  /** An instant `daysAhead` days from today at local (UTC+8) time `hhmm`, as ISO with +08:00. */
  static at(daysAhead: number, hhmm: string): string {
    const local = new Date(Date.now() + 8 * 3600_000 + daysAhead * 86_400_000);
    return `${local.toISOString().slice(0, 10)}T${hhmm}:00+08:00`;
  }
}
