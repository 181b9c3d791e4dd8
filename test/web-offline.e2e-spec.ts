import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MESSAGES_ZH } from '../src/i18n/messages-zh.js';
import { type CuttableLink, cuttableLink } from './support/cuttable-link.js';
import { eventually } from './support/receiver.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';
import { clickTo, launchBrowser, localDate, logIn, newContext, newPage, screenshot, VIEWPORTS } from './web-browser.js';

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

  /** Reports the lecture on the page open at its order: 37 attendees, a summary, two photos (shrunk first). */
  const reportWithTwoPhotos = async (page: Page) => {
    await page.fill('#f-attendance', '37');
    await page.fill('#f-summary', '讲了牧区防火');
    await page.setInputFiles('#f-photo', [photoFile, photoFile]);
    await page.waitForSelector('#f-photo + p:has-text("KB")');
    await page.click('button:has-text("提交")');
  };

  /** The order's status and its photos' count, as the database has them. */
  const reported = async (orderId: string) => {
    const [row] = await t.db.query(
      `SELECT o.status, o.attendance, (SELECT count(*)::int FROM evidence_photos e WHERE e.order_id = o.id) AS photos
         FROM orders o WHERE o.id = $1`,
      [orderId],
    );
    return row as { status: string; attendance: number | null; photos: number };
  };

  /** A lecture reported with two photos on a phone with no signal (and no server): it waits in the outbox. */
  const reportedOffline = async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, [`/lecturer/orders/${orderId}`]);
    link.cut();
    await context.setOffline(true);
    await page.goto(`${link.url}/lecturer/orders/${orderId}`);
    await reportWithTwoPhotos(page);
    await expect(page.textContent('.notice-pending')).resolves.toContain('1 条已存在本机，联网后自动提交');
    return { orderId, context, page };
  };

  /** The signal and the server are back. */
  const backOnline = async (context: BrowserContext) => {
    link.restore();
    await context.setOffline(false);
  };

  /** Waits, touching nothing, until the report and both photos have arrived and the outbox is empty; then checks they arrived once. */
  const arrivesOnce = async (orderId: string, page: Page) => {
    await eventually(
      () => reported(orderId),
      (r) => r.status === 'completed' && r.photos === 2,
    );
    await page.waitForSelector('.notice-pending', { state: 'detached', timeout: 30_000 });
    await expect(outboxSize(page)).resolves.toBe(0);
    await expect(reported(orderId)).resolves.toEqual({ status: 'completed', attendance: 37, photos: 2 });
  };

  /** The request lines the link carried that post to one of the order's page routes (`complete`, `evidence`). */
  const postsTo = (orderId: string, route: string) =>
    link.requests.filter((line) => line.startsWith(`POST /lecturer/orders/${orderId}/${route} `));

  /** A branch secretary's order form, filled in online for `audience` people. */
  const orderFormFilled = async (audience: string) => {
    const branch = await w.branch(w.banners.A.villageId);
    const secretary = await w.account({ role: 'branch', branchId: branch.id });
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, secretary.username, [`/branch/orders/new?courseId=${courseId}`]);
    await page.fill('#f-fromDate', localDate(3));
    await page.fill('#f-toDate', localDate(20));
    await page.fill('#f-expectedAudience', audience);
    return { branchId: branch.id, context, page };
  };

  /** How many orders a branch has. */
  const ordersOf = async (branchId: string) =>
    (await t.db.query(`SELECT count(*)::int AS count FROM orders WHERE branch_id = $1`, [branchId]))[0].count as number;

  /** How many entries the page's outbox holds (refused ones included). */
  /** Waits until the service worker keeps `path` (a loop in the page: evaluate awaits its promise). */
  const untilKept = (page: Page, path: string) =>
    page.evaluate(
      `(async () => { while (!(await caches.match(${JSON.stringify(path)}))) await new Promise((r) => setTimeout(r, 50)); })()`,
    );

  const outboxSize = (page: Page) => page.evaluate<number>('offlineQueue.all().then((entries) => entries.length)');

  it("opens the lecturer's pages from the cache with the server down, saying when they were saved", async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer', `/lecturer/orders/${orderId}`]);
    link.cut();
    await page.goto(`${link.url}/lecturer/orders/${orderId}`);
    await expect(page.textContent('h1')).resolves.toBe('牧区防火知识讲座');
    await expect(page.textContent('.notice-offline')).resolves.toMatch(/这是 \d\d:\d\d 保存的页面/);
    await page.goto(`${link.url}/lecturer`);
    await expect(page.textContent('main')).resolves.toContain('牧区防火知识讲座');
    await expect(page.textContent('.notice-offline')).resolves.toMatch(/这是 \d\d:\d\d 保存的页面/);
    await screenshot(page, 'offline-lecturer-home', PHONE);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it("keeps the pages of the lecturer's upcoming lectures linked from a page seen, before they are opened", async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer']);
    await untilKept(page, `/lecturer/orders/${orderId}`);
    link.cut();
    await page.goto(`${link.url}/lecturer/orders/${orderId}`);
    await expect(page.textContent('h1')).resolves.toBe('牧区防火知识讲座');
    await expect(page.textContent('.notice-offline')).resolves.toMatch(/这是 \d\d:\d\d 保存的页面/);
    await context.close();
  });

  it('saves the pages again in the language the lecturer switches to, so that with no signal they open in it', async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer']);
    await untilKept(page, `/lecturer/orders/${orderId}`);
    await Promise.all([page.waitForURL(/.*/, { waitUntil: 'load' }), page.click('.language-switch button[value="mn"]')]);
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('mn-Mong');
    // Saved again, in Mongolian (a loop in the page: evaluate awaits its promise).
    await page.evaluate(`(async () => {
      const inMongolian = async () => (await (await caches.match('/lecturer/orders/${orderId}'))?.text())?.includes('lang="mn-Mong"');
      while (!(await inMongolian())) await new Promise((r) => setTimeout(r, 50));
    })()`);
    link.cut();
    await page.goto(`${link.url}/lecturer/orders/${orderId}`);
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('mn-Mong');
    await expect(page.locator('.notice-offline').count()).resolves.toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('leaves for later a linked page the server refuses while saving ahead, without an error on the page', async () => {
    const { orderId, lecturer } = await lectureToday();
    const refused: string[] = [];
    link.refuseWhen((line) => {
      const saving = line.startsWith(`GET /lecturer/orders/${orderId} `);
      if (saving) refused.push(line);
      return saving;
    });
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer']);
    await eventually(
      () => Promise.resolve(refused.length),
      (n) => n > 0,
    );
    // The refusal's answer has come back by the time another page has loaded.
    await page.goto(`${link.url}/lecturer/schedule`);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it("shows a page never saved, with no signal, as the offline page, leading back to the lecturer's first page", async () => {
    const { lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, ['/lecturer']);
    await untilKept(page, '/offline'); // at the service worker's install
    link.cut();
    await page.goto(`${link.url}/lecturer/availability`);
    await expect(page.textContent('h1')).resolves.toBe('没有网络');
    await expect(page.getAttribute('a[data-home]', 'href')).resolves.toBe('/lecturer');
    expect(page.errors).toEqual([]);
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
    await expect(page.textContent('.notice-pending')).resolves.toContain('1 条已存在本机，联网后自动提交');
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

  it('brings a form that needs the server (cancelling an order) back to its page with no signal, saying it was not sent', async () => {
    const branch = await w.branch(w.banners.A.villageId);
    const secretary = await w.account({ role: 'branch', branchId: branch.id });
    const order = await w.post('/orders', World.customOrder(6, { title: '离线时取消' }), secretary.token);
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, secretary.username, [`/branch/orders/${order.id}`]);
    link.cut();
    await context.setOffline(true);
    await page.goto(`${link.url}/branch/orders/${order.id}`);
    await page.click('summary:has-text("取消订单")');
    await page.fill('#f-reason', '改期');
    await page.click('button:has-text("确认取消")');
    await page.waitForSelector('.notice-not-sent');
    await expect(page.textContent('.notice-not-sent')).resolves.toContain('刚才的操作没有发出');
    expect(new URL(page.url()).pathname).toBe(`/branch/orders/${order.id}`);
    await backOnline(context);
    const stored = await t.http().get(`${API}/orders/${order.id}`).set(w.auth());
    expect(stored.body.status).toBe('pending');
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
    await expect(page.textContent('.notice-pending')).resolves.toContain('1 条已存在本机，联网后自动提交');
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.message()))));
    await page.click('form.logout button');
    await expect(asked).resolves.toContain('还有 1 条待发送');
    await expect(page.textContent('.notice-pending')).resolves.toContain('1 条已存在本机，联网后自动提交');
    await context.close();
  });

  it('queues a lecture reported offline with its photos, and records it once when the link is back', async () => {
    const { orderId, context, page } = await reportedOffline();
    await backOnline(context);
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

  it('keeps a report waiting in the outbox from being made twice: its form is out of sight until it is sent', async () => {
    const { orderId, context, page } = await reportedOffline();
    const form = `form[action="/lecturer/orders/${orderId}/complete"]`;
    await expect(page.isHidden(form)).resolves.toBe(true);
    await expect(page.textContent('.notice-held')).resolves.toContain('已存在本机');
    await backOnline(context);
    await arrivesOnce(orderId, page);
    expect(postsTo(orderId, 'complete')).toHaveLength(1);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('sends a lecture reported offline by itself once the connection is back, with both photos, once', async () => {
    const { orderId, context, page } = await reportedOffline();
    // Back in reach, and nobody touches anything.
    await backOnline(context);
    await arrivesOnce(orderId, page);
    expect(postsTo(orderId, 'complete')).toHaveLength(1);
    // The page says so, and offers itself afresh: it still shows the lecture as not yet reported, no longer "no signal".
    await expect(page.textContent('.notice-delivered')).resolves.toContain('已提交 1 条');
    await expect(page.locator('.notice:has-text("没有网络")').count()).resolves.toBe(0);
    await Promise.all([page.waitForEvent('load'), page.click('.notice-delivered button:has-text("刷新页面")')]);
    await expect(page.textContent('.page-head .badge')).resolves.toBe('已完成');
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('keeps a report sent while the server is down (the phone still online), and sends it by itself when the server is back', async () => {
    const { orderId, lecturer } = await lectureToday();
    const context = await newContext(browser, PHONE);
    const page = await withServiceWorker(context, lecturer.username, [`/lecturer/orders/${orderId}`]);
    // The page was loaded with the server up; it stops before the form goes.
    link.cut();
    await reportWithTwoPhotos(page);
    await expect(page.textContent('.notice-pending')).resolves.toContain('1 条已存在本机，联网后自动提交');
    await expect(page.textContent('main')).resolves.toMatch(/这是 \d\d:\d\d 保存的页面/);
    await screenshot(page, 'offline-report-server-down', PHONE);

    link.restore();
    await arrivesOnce(orderId, page);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('keeps an order placed while the gateway answers 502 for the server, and places it once by itself when it is back', async () => {
    const { branchId, context, page } = await orderFormFilled('45');
    link.gateway();
    await page.click('button:has-text("提交订单")');
    await expect(page.textContent('.notice-pending')).resolves.toContain('1 条已存在本机，联网后自动提交');

    link.restore();
    await eventually(
      () => ordersOf(branchId),
      (n) => n > 0,
    );
    await page.waitForSelector('.notice-pending', { state: 'detached', timeout: 30_000 });
    await page.reload();
    await expect(ordersOf(branchId)).resolves.toBe(1);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it("keeps a report the server refuses in sight with the server's reason until the lecturer dismisses it", async () => {
    const { orderId, context, page } = await reportedOffline();
    // Meanwhile the branch cancels the lecture: the report can no longer be taken.
    await w.post(`/orders/${orderId}/cancel`, { reason: '牧民转场' }, w.branches.A.token);
    await backOnline(context);
    await page.waitForSelector('.notice-refused', { timeout: 30_000 });
    await expect(page.textContent('.notice-refused')).resolves.toContain('未能提交 1 条');
    await expect(page.textContent('.notice-refused')).resolves.toContain(MESSAGES_ZH.ORDER_STATE_CONFLICT);
    await screenshot(page, 'offline-report-refused', PHONE);
    // Still there on the next visit; gone once dismissed.
    await page.reload();
    await expect(page.textContent('.notice-refused')).resolves.toContain(MESSAGES_ZH.ORDER_STATE_CONFLICT);
    await expect(outboxSize(page)).resolves.toBe(1);
    await page.click('.notice-refused button:has-text("删除")');
    await page.waitForSelector('.notice-refused', { state: 'detached' });
    await expect(outboxSize(page)).resolves.toBe(0);
    await expect(reported(orderId)).resolves.toMatchObject({ status: 'cancelled', photos: 0 });
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it("sends again only the photo that failed when one of a report's photos is refused once", async () => {
    const { orderId, context, page } = await reportedOffline();
    // The second photo's upload fails once on its way (a gateway's 503); everything else goes through.
    await backOnline(context);
    link.refuseWhen((line) => line.includes('/evidence ') && postsTo(orderId, 'evidence').length === 2);
    await arrivesOnce(orderId, page);
    // The report once, the first photo once, the second twice (refused, then sent again).
    expect(postsTo(orderId, 'complete')).toHaveLength(1);
    expect(postsTo(orderId, 'evidence')).toHaveLength(3);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('puts an order the server refuses back into its form to correct, and places the corrected one', async () => {
    // A value the server's rules refuse (the form's own check is off, as on a page saved before the rules changed).
    const { branchId, context, page } = await orderFormFilled('0');
    await page.evaluate('document.querySelector("form[data-offline-outbox]").noValidate = true');
    link.cut();
    await page.click('button:has-text("提交订单")');
    await expect(page.textContent('.notice-pending')).resolves.toContain('1 条已存在本机，联网后自动提交');

    link.restore();
    await page.waitForSelector('.notice-refused', { timeout: 30_000 });
    await expect(page.textContent('.notice-refused')).resolves.toContain(MESSAGES_ZH.VALIDATION_FAILED);
    await page.click('.notice-refused button:has-text("修改")');
    await page.waitForSelector('.notice-refused', { state: 'detached' });
    await expect(page.inputValue('#f-fromDate')).resolves.toBe(localDate(3));
    await expect(page.inputValue('#f-expectedAudience')).resolves.toBe('0');
    await page.fill('#f-expectedAudience', '45');
    await clickTo(page, 'button:has-text("提交订单")', /\/branch\/orders\/[0-9a-f-]{36}\?done=placed/);
    const orders = await t.db.query(`SELECT expected_audience FROM orders WHERE branch_id = $1`, [branchId]);
    expect(orders).toEqual([{ expected_audience: 45 }]);
    await expect(outboxSize(page)).resolves.toBe(0);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it("stores a report's photo once when the answer to its upload is lost and the outbox sends it again", async () => {
    const { orderId, context, page } = await reportedOffline();
    // The first photo reaches the server, but the answer never comes back: sent again, under its key.
    await backOnline(context);
    link.loseAnswerWhen((line) => line.includes('/evidence ') && postsTo(orderId, 'evidence').length === 1);
    await arrivesOnce(orderId, page);
    expect(postsTo(orderId, 'evidence').length).toBeGreaterThanOrEqual(3);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('sends an order the outbox queued before it sent in parts, once', async () => {
    const { branchId, context, page } = await orderFormFilled('45');
    // As the earlier outbox stored it: the form's fields, its absolute action, no parts.
    await page.evaluate(`(() => {
      const form = document.querySelector('form[data-offline-outbox]');
      const fields = [...new FormData(form)].map(([name, value]) => [name, value]);
      const entry = { key: crypto.randomUUID(), action: form.action, fields, multipart: false, queuedAt: Date.now() };
      return idb.openDB('offline', 1).then((d) => d.put('outbox', entry));
    })()`);
    await page.reload();
    await eventually(
      () => ordersOf(branchId),
      (n) => n > 0,
    );
    await eventually(
      () => outboxSize(page),
      (n) => n === 0,
    );
    await expect(ordersOf(branchId)).resolves.toBe(1);
    expect(page.errors).toEqual([]);
    await context.close();
  });
});
