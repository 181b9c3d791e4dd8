import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';
import {
  clickTo,
  lectureToReport,
  visitEveryMenuPage,
  launchBrowser,
  localDate,
  logIn,
  newContext,
  newPage,
  overflowX,
  screenshot,
  VIEWPORTS,
} from './web-browser.js';

/** How the office is reached, as the deployment sets it. */
const OFFICE = '市委组织部 0470-8221234';

describe('lecturer pages (讲师), in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let lecturer: LecturerFixture;
  let courseId: string;

  beforeAll(async () => {
    t = await startTestApp({ OFFICE_CONTACT: OFFICE });
    w = await World.build(t);
    browser = await launchBrowser();
    lecturer = await w.lecturer({ name: '巴特尔' });
    courseId = (await w.course([lecturer.id], { title: '牧区党建工作方法', topic: 'theory', formats: ['on_site', 'online'] })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The lecturer available every hour of the week, with no leave, as the tests after a change of it expect. */
  async function availableAllWeek(): Promise<void> {
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
    const restored = await t
      .http()
      .put(`${API}/lecturers/${lecturer.id}/availability`)
      .set(w.auth(lecturer.token))
      .send({ weekly: allWeek, exceptions: [] });
    expect(restored.status).toBe(200);
  }

  /** A menu order of branch A offered to the lecturer at `startsAt`. */
  async function offered(title: string, startsAt: string, window: [number, number], format = 'on_site'): Promise<string> {
    const order = await w.post(
      '/orders',
      {
        courseId,
        format,
        earliestStart: World.at(window[0], '00:00'),
        latestStart: World.at(window[1], '23:00'),
        expectedAudience: 25,
        language: 'mn',
        notes: title,
      },
      w.branches.A.token,
    );
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt });
    return order.id;
  }

  describe.each(VIEWPORTS.map((v, i) => ({ ...v, i })))('on a $name ($width×$height)', (viewport) => {
    let context: BrowserContext;
    let page: Page & { errors: string[] };
    const day = (n: number) => n + viewport.i * 20; // each viewport books its own days

    beforeAll(async () => {
      context = await newContext(browser, viewport);
      page = await newPage(context);
      await logIn(page, t.url, lecturer.username, 'password-123');
    });
    afterAll(async () => context?.close());
    afterEach(() => expect(page.errors).toEqual([]));

    it('shows every page of its menu, fitting the screen', async () => {
      await expect(visitEveryMenuPage(page, t.url, viewport, 'lecturer')).resolves.toEqual([
        '/lecturer',
        '/lecturer/open',
        '/lecturer/schedule',
        '/lecturer/availability',
        '/lecturer/profile',
      ]);
    });

    describe('its offers', () => {
      let toAccept: string;
      let toDecline: string;
      beforeAll(async () => {
        toAccept = await offered(`接受-${viewport.name}`, World.at(day(6), '09:30'), [day(5), day(9)]);
        toDecline = await offered(`谢绝-${viewport.name}`, World.at(day(7), '09:30'), [day(5), day(9)]);
      });

      it('shows each offer with where, when and how far, fitting the screen', async () => {
        await page.goto(`${t.url}/lecturer`);
        const offer = page.locator('li.offer', { has: page.locator(`a[href="/lecturer/orders/${toAccept}"]`) });
        await expect(offer.textContent()).resolves.toMatch(/党支部\d+ · 旗A · 苏木A · 嘎查A/);
        await expect(offer.textContent()).resolves.toMatch(/距您约 \d+(\.\d)? 公里/);
        await expect(offer.textContent()).resolves.toContain('09:30');
        await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
        await screenshot(page, 'lecturer-offers', viewport);
      });

      it('says no distance for an online lecture, which takes the lecturer nowhere', async () => {
        const online = await offered(`线上-${viewport.name}`, World.at(day(8), '19:30'), [day(8), day(8)], 'online');
        await page.goto(`${t.url}/lecturer`);
        const offer = page.locator('li.offer', { has: page.locator(`a[href="/lecturer/orders/${online}"]`) });
        await expect(offer.textContent()).resolves.toContain('19:30');
        await expect(offer.textContent()).resolves.not.toContain('距您约');
        await w.post(`/orders/${online}/decline`, {}, lecturer.token);
      });

      it('says no distance for an online lecture among those coming up, once accepted', async () => {
        const soon = 8 + viewport.i; // within the two weeks the to-do page looks ahead
        const online = await offered(`线上已接-${viewport.name}`, World.at(soon, '21:00'), [soon, soon], 'online');
        await w.post(`/orders/${online}/accept`, {}, lecturer.token);
        await page.goto(`${t.url}/lecturer`);
        const coming = page.locator('li', { has: page.locator(`a[href="/lecturer/orders/${online}"]`) });
        await expect(coming.textContent()).resolves.toContain('21:00');
        await expect(coming.textContent()).resolves.not.toContain('公里');
        await w.post(`/orders/${online}/cancel`, { reason: '测试完毕' }, w.branches.A.token);
      });

      it('lists first the offer whose answer is due first', async () => {
        await page.goto(`${t.url}/lecturer`);
        const links = await page.locator('li.offer a.card-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        expect(links.indexOf(`/lecturer/orders/${toAccept}`)).toBeLessThan(links.indexOf(`/lecturer/orders/${toDecline}`));
        expect(links.indexOf(`/lecturer/orders/${toAccept}`)).toBeGreaterThanOrEqual(0);
      });

      it('accepts an offer (接单): the order is accepted, the lecture next', async () => {
        await page.goto(`${t.url}/lecturer`);
        await clickTo(page, `li.offer:has(a[href="/lecturer/orders/${toAccept}"]) button:has-text("接单")`, /done=accepted/);
        await expect(page.textContent('.page-head .badge')).resolves.toBe('已接单');
        await expect(page.textContent('.step-current .step-label')).resolves.toBe('授课');
        // Back to the to-do page: read afresh, it no longer offers what was just accepted.
        await page.goBack({ waitUntil: 'load' });
        await expect(page.locator(`li.offer:has(a[href="/lecturer/orders/${toAccept}"])`).count()).resolves.toBe(0);
      });

      it('warns, after leave is saved over an accepted lecture, that the lecture still stands and whom to ask', async () => {
        await page.goto(`${t.url}/lecturer/availability`);
        await page.fill('#f-newFrom', localDate(day(6)));
        await page.fill('#f-newTo', localDate(day(6)));
        await page.fill('#f-newReason', '生病');
        await clickTo(page, 'button:has-text("保存")', /done=availability/);
        await expect(page.textContent('.notice-error')).resolves.toContain('请假不会取消它们');
        await expect(page.locator(`.notice-error a[href="/lecturer/orders/${toAccept}"]`).count()).resolves.toBe(1);
        // The leave goes again, for the tests after this one.
        await availableAllWeek();
      });

      it('declines an offer with a reason: the offer goes, the order is pending again with the reason', async () => {
        await page.goto(`${t.url}/lecturer`);
        const declining = `li.offer:has(a[href="/lecturer/orders/${toDecline}"])`;
        await page.click(`${declining} summary:has-text("谢绝")`);
        await page.fill(`${declining} input[name="reason"]`, '那天在外地');
        await clickTo(page, `${declining} button:has-text("确认谢绝")`, /\/lecturer\?done=declined/);
        await expect(page.textContent('.notice-done')).resolves.toContain('已谢绝');
        await expect(page.locator(declining).count()).resolves.toBe(0);
        const history = await t.http().get(`${API}/orders/${toDecline}`).set(w.auth());
        expect(history.body).toMatchObject({
          status: 'pending',
          history: expect.arrayContaining([expect.objectContaining({ from: 'offered', to: 'pending', reason: '那天在外地' })]),
        });
      });
    });

    it('says, on the order page, that an offer accepted in another tab can no longer be declined there, and whom to ask', async () => {
      const id = await offered(`两个窗口-${viewport.name}`, World.at(day(10), '09:30'), [day(10), day(10)]);
      await page.goto(`${t.url}/lecturer/orders/${id}`);
      // Accepted meanwhile, from another tab.
      await w.post(`/orders/${id}/accept`, {}, lecturer.token);
      await page.click('summary:has-text("谢绝")');
      await page.fill('input[name="reason"]', '家里有事，去不了');
      await clickTo(page, 'button:has-text("确认谢绝")', new RegExp(`/lecturer/orders/${id}\\?error=ORDER_ALREADY_YOURS`));
      await expect(page.textContent('.notice-error')).resolves.toContain('您已接下该订单，不能再谢绝。如需变更，请联系组织部门');
      await expect(page.textContent('.page-head .badge')).resolves.toBe('已接单');
    });

    it("shows an offer's link after the branch cancelled the order: cancelled, why, and nothing left to answer", async () => {
      const gone = await offered(`取消-${viewport.name}`, World.at(day(8), '09:30'), [day(5), day(9)]);
      await w.post(`/orders/${gone}/cancel`, { reason: '村里有事' }, w.branches.A.token);
      const response = await page.goto(`${t.url}/lecturer/orders/${gone}`);
      expect(response?.status()).toBe(200);
      await expect(page.textContent('.badge-cancelled')).resolves.toContain('已取消');
      await expect(page.textContent('body')).resolves.toContain('村里有事');
      await expect(page.locator(`form[action="/lecturer/orders/${gone}/accept"]`).count()).resolves.toBe(0);
    });

    it('claims an open order it qualifies for (抢单) and sees it in the week view', async () => {
      const title = `草原防火与应急-${viewport.name}`;
      const open = await w.post(
        '/orders',
        World.customOrder(day(10), { title, topic: 'party_history', format: 'on_site' }),
        w.branches.B.token,
      );
      await clickTo(page, 'nav.nav a:has-text("抢单")', /\/lecturer\/open/);
      const card = `li.card:has(a[href="/lecturer/orders/${open.id}"])`;
      await expect(page.textContent(card)).resolves.toContain('旗B');
      await page.fill(`${card} input[name="startDate"]`, localDate(day(11)));
      await page.fill(`${card} input[name="startTime"]`, '10:00');
      await screenshot(page, 'lecturer-open-orders', viewport);
      await clickTo(page, `${card} button:has-text("抢单")`, /done=claimed/);
      await expect(page.textContent('.notice-done')).resolves.toContain('抢单成功');
      await expect(page.textContent('.facts')).resolves.toContain('10:00');

      await page.goto(`${t.url}/lecturer/schedule?view=week&week=${localDate(day(11))}`);
      const column = page.locator('section.day', { hasText: localDate(day(11)).slice(5).replace('-', '/') });
      await expect(column.textContent()).resolves.toContain(title);
      await expect(column.locator('.slot').first().textContent()).resolves.toContain('10:00–11:30');
      await screenshot(page, 'lecturer-week', viewport);

      await clickTo(page, 'nav.tabs a:has-text("列表")', /\/lecturer\/schedule$/);
      await expect(page.textContent('main')).resolves.toContain(title);
    });

    it('fills in a claim with the first start the lecturer can take, and says so when there is none', async () => {
      const leave = { from: World.at(day(12), '00:00'), to: World.at(day(14), '00:00'), reason: '外出' };
      const put = t.http().put(`${API}/lecturers/${lecturer.id}/availability`).set(w.auth(lecturer.token));
      const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
      await put.send({ weekly: allWeek, exceptions: [leave] }).expect(200);
      try {
        const order = (from: number, to: number) =>
          w.post(
            '/orders',
            World.customOrder(from, { topic: 'party_history', format: 'on_site', latestStart: World.at(to, '18:00') }),
            w.branches.B.token,
          );
        const [afterLeave, inLeave] = [await order(day(12), day(15)), await order(day(12), day(13))];
        await page.goto(`${t.url}/lecturer/open`);
        const card = (id: string) => page.locator(`li.card:has(a[href="/lecturer/orders/${id}"])`);
        // The leave covers the window's first two days: the form suggests the third, at the usual morning start.
        await expect(card(afterLeave.id).locator('input[name="startDate"]').inputValue()).resolves.toBe(localDate(day(14)));
        await expect(card(afterLeave.id).locator('input[name="startTime"]').inputValue()).resolves.toBe('09:30');
        await expect(card(afterLeave.id).locator('.claim-none').count()).resolves.toBe(0);
        await expect(card(inLeave.id).locator('.claim-none').textContent()).resolves.toContain('时间窗内您都无法授课');
        // No start it knows to fit: its form, with no button to tap at once, waits behind 仍要自选时间抢单.
        await expect(card(inLeave.id).locator('button:has-text("抢单")').isVisible()).resolves.toBe(false);
        await clickTo(page, `li.card:has(a[href="/lecturer/orders/${afterLeave.id}"]) button:has-text("抢单")`, /done=claimed/);
      } finally {
        await availableAllWeek();
      }
    });

    it("brings a claim refused on an order's own page back to that page, its form there to try again", async () => {
      const open = await w.post('/orders', World.customOrder(day(20), { topic: 'party_history', format: 'on_site' }), w.branches.B.token);
      await page.goto(`${t.url}/lecturer/orders/${open.id}`);
      // A day the order's window does not hold, as a phone without date limits would send it.
      await page.evaluate(`document.querySelector('input[name="startDate"]').removeAttribute('max')`);
      await page.fill('input[name="startDate"]', localDate(day(60)));
      await clickTo(page, 'button:has-text("抢单")', /error=START_OUTSIDE_WINDOW/);
      expect(new URL(page.url()).pathname).toBe(`/lecturer/orders/${open.id}`);
      await expect(page.textContent('.notice-error')).resolves.toContain('原因：所选时间不在订单时间窗内');
      await expect(page.locator('input[name="startDate"]').count()).resolves.toBe(1);
    });

    it("takes a claim refused on the list of open orders to that order's page, the reason beside the order", async () => {
      const open = await w.post('/orders', World.customOrder(day(20), { topic: 'party_history', format: 'on_site' }), w.branches.B.token);
      await page.goto(`${t.url}/lecturer/open`);
      const card = `li.card:has(a[href="/lecturer/orders/${open.id}"])`;
      // A day the order's window does not hold, as a phone without date limits would send it.
      await page.evaluate(`document.querySelector('${card} input[name="startDate"]').removeAttribute('max')`);
      await page.fill(`${card} input[name="startDate"]`, localDate(day(60)));
      await clickTo(page, `${card} button:has-text("抢单")`, /error=START_OUTSIDE_WINDOW/);
      expect(new URL(page.url()).pathname).toBe(`/lecturer/orders/${open.id}`);
      await expect(page.textContent('.notice-error')).resolves.toContain('可开讲');
    });

    it('finds the link to subscribe to its calendar, and can replace it', async () => {
      await page.goto(`${t.url}/lecturer/schedule`);
      await page.click('summary:has-text("订阅到手机日历")');
      const url = await page.inputValue('#f-calendar');
      expect(url).toMatch(new RegExp(`^${t.url}/api/v1/calendar/[\\w-]{43}\\.ics$`));
      await expect(page.getAttribute('a:has-text("一键订阅")', 'href')).resolves.toBe(url.replace(/^http:/, 'webcal:'));
      const feed = await fetch(url);
      expect(feed.status).toBe(200);
      expect(await feed.text()).toContain('BEGIN:VCALENDAR');

      // Asked twice: a first tap only opens the warning.
      await page.click('summary:has-text("更换链接")');
      await expect(page.textContent('details.rotate')).resolves.toContain('已订阅的手机和电脑不再更新');
      await clickTo(page, 'button:has-text("确认更换链接")', /done=calendarRotated/);
      await page.click('summary:has-text("订阅到手机日历")');
      const replaced = await page.inputValue('#f-calendar');
      expect(replaced).not.toBe(url);
      await expect(fetch(url).then((r) => r.status)).resolves.toBe(404);
      await expect(fetch(replaced).then((r) => r.status)).resolves.toBe(200);
    });

    /** An online lecture of branch A that the lecturer began `hoursAgo` hours ago (each viewport its own hours). */
    const toReport = (hoursAgo: number) => lectureToReport(w, w.branches.A.token, lecturer, courseId, hoursAgo + 4 * viewport.i);

    it('reports a lecture given (授课): attendance, a summary, and the start when it began late', async () => {
      const order = { id: await toReport(3) };
      await page.goto(`${t.url}/lecturer`);
      await clickTo(page, `a.tag[href="/lecturer/orders/${order.id}#report"]:has-text("去报告")`, new RegExp(`${order.id}#report`));
      await page.fill('#f-attendance', '52');
      await page.fill('#f-summary', '讲了基层党建的新方法，牧民提问踊跃');
      // The booked start is filled in; the lecture began 20 minutes late.
      const { startsAt } = (await t.http().get(`${API}/orders/${order.id}`).set(w.auth(lecturer.token))).body.booking;
      const booked = Math.floor(Date.parse(startsAt) / 60_000) * 60_000; // as the form shows it, to the minute
      const [date, time] = [await page.inputValue('#f-startedDate'), await page.inputValue('input[name="startedTime"]')];
      expect(Date.parse(`${date}T${time}:00+08:00`)).toBe(booked);
      const late = new Date(booked + 20 * 60_000 + 8 * 3_600_000).toISOString();
      await page.fill('#f-startedDate', late.slice(0, 10));
      await page.fill('input[name="startedTime"]', late.slice(11, 16));
      await clickTo(page, 'button:has-text("提交")', /done=completed/);
      const reported = (await t.http().get(`${API}/orders/${order.id}`).set(w.auth(lecturer.token))).body;
      expect(Date.parse(reported.completion.startedAt) - booked).toBe(20 * 60_000);
      await expect(page.textContent('.page-head .badge')).resolves.toBe('已完成');
      await expect(page.textContent('.facts')).resolves.toContain('52 人次');
      await expect(page.textContent('.step-current .step-label')).resolves.toBe('评单');
    });

    it('gives back the summary of a report the server refused, to correct and send again', async () => {
      const id = await toReport(30);
      await page.goto(`${t.url}/lecturer/orders/${id}#report`);
      await page.fill('#f-summary', '围绕草原生态保护讲了三点，牧民讨论热烈');
      // An attendance the server refuses (the browser's own check would stop it first).
      await page.evaluate(`document.querySelector('#report form').noValidate = true`);
      await page.fill('#f-attendance', '-3');
      const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#6a8' } })
        .jpeg()
        .toBuffer();
      await page.setInputFiles('#f-photo', { name: 'hall.jpg', mimeType: 'image/jpeg', buffer: photo });
      await clickTo(page, '#report button:has-text("提交")', /error=VALIDATION_FAILED/);
      await expect(page.inputValue('#f-summary')).resolves.toBe('围绕草原生态保护讲了三点，牧民讨论热烈');
      await expect(page.inputValue('#f-attendance')).resolves.toBe('-3');
      // The refused field is marked where it is, and the cursor waits in it.
      await expect(page.getAttribute('#f-attendance', 'aria-invalid')).resolves.toBe('true');
      await expect(page.getAttribute('#f-summary', 'aria-invalid')).resolves.toBeNull();
      await expect(page.evaluate('document.activeElement.id')).resolves.toBe('f-attendance');
      // Why, under the field itself, in sight with it (on a phone the notice at the top is a screen away), and read out with it.
      await expect(page.textContent('#f-attendance ~ .field-why')).resolves.toBe('听课人次：不能小于 0');
      await expect(page.locator('#f-attendance ~ .field-why').isVisible()).resolves.toBe(true);
      await expect(
        page.evaluate(`document.querySelector('#f-attendance ~ .field-why').getBoundingClientRect().bottom <= innerHeight`),
      ).resolves.toBe(true);
      await expect(page.getAttribute('#f-attendance', 'aria-describedby')).resolves.toBe('why-attendance');
      await expect(page.textContent('#report .draft-note')).resolves.toContain('已恢复您尚未提交的内容');
      // A browser cannot put a chosen photo back: the person is told to choose it again.
      await expect(page.textContent('#report .draft-note')).resolves.toContain('请重新选择（1 张）');

      await page.fill('#f-attendance', '31');
      await expect(page.locator('.field-why').count()).resolves.toBe(0); // put right: the reason goes with the mark
      await expect(page.getAttribute('#f-attendance', 'aria-describedby')).resolves.toBeNull();
      await clickTo(page, '#report button:has-text("提交")', /done=completed/);
      const report = await t.http().get(`${API}/orders/${id}`).set(w.auth(lecturer.token));
      expect(report.body.completion).toMatchObject({ attendance: 31, summary: '围绕草原生态保护讲了三点，牧民讨论热烈' });
      // The report's draft is forgotten once it went through (a refused claim elsewhere keeps its own).
      await expect(
        page.evaluate(`Object.keys(localStorage).filter((k) => k.startsWith('draft ') && k.includes('${id}'))`),
      ).resolves.toEqual([]);
    });

    it('gives back a report sent after the session ended, once the lecturer has logged in again', async () => {
      const id = await toReport(42);
      await page.goto(`${t.url}/lecturer/orders/${id}#report`);
      await page.fill('#f-attendance', '23');
      await page.fill('#f-summary', '会话过期前写好的小结，不能丢');
      // The session's cookie expired while the report was being written.
      await context.clearCookies({ name: '__Host-gpl.session' });
      await clickTo(page, '#report button:has-text("提交")', /\/login\?next=/);
      await expect(page.textContent('.notice-error')).resolves.toContain('登录已过期，请重新登录');
      await page.fill('#f-username', lecturer.username);
      await page.fill('#f-password', 'password-123');
      await clickTo(page, 'button:has-text("登录")', new RegExp(`/lecturer/orders/${id}\\?error=SESSION_ENDED_UNSENT`));
      await expect(page.textContent('.notice-error')).resolves.toContain('刚才填写的内容没有提交');
      await expect(page.inputValue('#f-summary')).resolves.toBe('会话过期前写好的小结，不能丢');
      await expect(page.inputValue('#f-attendance')).resolves.toBe('23');
      const order = await t.http().get(`${API}/orders/${id}`).set(w.auth(lecturer.token));
      expect(order.body.status).toBe('accepted');

      await clickTo(page, '#report button:has-text("提交")', /done=completed/);
      const report = await t.http().get(`${API}/orders/${id}`).set(w.auth(lecturer.token));
      expect(report.body.completion).toMatchObject({ attendance: 23, summary: '会话过期前写好的小结，不能丢' });
    });

    it('keeps a summary typed but not sent for when the page is opened again, until cleared', async () => {
      const id = await toReport(36);
      await page.goto(`${t.url}/lecturer/orders/${id}#report`);
      await page.fill('#f-summary', '讲到一半，先去看看日程');
      await page.goto(`${t.url}/lecturer/schedule`);
      await page.goto(`${t.url}/lecturer/orders/${id}#report`);
      await expect(page.inputValue('#f-summary')).resolves.toBe('讲到一半，先去看看日程');

      await page.click('#report .draft-note button:has-text("清除")');
      await expect(page.inputValue('#f-summary')).resolves.toBe('');
      await page.reload();
      await expect(page.inputValue('#f-summary')).resolves.toBe('');
      await expect(page.locator('#report .draft-note').count()).resolves.toBe(0);
    });

    it('names the day of a window it refuses, and marks that window on the form', async () => {
      await page.goto(`${t.url}/lecturer/availability`);
      const saturday = page.locator('fieldset.weekday', { hasText: '周六' });
      await saturday.locator('select[name="w6from"]').first().selectOption('15:00');
      await saturday.locator('select[name="w6to"]').first().selectOption('09:00');
      await clickTo(page, 'button:has-text("保存")', /\/lecturer\/availability/);
      await expect(page.textContent('.notice-error')).resolves.toContain('每周可授课时间（周六）');
      await expect(saturday.locator('select[name="w6to"]').first().getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.locator('select[name="w5to"]').first().getAttribute('aria-invalid')).resolves.toBeNull();
    });

    it('marks the last day of new leave it refuses for ending before it starts', async () => {
      await page.goto(`${t.url}/lecturer/availability`);
      await page.fill('#f-newFrom', localDate(day(12)));
      await page.fill('#f-newTo', localDate(day(10)));
      await clickTo(page, 'button:has-text("保存")', /\/lecturer\/availability/);
      await expect(page.textContent('.notice-error')).resolves.toContain('请假 / 外出');
      await expect(page.getAttribute('#f-newTo', 'aria-invalid')).resolves.toBe('true');
      await expect(page.getAttribute('#f-newFrom', 'aria-invalid')).resolves.toBeNull();
    });

    it('edits the weekly pattern and adds leave', async () => {
      await clickTo(page, 'nav.nav a:has-text("可授课时间")', /\/lecturer\/availability/);
      const monday = page.locator('fieldset.weekday', { hasText: '周一' });
      await monday.locator('select[name="w1from"]').first().selectOption('08:00');
      await monday.locator('select[name="w1to"]').first().selectOption('12:00');
      await page.fill('#f-newFrom', localDate(40 + viewport.i * 10));
      await page.fill('#f-newTo', localDate(42 + viewport.i * 10));
      await page.fill('#f-newReason', '赴旗委党校培训');
      await clickTo(page, 'button:has-text("保存")', /done=availability/);
      await expect(page.textContent('.notice-done')).resolves.toContain('已保存');
      await expect(page.textContent('main')).resolves.toContain('赴旗委党校培训');
      // Its delete box is named by the leave it deletes, not 删除 alone.
      await expect(page.getByRole('checkbox', { name: /删除.*赴旗委党校培训/ }).count()).resolves.toBe(1);
      await screenshot(page, 'lecturer-availability', viewport);

      const saved = await t.http().get(`${API}/lecturers/${lecturer.id}/availability`).set(w.auth(lecturer.token));
      expect(saved.body.weekly).toContainEqual({ weekday: 1, from: '08:00', to: '12:00' });
      expect(saved.body.weekly.filter((x: { weekday: number }) => x.weekday === 2)).toEqual([{ weekday: 2, from: '00:00', to: '24:00' }]);
      expect(saved.body.exceptions).toContainEqual({
        from: new Date(`${localDate(40 + viewport.i * 10)}T00:00:00+08:00`).toISOString(),
        to: new Date(`${localDate(43 + viewport.i * 10)}T00:00:00+08:00`).toISOString(),
        reason: '赴旗委党校培训',
      });

      // Back to every hour of the week, so that the next viewport's lectures fit whatever the day.
      await availableAllWeek();
    });
  });

  describe('its own profile (我的资料)', () => {
    let me: LecturerFixture;
    let page: Page & { errors: string[] };
    beforeAll(async () => {
      me = await w.lecturer({ name: '其其格', topics: ['policy'], languages: ['mn'], formats: ['online'], travelRadiusKm: 200 });
      page = await newPage(await newContext(browser, VIEWPORTS[0]));
      await logIn(page, t.url, me.username, 'password-123');
    });
    afterAll(async () => page?.context().close());
    afterEach(() => expect(page.errors).toEqual([]));
    const stored = async () => (await t.http().get(`${API}/lecturers/${me.id}`).set(w.auth(me.token))).body;

    it('changes what the lecturer teaches and how far they travel, and shows what the office decides', async () => {
      await clickTo(page, 'nav.nav a:has-text("我的资料")', /\/lecturer\/profile/);
      // What the office decides is shown, not edited: the category and level the fixture was made with, its cap.
      await expect(page.textContent('.facts')).resolves.toMatch(/类别\s*专家学者[\s\S]*每月授课上限\s*20/);
      // …and who decides it, to be asked for a change.
      await expect(page.textContent('.office-contact')).resolves.toContain(OFFICE);
      await page.check('input[name="topics"][value="party_history"]');
      await page.fill('input[name="otherTopics"]', '草原防火');
      await page.check('input[name="formats"][value="on_site"]');
      await page.fill('#f-travelRadiusKm', '300');
      await clickTo(page, 'button:has-text("保存")', /done=saved/);
      await expect(page.textContent('.notice-done')).resolves.toContain('已保存');
      await expect(page.inputValue('input[name="otherTopics"]')).resolves.toBe('草原防火');
      const saved = await stored();
      expect([[...saved.topics].sort(), [...saved.formats].sort(), saved.travelRadiusKm]).toEqual([
        ['party_history', 'policy', '草原防火'],
        ['on_site', 'online'],
        300,
      ]);
      await screenshot(page, 'lecturer-profile', VIEWPORTS[0]);
    });

    it('refuses a radius beyond what a lecturer may set, saying why and keeping what was typed', async () => {
      await page.goto(`${t.url}/lecturer/profile`);
      await page.fill('#f-name', '其其格（苏木）');
      await page.fill('#f-travelRadiusKm', '600');
      // As a browser that does not hold the field to its max itself sends it.
      await page.locator('#f-travelRadiusKm').evaluate((input) => input.removeAttribute('max'));
      await clickTo(page, 'button:has-text("保存")', /\/lecturer\/profile/);
      await expect(page.textContent('.notice-error')).resolves.toContain('500 公里');
      await expect(page.inputValue('#f-name')).resolves.toBe('其其格（苏木）');
      await expect(page.inputValue('#f-travelRadiusKm')).resolves.toBe('600');
      expect((await stored()).name).toBe('其其格');
    });

    it("says a radius beyond even the office's limit is beyond the lecturer's own, the one the hint names", async () => {
      await page.goto(`${t.url}/lecturer/profile`);
      await page.fill('#f-travelRadiusKm', '9999');
      await page.locator('#f-travelRadiusKm').evaluate((input) => input.removeAttribute('max'));
      await clickTo(page, 'button:has-text("保存")', /\/lecturer\/profile/);
      await expect(page.textContent('.notice-error')).resolves.toContain('不能大于 500');
      await expect(page.textContent('.notice-error')).resolves.not.toContain('2000');
      expect((await stored()).travelRadiusKm).toBe(300);
    });

    it('refuses a name cleared, saying it may not be empty, instead of saying 已保存 and keeping the old one', async () => {
      await page.goto(`${t.url}/lecturer/profile`);
      // A person's name: 姓名, not the 名称 of a branch or a course.
      await expect(page.textContent('label[for="f-name"]')).resolves.toContain('姓名');
      await page.fill('#f-name', '');
      await page.locator('#f-name').evaluate((input) => input.removeAttribute('required'));
      await clickTo(page, 'button:has-text("保存")', /\/lecturer\/profile/);
      await expect(page.textContent('.notice-error')).resolves.toContain('姓名：不能为空');
      expect((await stored()).name).toBe('其其格');
    });
  });
});
