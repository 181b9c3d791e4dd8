import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestApp, startTestApp } from './support/test-app.js';
import { World } from './support/world.js';
import { clickTo, launchBrowser, logIn, newContext, newPage, overflowX, screenshot, VIEWPORTS } from './web-browser.js';

describe('the inbox pages (通知), in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page & { errors: string[] };
  let orderId: string;
  let rejectedId: string;
  const phone = VIEWPORTS[0];
  // A reason with a link in it: one unbroken run wider than a phone.
  const rejectReason = '与已有安排重复，详见 https://mp.weixin.qq.com/s/Xy7kQ2bLmN9pRtUvWzA3cDxY7kQ2bLmN9pRtUvWzA3cD';

  beforeAll(async () => {
    t = await startTestApp({ JOB_QUEUE: 'off' });
    w = await World.build(t);
    const lecturer = await w.lecturer();
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    orderId = (await w.post('/orders', World.customOrder(-1), w.branches.A.token)).id;
    await w.advance(orderId, lecturer, 'accepted');
    rejectedId = (await w.post('/orders', World.customOrder(3), w.branches.A.token)).id;
    await w.post(`/orders/${rejectedId}/reject`, { reason: rejectReason });
    browser = await launchBrowser();
    context = await newContext(browser, phone);
    page = await newPage(context);
    await logIn(page, t.url, secretary.username, 'password-123');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('shows the unread count in the header of every page', async () => {
    for (const path of ['/branch', '/branch/menu', '/branch/orders/new']) {
      await page.goto(`${t.url}${path}`);
      await expect(page.textContent('header .inbox-link .badge')).resolves.toBe('2');
    }
  });

  it('keeps the unread count in the header of a page that refuses a form', async () => {
    await page.goto(`${t.url}/branch/orders/new`);
    // The last day before the first: the page comes back with the form and what is wrong with it.
    await page.selectOption('#f-topic', 'practical_skills');
    await page.fill('#f-title', '牲畜疫病防治');
    await page.fill('#f-fromDate', '2030-06-20');
    await page.fill('#f-toDate', '2030-06-10');
    await clickTo(page, 'button:has-text("提交订单")', /\/branch\/orders$/);
    await expect(page.locator('.notice-error').count()).resolves.toBe(1);
    await expect(page.textContent('header .inbox-link .badge')).resolves.toBe('2');
  });

  it('shows "99+" in the header once more than 99 are unread (an admin told of every order placed in its scope)', async () => {
    const admin = await w.account({ role: 'admin', regionId: w.banners.B.id });
    for (let i = 0; i < 100; i++) await w.post('/orders', World.customOrder(10 + (i % 5)), w.branches.B.token);
    const adminContext = await newContext(browser, phone);
    const adminPage = await newPage(adminContext);
    await logIn(adminPage, t.url, admin.username, 'password-123');
    await expect(adminPage.textContent('header .inbox-link .badge')).resolves.toBe('99+');
    const inbox = await t.http().get('/api/v1/notifications?limit=1').set(w.auth(admin.token));
    expect(inbox.body.unreadCount).toBe(100);
    await adminContext.close();
  });

  it('lists the notifications in Chinese, newest first, and fits a phone', async () => {
    await clickTo(page, 'header .inbox-link', /\/inbox$/);
    const titles = await page.locator('.inbox h2').allTextContents();
    expect(titles.map((s) => s.replace('新', '').trim())).toEqual(['订单已驳回', '订单已被接单']);
    await expect(page.textContent('.inbox')).resolves.toContain(rejectReason);
    await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
    await screenshot(page, 'inbox', phone);
    expect(page.errors).toEqual([]);
  });

  it("wraps a reason's link on the order's timeline too, fitting a phone", async () => {
    await page.goto(`${t.url}/branch/orders/${rejectedId}`);
    await expect(page.textContent('main')).resolves.toContain(rejectReason);
    await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
  });

  it('opens the order a notification is about and counts it read', async () => {
    await page.goto(`${t.url}/inbox`);
    await clickTo(page, '.inbox li:last-child button:has-text("查看订单")', new RegExp(`/branch/orders/${orderId}$`));
    await expect(page.textContent('header .inbox-link .badge')).resolves.toBe('1');
  });

  it('marks all read', async () => {
    await page.goto(`${t.url}/inbox`);
    await clickTo(page, 'button:has-text("全部标为已读")', /\/inbox\?done=read/);
    await expect(page.locator('header .inbox-link .badge').count()).resolves.toBe(0);
    await expect(page.textContent('.notice-done')).resolves.toContain('已全部标为已读');
  });

  it('keeps the settings: a Chinese mobile number for SMS, and refuses one that is not', async () => {
    await page.goto(`${t.url}/inbox/settings`);
    await expect(page.inputValue('#f-quietHours')).resolves.toBe('22:00');
    await page.fill('#f-phone', '12345');
    await page.check('input[name="sms"]');
    await clickTo(page, 'button:has-text("保存")', /\/inbox\/settings$/);
    await expect(page.textContent('.notice-error')).resolves.toBeTruthy();
    await page.fill('#f-phone', '+86 138 0013 8000');
    await clickTo(page, 'button:has-text("保存")', /\/inbox\/settings\?done=saved/);
    await expect(page.inputValue('#f-phone')).resolves.toBe('13800138000');
    await expect(page.isChecked('input[name="sms"]')).resolves.toBe(true);
    expect(page.errors).toEqual([]);
  });
});
