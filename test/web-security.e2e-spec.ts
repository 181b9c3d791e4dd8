import type { Browser, BrowserContext, Page } from 'playwright-core';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { World } from './support/world.js';
import { clickTo, launchBrowser, localDate, logIn, newContext, newPage, screenshot, VIEWPORTS } from './web-browser.js';

const desktop = VIEWPORTS[1];

describe('web pages: sessions, CSRF, ownership and escaping, in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let secretaryA: { username: string };
  let orderOfB: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    browser = await launchBrowser();
    secretaryA = await w.account({ role: 'branch', branchId: w.branches.A.id });
    orderOfB = await w.post('/orders', World.customOrder(5, { title: '旗B的订单' }), w.branches.B.token);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  describe('as branch A’s secretary', () => {
    let context: BrowserContext;
    let page: Page & { errors: string[] };

    beforeAll(async () => {
      context = await newContext(browser, desktop);
      page = await newPage(context);
      await logIn(page, t.url, secretaryA.username, 'password-123');
    });
    afterAll(async () => context?.close());

    it('keeps the session in a Secure, HttpOnly, SameSite cookie, and the form token in a Strict one', async () => {
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === '__Host-gpl.session')).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
      });
      expect(cookies.find((c) => c.name === '__Host-gpl.csrf')).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
      });
    });

    it('refuses a state-changing post without the CSRF token: a 403 page, and nothing changes', async () => {
      const own = await w.post('/orders', World.customOrder(6, { title: '要取消的订单' }), w.branches.A.token);
      // The browser sends the session cookie, as it would for a forged form; only the token is missing.
      const forged = await context.request.post(`${t.url}/branch/orders/${own.id}/cancel`, { form: { reason: '伪造' }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);
      expect(await forged.text()).toContain('页面已过期或来源不明');
      const wrongToken = await context.request.post(`${t.url}/branch/orders/${own.id}/cancel`, {
        form: { reason: '伪造', _csrf: 'abc.def' },
        maxRedirects: 0,
      });
      expect(wrongToken.status()).toBe(403);
      const order = await t.http().get(`${API}/orders/${own.id}`).set(w.auth(w.branches.A.token));
      expect(order.body.status).toBe('pending');

      await page.goto(`${t.url}/branch/orders/${own.id}`);
      await page.click('summary:has-text("取消订单")');
      await page.fill('#f-reason', '改期');
      // The same form with its token removed, as a page on another site would have to send it.
      await page.evaluate('document.querySelector("form[action$=\\"/cancel\\"] input[name=_csrf]").remove()');
      const response = page.waitForResponse((r) => r.url().endsWith('/cancel'));
      await page.click('button:has-text("确认取消")');
      expect((await response).status()).toBe(403);
      await expect(page.textContent('h1')).resolves.toContain('403');
      await screenshot(page, 'security-csrf-refused', desktop);
    });

    it('answers another branch’s order with the 404 page', async () => {
      const response = await page.goto(`${t.url}/branch/orders/${orderOfB.id}`);
      expect(response?.status()).toBe(404);
      await expect(page.textContent('h1')).resolves.toContain('404');
      await expect(page.textContent('main')).resolves.not.toContain('旗B的订单');
      await expect(page.goto(`${t.url}/branch/orders/not-a-uuid`).then((r) => r?.status())).resolves.toBe(404);
      await expect(page.goto(`${t.url}/branch/no-such-page`).then((r) => r?.status())).resolves.toBe(404);
      await expect(page.textContent('h1')).resolves.toContain('404');
      const api = await context.request.get(`${t.url}${API}/no-such-route`);
      expect([api.status(), (await api.json()).code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    });

    it('answers a path no page serves with the Chinese 404 page, not an English one, and the API with problem+json', async () => {
      for (const path of ['/sign-in', '/nope', '/photos', '/password/x', '/inbox/xyz', '/assets/nope.js']) {
        const response = await page.goto(`${t.url}${path}`);
        expect([path, response?.status()]).toEqual([path, 404]);
        await expect(page.textContent('main')).resolves.toContain('没有这个页面');
        // Still signed in: the header names the person and leads back to their pages.
        await expect(page.textContent('.who')).resolves.toContain(secretaryA.username);
      }
      const api = await context.request.get(`${t.url}${API}/nope`);
      expect([api.status(), api.headers()['content-type']]).toEqual([404, 'application/problem+json; charset=utf-8']);
    });

    it('answers a sign-in code holding a NUL character with a page that says the request was wrong, not a 500', async () => {
      const res = await t.http().get('/sign-in/a%00b');
      expect([res.status, res.type]).toEqual([400, 'text/html']);
    });

    it('answers a form over 100 KB with a page that says so (413), and the API with problem+json', async () => {
      const res = await t
        .http()
        .post('/branch/orders')
        .type('form')
        .send({ notes: 'x'.repeat(300_000) });
      expect([res.status, res.type]).toEqual([413, 'text/html']);
      expect(res.text).toContain('提交的内容太长');
      const api = await t
        .http()
        .post(`${API}/orders`)
        .send({ notes: 'x'.repeat(300_000) });
      expect([api.status, api.type, api.body.code]).toEqual([413, 'application/problem+json', 'PAYLOAD_TOO_LARGE']);
    });

    it('shows what people type as text: a note of <script>alert(1)</script> runs nothing', async () => {
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${t.url}/branch/orders/new`);
      await page.selectOption('#f-topic', 'policy');
      await page.fill('#f-title', '<img src=x onerror=alert(2)>');
      await page.fill('#f-fromDate', localDate(3));
      await page.fill('#f-toDate', localDate(9));
      await page.fill('#f-notes', '<script>alert(1)</script>');
      await clickTo(page, 'button:has-text("提交订单")', /done=placed/);
      await expect(page.textContent('.facts dd.prose')).resolves.toBe('<script>alert(1)</script>');
      await expect(page.textContent('h1')).resolves.toBe('<img src=x onerror=alert(2)>');
      await expect(page.locator('main script, main img').count()).resolves.toBe(0);
      await page.goto(`${t.url}/branch`);
      await expect(page.textContent('main')).resolves.toContain('<img src=x onerror=alert(2)>');
      expect(dialogs).toEqual([]);
      expect(page.errors).toEqual([]);
    });

    it('keeps the API bearer-only: the page cookie opens no API route', async () => {
      const viaCookie = await context.request.get(`${t.url}${API}/orders`);
      expect(viaCookie.status()).toBe(401);
      expect((await viaCookie.json()).code).toBe('UNAUTHENTICATED');
    });

    it('shows another role’s pages as forbidden, and logs out', async () => {
      const admin = await page.goto(`${t.url}/admin/orders`);
      expect(admin?.status()).toBe(403);
      await expect(page.textContent('main')).resolves.toContain('您的角色无权进行此操作');

      await page.goto(`${t.url}/branch`);
      await clickTo(page, 'button:has-text("退出")', /\/login\?done=loggedOut/);
      await expect(page.textContent('.notice-done')).resolves.toContain('已退出');
      await clickTo(page, 'a.brand', /\/login$/);
      expect((await context.cookies()).some((c) => c.name === '__Host-gpl.session')).toBe(false);
    });
  });

  it('leads a person with a temporary password through the password page, then to the page the link was for', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    const me = await t.http().get(`${API}/auth/me`).set(w.auth(secretary.token));
    const reset = await t.http().post(`${API}/accounts/${me.body.id}/reset-password`).set(w.auth());
    const context = await newContext(browser, VIEWPORTS[0]);
    try {
      const page = await newPage(context);
      await page.goto(`${t.url}/branch/menu?topic=policy`);
      await page.fill('#f-username', secretary.username);
      await page.fill('#f-password', reset.body.temporaryPassword as string);
      await clickTo(page, 'button:has-text("登录")', /\/password\?next=/);
      const change = async (newPassword: string, again: string, to: RegExp) => {
        await page.fill('#f-currentPassword', reset.body.temporaryPassword as string);
        await page.fill('#f-newPassword', newPassword);
        await page.fill('#f-newPasswordAgain', again);
        await clickTo(page, 'button:has-text("保存")', to);
      };
      await change('password123', 'password123', /\/password/);
      await expect(page.textContent('.notice-error')).resolves.toContain('新密码：是最常见的密码之一，请换一个');
      // Typed differently the second time: refused, naming the field and why, before anything is changed.
      // (the same URL as the refusal before it: wait for this refusal's own notice, not for a URL)
      await change('hulunbuir-steppe-26', 'hulunbuir-steppe-62', /\/password/);
      await page.waitForSelector('.notice-error:has-text("再次输入的新密码：两次输入的不一致")');
      await expect(page.getAttribute('#f-newPasswordAgain', 'aria-invalid')).resolves.toBe('true');
      await change('hulunbuir-steppe-26', 'hulunbuir-steppe-26', /\/branch\/menu\?topic=policy&done=passwordChanged/);
      await expect(page.textContent('h1')).resolves.toBe('课程菜单');
      await expect(page.textContent('.notice-done')).resolves.toContain('密码已修改');
    } finally {
      await context.close();
    }
  });

  it('sends a visitor without a session to the login page, and back where they were going afterwards', async () => {
    const context = await newContext(browser, VIEWPORTS[0]);
    try {
      const page = await newPage(context);
      await page.goto(`${t.url}/branch/menu?topic=policy`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('#f-username', secretaryA.username);
      await page.fill('#f-password', 'wrong-password');
      await clickTo(page, 'button:has-text("登录")', /\/login/);
      await expect(page.textContent('.notice-error')).resolves.toContain('用户名或密码不正确');
      await page.fill('#f-password', 'password-123');
      await clickTo(page, 'button:has-text("登录")', /\/branch\/menu\?topic=policy/);
      await expect(page.textContent('h1')).resolves.toBe('课程菜单');
    } finally {
      await context.close();
    }
  });
});
