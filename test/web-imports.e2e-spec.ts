import { request as httpRequest } from 'node:http';
import { type TestApp, startTestApp } from './support/test-app.js';
import { binary, readXlsx, xlsx } from './support/sheets.js';
import { World } from './support/world.js';

/** A page session as a browser holds it: the session cookie, and a form's CSRF token with its cookie. */
async function pageSession(t: TestApp, token: string, path: string) {
  const session = `__Host-gpl.session=${token}`;
  const page = await t.http().get(path).set('Cookie', session);
  const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-gpl.csrf='))!.split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  return { cookie: `${session}; ${csrfCookie}`, csrf, page };
}

/**
 * Starts a 20 MB multipart upload, sends only its first 64 KB and waits for an answer: the status when the
 * server answers without reading the rest, or 'no answer' when it waits for the body.
 */
function answerBeforeTheBody(url: string, cookie: string): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (answer: number | 'no answer') => {
      settled = true;
      resolve(answer);
      req.destroy();
    };
    const req = httpRequest(url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(20 * 1024 * 1024) },
    });
    const timer = setTimeout(() => settle('no answer'), 5000);
    req.on('response', (res) => {
      clearTimeout(timer);
      settle(res.statusCode ?? 0);
    });
    // Destroying the request ends it with an error of its own: only an error before the answer is one.
    req.on('error', (err) => (settled ? undefined : reject(err)));
    req.write(`--b\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n\r\n${'x'.repeat(64 * 1024)}`);
  });
}

describe('admin pages for imports and accounts', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    await t.db.query(`UPDATE regions SET code = 'R-' || upper(substr(md5(id::text), 1, 6))`);
  });
  afterAll(() => t?.close());

  it('checks an upload and shows every problem in a table of the bad cells, in Chinese, writing nothing', async () => {
    const s = await pageSession(t, w.adminToken, '/admin/imports/branches');
    expect(s.page.status).toBe(200);
    expect(s.page.text).toContain('下载党支部模板');
    const file = await xlsx([
      ['编码', '名称', '所在区域编码', '类型', '党员人数'],
      ['P-1', '', 'R-X', '嘎查村', 'many'],
      ['P-2', '某党支部', 'NOWHERE', '嘎查村', 5],
    ]);
    const res = await t
      .http()
      .post('/admin/imports/branches')
      .set('Cookie', s.cookie)
      .field('_csrf', s.csrf)
      .field('mode', 'import')
      .attach('file', file, '党支部.xlsx');
    expect(res.status).toBe(200);
    expect(res.text).toContain('发现 4 处问题，未写入任何数据');
    expect(res.text).toContain('必填，不能为空。');
    expect(res.text).toContain('<mark class="bad-cell">NOWHERE</mark>');
    expect(res.text).toContain('<mark class="bad-cell">R-X</mark>');
    expect((await t.db.query(`SELECT 1 FROM branches WHERE code = 'P-1'`)).length).toBe(0);
  });

  it('refuses an upload without the form token', async () => {
    const s = await pageSession(t, w.adminToken, '/admin/imports/branches');
    const res = await t
      .http()
      .post('/admin/imports/branches')
      .set('Cookie', s.cookie)
      .attach('file', await xlsx([['编码']]), 'x.xlsx');
    expect(res.status).toBe(403);
  });

  it.each([
    ['nobody signed in', () => ''],
    ['a branch secretary', () => `__Host-gpl.session=${w.branches.A.token}`],
  ])('refuses an upload from %s before reading the file', async (_who, cookie) => {
    expect(await answerBeforeTheBody(`${t.url}/admin/imports/branches`, cookie())).toBe(403);
  });

  it("reads an admin's upload to its end before answering", async () => {
    const s = await pageSession(t, w.adminToken, '/admin/imports/branches');
    expect(await answerBeforeTheBody(`${t.url}/admin/imports/branches`, s.cookie)).toBe('no answer');
  });

  it('downloads the template from the page', async () => {
    const res = await t
      .http()
      .get('/admin/imports/regions/template')
      .set('Cookie', `__Host-gpl.session=${w.adminToken}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect((await readXlsx(res.body as Buffer))[0][0]).toBe('编码');
  });

  it('lists accounts and disables one, back to the list as it was filtered', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.B.id });
    const s = await pageSession(t, w.adminToken, '/admin/accounts');
    expect(s.page.text).toContain(secretary.username);
    // Never kept by the browser: Back after an action reads the list afresh.
    expect(s.page.headers['cache-control']).toBe('no-store');
    const [{ id }] = await t.db.query(`SELECT id FROM accounts WHERE username = $1`, [secretary.username]);
    const back = `/admin/accounts?q=${secretary.username}&page=1`;
    const disabled = await t
      .http()
      .post(`/admin/accounts/${id}/disable`)
      .set('Cookie', s.cookie)
      .type('form')
      .send({ _csrf: s.csrf, back });
    expect(disabled.status).toBe(303);
    expect(disabled.headers.location).toBe(`${back}&done=disabled`);
    expect((await t.db.query(`SELECT disabled_at FROM accounts WHERE id = $1`, [id]))[0].disabled_at).not.toBeNull();
    // Only this list's own paths: anything else goes back to the list.
    const elsewhere = await t
      .http()
      .post(`/admin/accounts/${id}/enable`)
      .set('Cookie', s.cookie)
      .type('form')
      .send({ _csrf: s.csrf, back: '//evil.example/' });
    expect(elsewhere.headers.location).toBe('/admin/accounts?done=enabled');
  });

  it('resets a password and shows the temporary one once, on a page a reload does not post again', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.B.id });
    const s = await pageSession(t, w.adminToken, '/admin/accounts');
    const [{ id }] = await t.db.query(`SELECT id FROM accounts WHERE username = $1`, [secretary.username]);
    const reset = await t.http().post(`/admin/accounts/${id}/reset-password`).set('Cookie', s.cookie).type('form').send({ _csrf: s.csrf });
    expect(reset.status).toBe(303);
    expect(reset.headers.location).toBe('/admin/accounts');
    const once = (reset.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-gpl.once='))!.split(';')[0];
    const shown = await t.http().get('/admin/accounts').set('Cookie', `${s.cookie}; ${once}`);
    const password = /临时密码：<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code>/.exec(shown.text)?.[1];
    expect(password).toBeDefined();
    // Sealed: the cookie holds the password neither as text nor merely encoded.
    const cookieValue = once.slice('__Host-gpl.once='.length);
    expect(`${cookieValue} ${Buffer.from(cookieValue, 'base64url').toString('latin1')}`).not.toContain(password);
    expect((await t.http().post('/api/v1/auth/login').send({ username: secretary.username, password })).status).toBe(200);
    // Another session cannot read it; and the page clears it, so a reload shows the list only.
    const other = await pageSession(t, (await w.account({ role: 'admin' })).token, '/admin/accounts');
    expect((await t.http().get('/admin/accounts').set('Cookie', `${other.cookie}; ${once}`)).text).not.toContain('临时密码：<code>');
    expect(shown.headers['set-cookie'] as unknown as string[]).toContainEqual(expect.stringMatching(/^__Host-gpl\.once=;/));
  });
});
