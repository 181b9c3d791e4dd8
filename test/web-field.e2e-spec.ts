import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext } from 'playwright-core';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';
import { clickTo, launchBrowser, logIn, newContext, newPage, overflowX, screenshot, VIEWPORTS } from './web-browser.js';
import { localDate } from '../src/kernel/time.js';

const [PHONE, DESKTOP] = VIEWPORTS;

/** The field pages in a real browser: the sign-in QR code and page, the report with photos, what the order pages show. */
describe('field pages (签到, 现场照片), in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let dataDir: string;
  let photoFile: string;
  let branchAt: { latitude: number; longitude: number };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'field-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    w = await World.build(t);
    browser = await launchBrowser();
    const branch = (await t.http().get(`${API}/branches/${w.branches.A.id}`).set(w.auth())).body;
    branchAt = { latitude: branch.latitude, longitude: branch.longitude };
    // A camera's photo: 4000 × 3000 of grain (megabytes, as a phone's are), taken 1 km north of the branch.
    const latitude = branchAt.latitude + 0.009;
    const d = Math.floor(latitude);
    const minutes = (latitude - d) * 60;
    const gps = `${d}/1 ${Math.floor(minutes)}/1 ${Math.round((minutes - Math.floor(minutes)) * 6000)}/100`;
    const lon = branchAt.longitude;
    const lonMinutes = (lon - Math.floor(lon)) * 60;
    const gpsLon = `${Math.floor(lon)}/1 ${Math.floor(lonMinutes)}/1 ${Math.round((lonMinutes - Math.floor(lonMinutes)) * 6000)}/100`;
    const bytes = await sharp({
      create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
    })
      .jpeg({ quality: 92 })
      .withExif({
        IFD2: { DateTimeOriginal: '2026:12:02 09:45:00' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: gps, GPSLongitudeRef: 'E', GPSLongitude: gpsLon },
      })
      .toBuffer();
    photoFile = join(dataDir, 'camera.jpg');
    await writeFile(photoFile, bytes);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A lecture of branch A accepted by a lecturer of its own, under way since 09:30 (or starting at `startsAt`). */
  const lecture = async (startsAt = World.at(0, '09:30')): Promise<{ orderId: string; lecturer: LecturerFixture }> => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(-1, { title: '草原生态保护政策宣讲' }), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt });
    await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
    return { orderId: order.id, lecturer };
  };
  const sheetUrl = async (l: { orderId: string; lecturer: LecturerFixture }) =>
    (await t.http().get(`${API}/orders/${l.orderId}/sign-in`).set(w.auth(l.lecturer.token))).body.url as string;
  const loggedIn = async (context: BrowserContext, username: string, password = 'password-123') => {
    const page = await newPage(context);
    await logIn(page, t.url, username, password);
    return page;
  };

  it("shows the lecturer the QR code and link on the lecture's page, fitting a phone", async () => {
    const l = await lecture();
    const context = await newContext(browser, PHONE);
    const page = await loggedIn(context, l.lecturer.username);
    await page.goto(`${t.url}/lecturer/orders/${l.orderId}`);
    await expect(page.locator('.sign-in-sheet .qr svg').count()).resolves.toBe(1);
    await expect(page.textContent('.sign-in-link')).resolves.toBe(await sheetUrl(l));
    await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
    await screenshot(page, 'field-lecturer-qr', PHONE);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('offers no adding of names by hand before the sheet opens, the QR code shown to print ahead', async () => {
    const l = await lecture(World.at(2, '09:30'));
    const context = await newContext(browser, PHONE);
    const page = await loggedIn(context, l.lecturer.username);
    await page.goto(`${t.url}/lecturer/orders/${l.orderId}`);
    await expect(page.locator('.sign-in-sheet .qr svg').count()).resolves.toBe(1);
    await expect(page.locator('#f-att-name').count()).resolves.toBe(0);
    await context.close();
  });

  it('shows no QR code once the sign-in has closed, and still takes a name by hand until the report', async () => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(-3, { title: '前天的宣讲' }), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(-2, '09:30') });
    await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
    const context = await newContext(browser, PHONE);
    const page = await loggedIn(context, lecturer.username);
    await page.goto(`${t.url}/lecturer/orders/${order.id}`);
    await expect(page.locator('.sign-in-sheet .qr').count()).resolves.toBe(0);
    await expect(page.textContent('.sign-in-sheet')).resolves.toContain('扫码签到已于');
    // Each section under its own heading: this one adds names, the list below holds them.
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toContain('补记签到');
    expect(new Set(headings).size).toBe(headings.length);
    await page.fill('#f-att-name', '敖登');
    await clickTo(page, 'button:has-text("加入名单")', /done=attendeeAdded/);
    expect((await t.http().get(`${API}/orders/${order.id}/attendees`).set(w.auth())).body.count).toBe(1);
    // Added two days after the lecture: the sheet shows that day's date, not only a time that reads as the lecture's.
    await expect(page.textContent('.attendees li time')).resolves.toMatch(/^\d+月\d+日 周. \d\d:\d\d$/);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('adds a name by hand once: the same name again is said to be on the sheet already, and counted once', async () => {
    const l = await lecture();
    const context = await newContext(browser, PHONE);
    const page = await loggedIn(context, l.lecturer.username);
    await page.goto(`${t.url}/lecturer/orders/${l.orderId}`);
    await page.fill('#f-att-name', '乌云');
    await clickTo(page, 'button:has-text("加入名单")', /done=attendeeAdded/);
    await page.fill('#f-att-name', '乌云');
    await clickTo(page, 'button:has-text("加入名单")', /done=attendeeAlready/);
    await expect(page.textContent('.notice-done')).resolves.toContain('名单中已有此人');
    expect((await t.http().get(`${API}/orders/${l.orderId}/attendees`).set(w.auth())).body.count).toBe(1);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  describe.each([
    { js: true, label: 'with JavaScript' },
    { js: false, label: 'without JavaScript' },
  ])('an attendee on a phone, $label', ({ js }) => {
    it('signs in with a name and phone and no account, once', async () => {
      const l = await lecture();
      const context = await newContext(browser, PHONE, { javaScriptEnabled: js });
      const page = await newPage(context);
      await page.goto(await sheetUrl(l));
      await expect(page.textContent('h1')).resolves.toBe('签到');
      await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
      // When it closes, with its day: a sheet of an evening lecture closes after midnight.
      const { closesAt } = (await t.http().get(`${API}/orders/${l.orderId}/sign-in`).set(w.auth(l.lecturer.token))).body;
      const [, month, day] = localDate(Date.parse(closesAt as string))
        .split('-')
        .map(Number);
      await expect(page.textContent('main')).resolves.toContain(`签到开放至 ${month}月${day}日`);
      await page.fill('#f-name', '其其格');
      await page.fill('#f-phone', '13800001234');
      await clickTo(page, 'button:has-text("签到")', /done=signedIn/);
      await expect(page.textContent('.notice')).resolves.toContain('签到成功');
      await page.fill('#f-name', '其其格');
      await page.fill('#f-phone', '138 0000 1234');
      await clickTo(page, 'button:has-text("签到")', /done=signedInAgain/);
      await expect(page.textContent('.notice')).resolves.toContain('已经签过到');
      expect((await t.http().get(`${API}/orders/${l.orderId}/attendees`).set(w.auth())).body.count).toBe(1);
      if (js) await screenshot(page, 'field-sign-in', PHONE);
      await context.close();
    });
  });

  it("names an attendee's blank name as the form's label does (姓名), not as a place's name", async () => {
    const l = await lecture();
    const page = await newPage(await newContext(browser, PHONE, { javaScriptEnabled: false }));
    await page.goto(await sheetUrl(l));
    // As a phone without form checks sends it.
    await page.fill('#f-name', '   ');
    await page.evaluate(`document.querySelector('#f-name').removeAttribute('required')`);
    await page.click('button:has-text("签到")');
    await expect(page.textContent('.notice-error')).resolves.toContain('姓名：不能为空');
    await page.context().close();
  });

  it('shows a clear closed page outside the window', async () => {
    const l = await lecture(World.at(2, '09:00'));
    const context = await newContext(browser, PHONE);
    const page = await newPage(context);
    const res = await page.goto(await sheetUrl(l));
    expect(res?.status()).toBe(410);
    await expect(page.textContent('h1')).resolves.toBe('签到未开放');
    await expect(page.locator('form[action^="/sign-in"]').count()).resolves.toBe(0);
    await screenshot(page, 'field-sign-in-closed', PHONE);
    await context.close();
  });

  it('says the lecture is over once it is reported, within the window too, and sends nobody to the lecturer', async () => {
    const l = await lecture();
    const url = await sheetUrl(l);
    await w.post(`/orders/${l.orderId}/complete`, { attendance: 30, summary: '已授课' }, l.lecturer.token);
    const context = await newContext(browser, PHONE);
    const page = await newPage(context);
    expect((await page.goto(url))?.status()).toBe(410);
    await expect(page.textContent('h1')).resolves.toBe('签到已结束');
    await expect(page.textContent('main')).resolves.toContain('本场授课已结束并已提交报告，签到已关闭。');
    await expect(page.textContent('main')).resolves.not.toMatch(/现在不能签到|补记/);
    await context.close();
  });

  it('lets the lecturer add a name by hand, shown in the list', async () => {
    const l = await lecture();
    const context = await newContext(browser, DESKTOP);
    const page = await loggedIn(context, l.lecturer.username);
    await page.goto(`${t.url}/lecturer/orders/${l.orderId}`);
    await page.fill('#f-att-name', '老额吉');
    await clickTo(page, 'button:has-text("加入名单")', /done=attendeeAdded/);
    await expect(page.textContent('.attendees')).resolves.toContain('老额吉');
    await expect(page.textContent('.attendees li time')).resolves.toMatch(/^\d\d:\d\d$/); // the lecture's day: the time says enough
    await context.close();
  });

  describe.each([
    { js: true, label: 'shrunk in the browser' },
    { js: false, label: 'sent as they are, without JavaScript' },
  ])('the report with two photos, $label', ({ js }) => {
    it('completes the lecture with the sign-in count and stores both photos, with how far from the branch', async () => {
      const l = await lecture();
      await t.http().post(`${API}/orders/${l.orderId}/attendees`).set(w.auth(l.lecturer.token)).send({ name: '巴特尔' });
      const context = await newContext(browser, PHONE, { javaScriptEnabled: js });
      const page = await loggedIn(context, l.lecturer.username);
      await page.goto(`${t.url}/lecturer/orders/${l.orderId}`);
      await page.fill('#f-summary', '讲了草原生态补奖政策');
      await page.setInputFiles('#f-photo', [photoFile, photoFile]);
      if (js) {
        // Shrunk, the two photos weigh less than one of the camera's.
        const status = await page.textContent('#f-photo + p:has-text("KB")');
        expect(Number(/共 (\d+) KB/.exec(status ?? '')?.[1]) * 1024).toBeLessThan((await stat(photoFile)).size);
      }
      await clickTo(page, 'button:has-text("提交")', /done=completed/);
      const order = (await t.http().get(`${API}/orders/${l.orderId}`).set(w.auth())).body;
      expect(order.completion.attendance).toBe(1);
      const photos = (await t.http().get(`${API}/orders/${l.orderId}/evidence`).set(w.auth())).body.items;
      expect(photos).toHaveLength(2);
      for (const p of photos) {
        expect(p).toMatchObject({ width: 1600, height: 1200 });
        expect(p.kmFromBranch).toBeCloseTo(1, 0);
      }
      await expect(page.locator('.photos img').count()).resolves.toBe(2);
      await expect(page.textContent('.photos')).resolves.toContain('距党支部 1.0 公里');
      expect(page.errors).toEqual([]);
      if (js) await screenshot(page, 'field-report-photos', PHONE);
      await context.close();
    });
  });

  it('refuses a report with a file that is no photo whole, nothing stored, and gives it back as typed to send again (no script)', async () => {
    const l = await lecture();
    const notPhoto = join(dataDir, 'notes.jpg');
    await writeFile(notPhoto, '这不是照片');
    const context = await newContext(browser, PHONE, { javaScriptEnabled: false });
    const page = await loggedIn(context, l.lecturer.username);
    await page.goto(`${t.url}/lecturer/orders/${l.orderId}`);
    await page.fill('#f-attendance', '31');
    await page.fill('#f-summary', '讲了草原生态补奖政策');
    await page.setInputFiles('#f-photo', [photoFile, notPhoto]);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("提交")')]);
    await expect(page.textContent('.notice-error')).resolves.toContain('JPEG');
    // Without a script to keep it, the server gives the report back as typed (drafts.js does it with one).
    await expect(page.inputValue('#f-summary')).resolves.toBe('讲了草原生态补奖政策');
    await expect(page.inputValue('#f-attendance')).resolves.toBe('31');
    expect((await t.http().get(`${API}/orders/${l.orderId}`).set(w.auth())).body.status).toBe('accepted');
    expect((await t.http().get(`${API}/orders/${l.orderId}/evidence`).set(w.auth())).body.items).toEqual([]);
    await expect(page.locator('#f-photo').count()).resolves.toBe(1);
    await context.close();
  });

  it("shows the branch its lecture's attendees without phones and the photos; admins see the phones", async () => {
    const l = await lecture();
    const code = (await sheetUrl(l)).split('/').pop();
    await t.http().post(`${API}/sign-in/${code}`).send({ name: '其其格', phone: '13800001234' });
    const bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#6a4' } })
      .jpeg()
      .toBuffer();
    await t.http().post(`${API}/orders/${l.orderId}/evidence`).set(w.auth(l.lecturer.token)).attach('photo', bytes, 'a.jpg');

    const branchContext = await newContext(browser, DESKTOP);
    const branchPage = await newPage(branchContext);
    const { username } = await w.account({ role: 'branch', branchId: w.branches.A.id });
    await logIn(branchPage, t.url, username, 'password-123');
    await branchPage.goto(`${t.url}/branch/orders/${l.orderId}`);
    await expect(branchPage.textContent('.attendees')).resolves.toContain('其其格');
    await expect(branchPage.textContent('.attendees')).resolves.not.toContain('13800001234');
    await expect(branchPage.textContent('.photos')).resolves.toContain('未记录拍摄地点');
    // The photos load lazily, so the page's load event does not wait for them: bring them into view and wait.
    await branchPage.locator('.photos img').last().scrollIntoViewIfNeeded();
    await branchPage.waitForFunction("[...document.querySelectorAll('.photos img')].every((i) => i.complete)");
    const widths = await branchPage.evaluate<number[]>("[...document.querySelectorAll('.photos img')].map((i) => i.naturalWidth)");
    expect(widths).toEqual([800]);
    await branchContext.close();

    const adminContext = await newContext(browser, DESKTOP);
    const adminPage = await loggedIn(adminContext, 'root-admin', 'root-admin-pw');
    await adminPage.goto(`${t.url}/admin/orders/${l.orderId}`);
    await expect(adminPage.textContent('.attendees')).resolves.toContain('13800001234');
    await adminContext.close();
  });
});
