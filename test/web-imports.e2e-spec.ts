import { request as httpRequest } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { binary, readXlsx, xlsx } from './support/sheets.js';
import { World } from './support/world.js';
import { launchBrowser, logIn, newContext, newPage, screenshot, VIEWPORTS } from './web-browser.js';

const ADMIN = { username: 'root-admin', password: 'root-admin-pw' };
const BRANCH_HEADER = ['编码', '名称', '所在区域编码', '类型', '党员人数'];

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

  it('names the columns of the file it did not read, a misspelt header among them', async () => {
    const s = await pageSession(t, w.adminToken, '/admin/imports/branches');
    const village = (await t.db.query(`SELECT code FROM regions WHERE id = $1`, [w.banners.A.villageId]))[0].code as string;
    const file = await xlsx([
      ['编码', '名称', '所在区域编码', '类型', '党员人数', '纬渡', '备注'],
      ['P-W', '某党支部', village, '嘎查村', 5, 49.1, '新建'],
    ]);
    const res = await t
      .http()
      .post('/admin/imports/branches')
      .set('Cookie', s.cookie)
      .field('_csrf', s.csrf)
      .field('mode', 'check')
      .attach('file', file, 'b.xlsx');
    expect(res.status).toBe(200);
    expect(res.text).toContain('这些列不是模板里的列，没有读入：纬渡、备注。');
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
    ['nobody signed in (to the login page)', () => '', 303],
    ['a branch secretary', () => `__Host-gpl.session=${w.branches.A.token}`, 403],
  ])('refuses an upload from %s before reading the file', async (_who, cookie, status) => {
    expect(await answerBeforeTheBody(`${t.url}/admin/imports/branches`, cookie())).toBe(status);
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

  describe('the import page in a real browser', () => {
    let browser: Browser;
    let villageCode: string;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      browser = await launchBrowser();
      [{ code: villageCode }] = await t.db.query(`SELECT code FROM regions WHERE level = 'village' ORDER BY code LIMIT 1`);
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
    });

    /** The branches' import page on a phone, signed in as an admin (root-admin unless told); with JavaScript unless told otherwise. */
    async function importPage(
      options: { javaScriptEnabled?: boolean; username?: string; password?: string } = {},
    ): Promise<Page & { errors: string[] }> {
      const { username = ADMIN.username, password = ADMIN.password, ...browsing } = options;
      const context = await newContext(browser, VIEWPORTS[0], browsing);
      contexts.push(context);
      const page = await newPage(context);
      await logIn(page, t.url, username, password);
      await page.goto(`${t.url}/admin/imports/branches`);
      return page;
    }

    /** A sheet of one new branch, chosen in the page's file input. */
    async function chooseBranch(page: Page, code: string): Promise<void> {
      const file = await xlsx([BRANCH_HEADER, [code, `${code}党支部`, villageCode, '嘎查村', 12]]);
      await page.setInputFiles('#f-file', { name: `${code}.xlsx`, mimeType: 'application/octet-stream', buffer: file });
    }

    /** Marks the page's window: the mark is gone when the page has been loaded again. */
    const markWindow = (page: Page) => page.evaluate('window.sameDocument = true');
    const sameDocument = (page: Page) => page.evaluate<boolean>('window.sameDocument === true');
    const chosenFiles = (page: Page) => page.evaluate<string[]>(`[...document.querySelector('#f-file').files].map((f) => f.name)`);
    const branchesCoded = async (code: string) => (await t.db.query(`SELECT 1 FROM branches WHERE code = $1`, [code])).length;

    it('with JavaScript, 检查 brings the report into the page, the file still chosen and nothing written', async () => {
      const page = await importPage();
      await chooseBranch(page, 'JS-CHECK');
      await markWindow(page);
      await page.click('button:has-text("检查")');
      await expect(page.textContent('#report h2')).resolves.toBe('检查结果');
      await expect(page.textContent('#report')).resolves.toContain('共 1 行：新建 1');
      await expect(page.textContent('main > .notice')).resolves.toContain('检查通过，尚未写入');
      await expect(sameDocument(page)).resolves.toBe(true);
      await expect(chosenFiles(page)).resolves.toEqual(['JS-CHECK.xlsx']);
      expect(await branchesCoded('JS-CHECK')).toBe(0);
      await screenshot(page, 'admin-import-checked', VIEWPORTS[0]);
      expect(page.errors).toEqual([]);
    });

    it('with JavaScript, 导入 after 检查 imports the very file that was checked', async () => {
      const page = await importPage();
      await chooseBranch(page, 'JS-IMPORT');
      await page.click('button:has-text("检查")');
      await expect(page.textContent('#report h2')).resolves.toBe('检查结果');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button:has-text("导入")')]);
      await expect(page.textContent('#report h2')).resolves.toBe('导入结果');
      await expect(page.textContent('#report')).resolves.toContain('共 1 行：新建 1');
      await expect(page.textContent('main > .notice')).resolves.toContain('导入完成');
      expect(await branchesCoded('JS-IMPORT')).toBe(1);
      expect(page.errors).toEqual([]);
    });

    it('while a check is under way, both buttons wait and 检查 says it is checking', async () => {
      const page = await importPage();
      await chooseBranch(page, 'JS-BUSY');
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/admin/imports/branches', async (route) => {
        await held;
        await route.continue();
      });
      await page.click('button:has-text("检查")');
      await page.waitForSelector('form[data-import-form][aria-busy="true"]');
      await expect(page.isDisabled('button[value="check"]')).resolves.toBe(true);
      await expect(page.isDisabled('button[value="import"]')).resolves.toBe(true);
      await expect(page.textContent('button[value="check"]')).resolves.toBe('正在检查…');
      release();
      await page.waitForSelector('#report');
      await expect(page.isEnabled('button[value="import"]')).resolves.toBe(true);
      await expect(page.textContent('button[value="check"]')).resolves.toBe('检查（不写入）');
    });

    it('a check that gets no answer says so in the page and keeps the file chosen', async () => {
      const page = await importPage();
      await chooseBranch(page, 'JS-OFFLINE');
      await page.route('**/admin/imports/branches', (route) => route.abort('internetdisconnected'));
      await page.click('button:has-text("检查")');
      await expect(page.textContent('[data-import-status]:not([hidden])')).resolves.toBe('网络中断，请重试。');
      await expect(chosenFiles(page)).resolves.toEqual(['JS-OFFLINE.xlsx']);
      await expect(page.isEnabled('button[value="check"]')).resolves.toBe(true);
      await expect(page.locator('#report').count()).resolves.toBe(0);
    });

    it('a check answered by another page (the session ended meanwhile: the login page) shows it, as the plain post would', async () => {
      const page = await importPage();
      await chooseBranch(page, 'JS-ENDED');
      await markWindow(page);
      const session = (await page.context().cookies()).find((c) => c.name === '__Host-gpl.session')!.value;
      expect((await t.http().post(`${API}/auth/logout`).set('Authorization', `Bearer ${session}`)).status).toBeLessThan(300);
      const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button:has-text("检查")')]);
      expect(answer?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/login');
      await expect(page.textContent('.notice-error')).resolves.toContain('登录已过期');
      await expect(sameDocument(page)).resolves.toBe(false);
      await expect(page.locator('form[data-import-form]').count()).resolves.toBe(0);
      expect(await branchesCoded('JS-ENDED')).toBe(0);
    });

    it('a check answered by a redirect (a password to change meanwhile) goes where the plain post would', async () => {
      const admin = await w.account({ role: 'admin' });
      const page = await importPage({ username: admin.username, password: 'password-123' });
      await chooseBranch(page, 'JS-REDIRECT');
      await t.db.query(`UPDATE accounts SET password_change_required = true WHERE username = $1`, [admin.username]);
      // The accounts' change is announced to the app (LISTEN/NOTIFY): wait until the API says so too.
      for (let i = 0; i < 50; i++) {
        if ((await t.http().get(`${API}/orders`).set('Authorization', `Bearer ${admin.token}`)).status === 403) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/password', { waitUntil: 'load' }),
        page.click('button:has-text("检查")'),
      ]);
      await expect(page.locator('form[data-import-form]').count()).resolves.toBe(0);
      expect(await branchesCoded('JS-REDIRECT')).toBe(0);
    });

    it('without JavaScript, 检查 posts plainly and the page comes back with the report', async () => {
      const page = await importPage({ javaScriptEnabled: false });
      await chooseBranch(page, 'NOJS-CHECK');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button:has-text("检查")')]);
      await expect(page.textContent('#report h2')).resolves.toBe('检查结果');
      await expect(page.textContent('#report')).resolves.toContain('共 1 行：新建 1');
      expect(await branchesCoded('NOJS-CHECK')).toBe(0);
    });
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
