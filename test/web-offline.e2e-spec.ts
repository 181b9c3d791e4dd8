import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext } from 'playwright-core';
import { type CuttableLink, cuttableLink } from './support/cuttable-link.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';
import { launchBrowser, localDate, logIn, newContext, newPage, screenshot, VIEWPORTS } from './web-browser.js';

const PHONE = VIEWPORTS[0];

/**
 * Pages without signal: the service worker keeps the lecturer's and the branch's pages once seen, reports
 * and orders made offline wait in the outbox and arrive once when the link is back; logging out drops it all.
 * The browser reaches the app through a link the test cuts, as a stopped server (or a lost signal) would.
 */
describe('offline pages (service worker), in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let link: CuttableLink;
  let dataDir: string;
  let photoFile: string;
  let courseId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gpl-offline-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    w = await World.build(t);
    link = await cuttableLink(t.url);
    browser = await launchBrowser();
    courseId = (await w.course([(await w.lecturer()).id], { title: '草原生态补奖政策解读' })).id;
    photoFile = join(dataDir, 'camera.jpg');
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7' } })
      .jpeg()
      .toBuffer();
    await writeFile(photoFile, photo);
  });
  afterAll(async () => {
    await browser?.close();
    await link?.close();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(() => link.restore());

  /** Logged in on a phone whose service worker controls the page, then `pages` visited so it keeps them. */
  const withServiceWorker = async (context: BrowserContext, username: string, pages: string[]) => {
    const page = await newPage(context);
    await logIn(page, link.url, username, 'password-123');
    await page.evaluate('navigator.serviceWorker.ready');
    await page.reload();
    await expect(page.evaluate('Boolean(navigator.serviceWorker.controller)')).resolves.toBe(true);
    for (const path of pages) await page.goto(`${link.url}${path}`);
    return page;
  };

  /** A lecture accepted for today 09:30, given by a new lecturer. */
  const lectureToday = async (): Promise<{ orderId: string; lecturer: LecturerFixture }> => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(-1, { title: '牧区防火知识讲座' }), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(0, '09:30') });
    await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
    return { orderId: order.id as string, lecturer };
  };

  it("opens the lecturer's pages from the cache with the server down, saying when they were saved", async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer', `/lecturer/orders/${orderId}`]);
    link.cut();
    await page.goto(`${link.url}/lecturer/orders/${orderId}`);
    await expect(page.textContent('h1')).resolves.toBe('牧区防火知识讲座');
    await expect(page.textContent('.notice-offline')).resolves.toMatch(/已保存于 \d\d:\d\d/);
    await page.goto(`${link.url}/lecturer`);
    await expect(page.textContent('main')).resolves.toContain('牧区防火知识讲座');
    await expect(page.textContent('.notice-offline')).resolves.toMatch(/已保存于 \d\d:\d\d/);
    await screenshot(page, 'offline-lecturer-home', PHONE);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it("keeps the pages of the lecturer's upcoming lectures linked from a page seen, before they are opened", async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer']);
    await page.waitForFunction(`caches.open('pages').then((c) => c.match('/lecturer/orders/${orderId}')).then(Boolean)`);
    link.cut();
    await page.goto(`${link.url}/lecturer/orders/${orderId}`);
    await expect(page.textContent('h1')).resolves.toBe('牧区防火知识讲座');
    await expect(page.textContent('.notice-offline')).resolves.toMatch(/已保存于 \d\d:\d\d/);
    await context.close();
  });

  it('keeps no page once the person has logged out', async () => {
    const { lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer']);
    await expect(page.evaluate<number>('caches.keys().then((k) => k.length)')).resolves.toBeGreaterThan(0);
    await page.click('form.logout button');
    await page.waitForURL(/\/login/);
    await expect(page.evaluate<number>('caches.keys().then((k) => k.length)')).resolves.toBe(0);
    await context.close();
  });

  it('queues an order placed offline, shows it pending, and places it once when the link is back', async () => {
    const branch = await w.branch(w.banners.A.villageId);
    const secretary = await w.account({ role: 'branch', branchId: branch.id });
    const context = await newContext(browser, PHONE);
    const form = `/branch/orders/new?courseId=${courseId}`;
    const page = await withServiceWorker(context, secretary.username, [form]);
    link.cut();
    await context.setOffline(true);
    await page.goto(`${link.url}${form}`);
    await page.fill('#f-fromDate', localDate(3));
    await page.fill('#f-toDate', localDate(20));
    await page.fill('#f-expectedAudience', '45');
    await page.click('button:has-text("提交订单")');
    await expect(page.textContent('.notice-pending')).resolves.toContain('待发送 1 条');
    await screenshot(page, 'offline-order-pending', PHONE);

    // Back in reach: the person taps 重试 (Background Sync or the `online` event would do it by themselves).
    link.restore();
    await context.setOffline(false);
    await page.click('.notice-pending button:has-text("重试")');
    await page.waitForSelector('.notice-pending', { state: 'detached' });
    // A retry after it went (another page load) sends nothing more.
    await page.reload();
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM orders WHERE branch_id = $1`, [branch.id]);
    expect(count).toBe(1);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('asks before logging out while something waits to be sent, and keeps it when the person stays', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.B.id });
    const context = await newContext(browser, PHONE);
    const form = `/branch/orders/new?courseId=${courseId}`;
    const page = await withServiceWorker(context, secretary.username, [form]);
    link.cut();
    await page.goto(`${link.url}${form}`);
    await page.fill('#f-fromDate', localDate(3));
    await page.fill('#f-toDate', localDate(20));
    await page.fill('#f-expectedAudience', '30');
    await page.click('button:has-text("提交订单")');
    await expect(page.textContent('.notice-pending')).resolves.toContain('待发送 1 条');
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.message()))));
    await page.click('form.logout button');
    await expect(asked).resolves.toContain('还有 1 条待发送');
    await expect(page.textContent('.notice-pending')).resolves.toContain('待发送 1 条');
    await context.close();
  });

  it('queues a lecture reported offline with its photos, and records it once when the link is back', async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, [`/lecturer/orders/${orderId}`]);
    link.cut();
    await context.setOffline(true);
    await page.goto(`${link.url}/lecturer/orders/${orderId}`);
    await page.fill('#f-attendance', '37');
    await page.fill('#f-summary', '讲了牧区防火');
    await page.setInputFiles('#f-photo', [photoFile, photoFile]);
    await page.waitForSelector('#f-photo + p:has-text("KB")');
    await page.click('button:has-text("提交")');
    await expect(page.textContent('.notice-pending')).resolves.toContain('待发送 1 条');

    link.restore();
    await context.setOffline(false);
    await page.click('.notice-pending button:has-text("重试")');
    await page.waitForSelector('.notice-pending', { state: 'detached' });
    await page.reload();
    const order = (await t.http().get(`${API}/orders/${orderId}`).set(w.auth())).body;
    expect(order.status).toBe('completed');
    expect(order.completion.attendance).toBe(37);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM evidence_photos WHERE order_id = $1`, [orderId]);
    expect(count).toBe(2);
    expect(page.errors).toEqual([]);
    await context.close();
  });
});
