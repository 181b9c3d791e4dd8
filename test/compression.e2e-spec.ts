import { API, type TestApp, startTestApp } from './support/test-app.js';
import { World } from './support/world.js';

/**
 * gzip on weak links: the API's reads travel gzipped when the client asks (browsers always do), and no
 * answer to a POST does, however large: tokens, temporary passwords and signing secrets only ever come in
 * such answers, and a secret is never compressed beside what the request sent (BREACH).
 */
describe('gzip', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    await w.lecturer();
    for (let i = 0; i < 6; i++) await w.post('/orders', World.customOrder(40 + i), w.branches.A.token);
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = (encoding: string) => t.http().get(`${API}/orders`).set(w.auth(w.branches.A.token)).set('Accept-Encoding', encoding);

  it('a list asked for gzip travels gzipped and reads as the same JSON', async () => {
    const plain = await list('identity');
    const gzipped = await list('gzip');
    expect({ status: gzipped.status, encoding: gzipped.headers['content-encoding'], body: gzipped.body }).toEqual({
      status: 200,
      encoding: 'gzip',
      body: plain.body,
    });
    expect({ encoding: plain.headers['content-encoding'], items: plain.body.items.length }).toEqual({ encoding: undefined, items: 6 });
  });

  it('a large answer to a POST is never gzipped, even when asked', async () => {
    const res = await t.http().post(`${API}/scheduling/runs`).set(w.auth()).set('Accept-Encoding', 'gzip').send({ dryRun: true });
    expect({ status: res.status, encoding: res.headers['content-encoding'] }).toEqual({ status: 201, encoding: undefined });
    expect(JSON.stringify(res.body).length).toBeGreaterThan(2048);
  });
});
