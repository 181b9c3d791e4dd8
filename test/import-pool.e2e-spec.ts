import { API, type TestApp, createAdmin, startTestApp } from './support/test-app.js';

/** Real imports wait for one another without holding the connections the one being written needs. */
describe('imports at once on a small pool', () => {
  const POOL = 4;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: String(POOL) });
    admin = await createAdmin(t);
  });
  afterAll(() => t?.close());

  it('writes four times the pool of one-row imports sent at once, each once, while the rest of the app answers', async () => {
    const auth = { Authorization: `Bearer ${admin}` };
    await t
      .http()
      .post(`${API}/regions`)
      .set(auth)
      .send({ code: 'HLBE', name: '呼伦贝尔市', level: 'city', latitude: 49.21, longitude: 119.76 });
    const sheet = (i: number) => Buffer.from(`code,name,level,parentCode,latitude,longitude\nQ${i},旗${i},banner,HLBE,49.2,119.7\n`);
    const imports = Array.from({ length: 4 * POOL }, (_, i) =>
      t.http().post(`${API}/imports/regions?dryRun=false`).set(auth).attach('file', sheet(i), `q${i}.csv`),
    );
    const [answers, health] = await Promise.all([Promise.all(imports), t.http().get('/health')]);
    expect(answers.map((r) => [r.status, r.body.created])).toEqual(answers.map(() => [200, 1]));
    expect(health.status).toBe(200);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM regions WHERE level = 'banner'`);
    expect(n).toBe(4 * POOL);
  });
});
