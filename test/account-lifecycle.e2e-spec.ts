import { randomUUID } from 'node:crypto';
import { API, type TestApp, login, startSecondInstance, startTestApp } from './support/test-app.js';
import { World } from './support/world.js';

/** A page request carrying the session cookie as a browser would (the cookie holds the same token the API issues). */
const page = (t: TestApp, path: string, token: string) => t.http().get(path).set('Cookie', `__Host-gpl.session=${token}`);

describe('the account lifecycle: every request acts on the account as it is now', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
  });
  afterAll(() => t?.close());

  const me = (token: string) => t.http().get(`${API}/auth/me`).set(w.auth(token));
  const accountIdOf = async (token: string): Promise<string> => (await me(token)).body.id as string;
  const patch = (id: string, body: object, token = w.adminToken) => t.http().patch(`${API}/accounts/${id}`).set(w.auth(token)).send(body);
  const resetPassword = (id: string, token = w.adminToken) => t.http().post(`${API}/accounts/${id}/reset-password`).set(w.auth(token));

  it('lists the accounts in the admin scope: a banner admin sees its banner only', async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const all = await t.http().get(`${API}/accounts?limit=200`).set(w.auth());
    expect(all.status).toBe(200);
    const inBanner = await t.http().get(`${API}/accounts?limit=200`).set(w.auth(bannerAdmin.token));
    expect(inBanner.status).toBe(200);
    const names = (inBanner.body.items as Array<{ username: string; branchId?: string }>).map((a) => a.branchId);
    expect(names).toContain(w.branches.A.id);
    expect(names).not.toContain(w.branches.B.id);
    expect(inBanner.body.items.length).toBeLessThan(all.body.items.length);
    expect(all.body.items[0]).toMatchObject({ disabled: false });
  });

  it("answers 404 for an account outside a banner admin's scope", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const other = await w.account({ role: 'branch', branchId: w.branches.B.id });
    const res = await patch(await accountIdOf(other.token), { disabled: true }, bannerAdmin.token);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ACCOUNT_NOT_FOUND');
    expect((await me(other.token)).status).toBe(200);
  });

  it("makes a disabled account's token and page cookie answer 401 at once, and its login too", async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    expect((await page(t, '/branch', secretary.token)).status).toBe(200);
    const res = await patch(await accountIdOf(secretary.token), { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expect((await me(secretary.token)).status).toBe(401);
    const pageAfter = await page(t, '/branch', secretary.token);
    expect(pageAfter.status).toBe(303);
    expect(pageAfter.headers.location).toMatch(/^\/login/);
    const relogin = await t.http().post(`${API}/auth/login`).send({ username: secretary.username, password: 'password-123' });
    expect(relogin.status).toBe(401);
    expect(relogin.body.code).toBe('ACCOUNT_DISABLED');
  });

  it('lets a re-enabled account log in again, without bringing its old tokens back', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    const id = await accountIdOf(secretary.token);
    await patch(id, { disabled: true });
    expect((await patch(id, { disabled: false })).body.disabled).toBe(false);
    expect((await me(secretary.token)).status).toBe(401);
    expect((await me(await login(t, secretary.username, 'password-123'))).status).toBe(200);
  });

  it('tells every instance: a token another instance has seen stops working there too', async () => {
    const second = await startSecondInstance(t.schema);
    try {
      const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
      const meThere = () => second.http().get(`${API}/auth/me`).set(w.auth(secretary.token));
      expect((await meThere()).status).toBe(200); // the second instance now remembers the account
      await patch(await accountIdOf(secretary.token), { disabled: true });
      // The change reaches the other instance by NOTIFY on commit: within moments, never later.
      let status = 0;
      for (let i = 0; i < 100 && status !== 401; i++) {
        status = (await meThere()).status;
        if (status !== 401) await new Promise((r) => setTimeout(r, 10));
      }
      expect(status).toBe(401);
    } finally {
      await second.app.close();
    }
  });

  it('refuses to let an admin disable itself', async () => {
    const res = await patch(await accountIdOf(w.adminToken), { disabled: true });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ACCOUNT_SELF_DISABLE');
  });

  it('refuses to let an admin move its own scope, which it could never widen again, and keeps the scope', async () => {
    const self = await accountIdOf(w.adminToken);
    const res = await patch(self, { regionId: w.banners.A.id });
    expect([res.status, res.body.code]).toEqual([409, 'ACCOUNT_SELF_SCOPE']);
    expect((await me(w.adminToken)).body.regionId ?? null).toBeNull();
  });

  it('ends the logged-out token only: as a bearer token and as a page cookie', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    const other = await login(t, secretary.username, 'password-123');
    const out = await t.http().post(`${API}/auth/logout`).set(w.auth(secretary.token));
    expect(out.status).toBe(204);
    expect((await me(secretary.token)).status).toBe(401);
    expect((await page(t, '/branch', secretary.token)).status).toBe(303);
    expect((await me(other)).status).toBe(200);
  });

  it('ends the page session on logging out from the pages: the old cookie no longer opens them', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    const agent = t.http();
    const form = await page(t, '/branch', secretary.token);
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-gpl.csrf='))!.split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const out = await agent
      .post('/logout')
      .set('Cookie', [`__Host-gpl.session=${secretary.token}`, csrfCookie].join('; '))
      .type('form')
      .send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect((await page(t, '/branch', secretary.token)).status).toBe(303);
    expect((await me(secretary.token)).status).toBe(401);
  });

  it("narrows an admin's scope at once: its old token acts with the new scope", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.cityId });
    const branchB = () => t.http().get(`${API}/branches/${w.branches.B.id}`).set(w.auth(bannerAdmin.token));
    expect((await branchB()).status).toBe(200);
    expect((await patch(await accountIdOf(bannerAdmin.token), { regionId: w.banners.A.id })).status).toBe(200);
    expect((await branchB()).status).toBe(404);
  });

  it("answers 404 REGION_NOT_FOUND, as creation does, for a scope in a region that does not exist or lies outside the admin's own", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const peer = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const id = await accountIdOf(bannerAdmin.token);
    const unknown = await patch(id, { regionId: randomUUID() });
    const outside = await patch(id, { regionId: w.banners.B.id }, peer.token);
    expect([unknown.status, unknown.body.code, outside.status, outside.body.code]).toEqual([
      404,
      'REGION_NOT_FOUND',
      404,
      'REGION_NOT_FOUND',
    ]);
  });

  it('widens a banner admin to the whole city with regionId null, which only a city-wide admin may do', async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const peer = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const id = await accountIdOf(bannerAdmin.token);
    const byPeer = await patch(id, { regionId: null }, peer.token);
    expect(byPeer.status).toBe(400);
    expect(byPeer.body.code).toBe('ACCOUNT_SCOPE_OUTSIDE');
    const branchB = () => t.http().get(`${API}/branches/${w.branches.B.id}`).set(w.auth(bannerAdmin.token));
    expect((await branchB()).status).toBe(404);
    const widened = await patch(id, { regionId: null });
    expect(widened.status).toBe(200);
    expect(widened.body).not.toHaveProperty('regionId');
    expect((await branchB()).status).toBe(200);
  });

  it('refuses a scope for a branch account, naming the field sent', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    const res = await patch(await accountIdOf(secretary.token), { regionId: w.banners.A.id });
    expect([res.status, res.body.code, res.body.errors]).toEqual([
      400,
      'ACCOUNT_LINK_INVALID',
      [expect.objectContaining({ field: 'regionId' })],
    ]);
  });

  it('makes a deleted account’s token worthless', async () => {
    const admin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    await t.db.query(`DELETE FROM accounts WHERE id = $1`, [await accountIdOf(admin.token)]);
    const res = await t
      .http()
      .post(`${API}/accounts`)
      .set(w.auth(admin.token))
      .send({ username: 'sneaky-admin', password: 'sneaky-password-1', role: 'admin', regionId: w.banners.A.id });
    expect(res.status).toBe(401);
  });

  it('resets a password: every token, old or new, must change it before anything else (403), and the change ends the old ones', async () => {
    const lecturer = await w.lecturer();
    const id = await accountIdOf(lecturer.token);
    const reset = await resetPassword(id);
    expect(reset.status).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    const oldTokenBlocked = await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth(lecturer.token));
    expect({ status: oldTokenBlocked.status, code: oldTokenBlocked.body.code }).toEqual({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    // Whoever holds an old token without the temporary password cannot change it (the old password no longer counts).
    const byOldPassword = await t
      .http()
      .post(`${API}/auth/password`)
      .set(w.auth(lecturer.token))
      .send({ currentPassword: 'password-123', newPassword: 'a-thiefs-choice-77' });
    expect(byOldPassword.body.code).toBe('CURRENT_PASSWORD_WRONG');

    const loggedIn = await t.http().post(`${API}/auth/login`).send({ username: lecturer.username, password: temporary });
    expect(loggedIn.body.account.passwordChangeRequired).toBe(true);
    const token = loggedIn.body.accessToken as string;
    expect((await me(token)).body.passwordChangeRequired).toBe(true);
    const blocked = await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth(token));
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const pageBlocked = await page(t, '/lecturer', token);
    expect(pageBlocked.status).toBe(303);
    expect(pageBlocked.headers.location).toBe('/password?next=%2Flecturer');
    expect((await page(t, '/password', token)).text).toContain('临时密码');

    const changed = await t
      .http()
      .post(`${API}/auth/password`)
      .set(w.auth(token))
      .send({ currentPassword: temporary, newPassword: 'my-own-grassland-9' });
    expect(changed.status).toBe(204);
    expect((await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth(token))).status).toBe(200);
    expect((await me(token)).body).not.toHaveProperty('passwordChangeRequired');
    expect((await me(lecturer.token)).status).toBe(401);
  });

  it("changes a password: the account's other tokens stop working, this one goes on", async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.B.id });
    const other = await login(t, secretary.username, 'password-123');
    const wrong = await t
      .http()
      .post(`${API}/auth/password`)
      .set(w.auth(secretary.token))
      .send({ currentPassword: 'not-it-at-all', newPassword: 'steppe-wind-2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
    const res = await t
      .http()
      .post(`${API}/auth/password`)
      .set(w.auth(secretary.token))
      .send({ currentPassword: 'password-123', newPassword: 'steppe-wind-2026' });
    expect(res.status).toBe(204);
    expect((await me(secretary.token)).status).toBe(200);
    expect((await me(other)).status).toBe(401);
    expect((await me(await login(t, secretary.username, 'steppe-wind-2026'))).status).toBe(200);
  });

  it('lets one of three changes made at once with the same current password through, and refuses the others', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.B.id });
    const tokens = [
      secretary.token,
      await login(t, secretary.username, 'password-123'),
      await login(t, secretary.username, 'password-123'),
    ];
    const wanted = ['steppe-wind-2026', 'river-grass-2026', 'snow-field-2026'];
    const answers = await Promise.all(
      tokens.map((token, i) =>
        t.http().post(`${API}/auth/password`).set(w.auth(token)).send({ currentPassword: 'password-123', newPassword: wanted[i] }),
      ),
    );
    const changed = answers.flatMap((a, i) => (a.status === 204 ? [wanted[i]] : []));
    expect(changed).toHaveLength(1);
    // Refused: the password proved is no longer the account's (or, had the change ended its session first, 401).
    const refusals = answers.filter((a) => a.status !== 204).map((a) => (a.status === 401 ? 401 : a.body.code));
    expect(refusals.filter((r) => r !== 'CURRENT_PASSWORD_WRONG' && r !== 401)).toEqual([]);
    // The password the one 204 said was set is the one that logs in.
    expect((await me(await login(t, secretary.username, changed[0]))).status).toBe(200);
  });

  it('refuses a temporary password "changed" to itself: 400 PASSWORD_UNCHANGED, and the account stays locked', async () => {
    const lecturer = await w.lecturer();
    const temporary = (await resetPassword(await accountIdOf(lecturer.token))).body.temporaryPassword as string;
    const token = await login(t, lecturer.username, temporary);
    const same = await t
      .http()
      .post(`${API}/auth/password`)
      .set(w.auth(token))
      .send({ currentPassword: temporary, newPassword: temporary });
    expect(same.status).toBe(400);
    expect(same.body.code).toBe('PASSWORD_UNCHANGED');
    const stillBlocked = await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth(token));
    expect(stillBlocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses a common new password: 400 naming newPassword', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.B.id });
    const res = await t
      .http()
      .post(`${API}/auth/password`)
      .set(w.auth(secretary.token))
      .send({ currentPassword: 'password-123', newPassword: 'password123' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('newPassword');
  });

  it('keeps the account management to admins: a branch secretary gets 403', async () => {
    const res = await t.http().get(`${API}/accounts`).set(w.auth(w.branches.A.token));
    expect(res.status).toBe(403);
  });
});
