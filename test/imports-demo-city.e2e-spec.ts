import { seedDemoData } from '../src/demo/demo-seeder.js';
import { API, type TestApp, createAdmin, startTestApp } from './support/test-app.js';
import { binary } from './support/sheets.js';

const KINDS = ['regions', 'branches', 'lecturers', 'courses', 'accounts'] as const;

describe('the demo city exported and imported into an empty database', () => {
  let from: TestApp;
  let to: TestApp;
  let fromAdmin: string;
  let toAdmin: string;

  beforeAll(async () => {
    [from, to] = await Promise.all([startTestApp(), startTestApp()]);
    await seedDemoData(from.db, () => undefined);
    [fromAdmin, toAdmin] = await Promise.all([createAdmin(from, 'export-admin'), createAdmin(to, 'import-admin')]);
    for (const kind of KINDS) {
      const file = await from
        .http()
        .get(`${API}/imports/${kind}/export`)
        .set('Authorization', `Bearer ${fromAdmin}`)
        .buffer(true)
        .parse(binary);
      expect(file.status).toBe(200);
      const res = await to
        .http()
        .post(`${API}/imports/${kind}?dryRun=false`)
        .set('Authorization', `Bearer ${toAdmin}`)
        .attach('file', file.body as Buffer, `${kind}.xlsx`);
      expect({ kind, status: res.status, errors: res.body.errors?.slice(0, 3) }).toEqual({ kind, status: 200, errors: [] });
    }
  }, 120_000);
  afterAll(async () => {
    await from?.close();
    await to?.close();
  });

  const coverage = async (t: TestApp, token: string) => {
    const res = await t.http().get(`${API}/coverage?from=2020-01-01&to=2020-12-31`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as {
      totals: { branches: number };
      regions: Array<{ name: string; level: string; depth: number; branches: number; border: boolean; remote: boolean; weak: boolean }>;
      priorityGroups: unknown;
      unreachedBranches: unknown[];
    };
  };

  it('gives the same coverage figures: branches per region, the priority groups, the last mile', async () => {
    const [before, after] = await Promise.all([coverage(from, fromAdmin), coverage(to, toAdmin)]);
    const shape = (c: typeof before) =>
      c.regions.map(({ name, level, depth, branches, border, remote, weak }) => ({ name, level, depth, branches, border, remote, weak }));
    expect(after.totals.branches).toBeGreaterThan(0);
    expect(shape(after)).toEqual(shape(before));
    expect(after.totals).toEqual(before.totals);
    expect(after.priorityGroups).toEqual(before.priorityGroups);
    expect(after.unreachedBranches.length).toBe(before.unreachedBranches.length);
  });

  it('brings the roster, the menu and the accounts over as they were', async () => {
    const rows = (t: TestApp, sql: string) => t.db.query(sql);
    const roster = `SELECT code, name, category, level, topics, languages, formats, max_lectures_per_month, travel_radius_km, availability->'weekly' AS weekly FROM lecturers ORDER BY code`;
    expect(await rows(to, roster)).toEqual(await rows(from, roster));
    const menu = `SELECT c.code, c.title, c.topic, c.duration_minutes, c.formats, array(SELECT l.code FROM course_lecturers cl JOIN lecturers l ON l.id = cl.lecturer_id WHERE cl.course_id = c.id ORDER BY l.code) AS lecturers FROM courses c ORDER BY c.code`;
    expect(await rows(to, menu)).toEqual(await rows(from, menu));
    const accounts = `SELECT username, role FROM accounts WHERE username NOT IN ('export-admin', 'import-admin') ORDER BY username`;
    expect(await rows(to, accounts)).toEqual(await rows(from, accounts));
  });
});
