import type { Browser, BrowserContext, Page } from 'playwright-core';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';
import {
  clickTo,
  visitEveryMenuPage,
  givenLecture,
  launchBrowser,
  localDate,
  logIn,
  newContext,
  newPage,
  overflowX,
  screenshot,
  textContrast,
  VIEWPORTS,
} from './web-browser.js';

const ORDER_PAGE = /\/branch\/orders\/[0-9a-f-]{36}/;

describe('branch pages (党支部), in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let lecturer: LecturerFixture;
  let course: { id: string; title: string };
  let secretary: { username: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    browser = await launchBrowser();
    lecturer = await w.lecturer({ name: '乌云其其格' });
    course = await w.course([lecturer.id], { title: '草原生态补奖政策解读', topic: 'policy', formats: ['on_site', 'online'] });
    secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  describe.each(VIEWPORTS)('on a $name ($width×$height)', (viewport) => {
    let context: BrowserContext;
    let page: Page & { errors: string[] };

    beforeAll(async () => {
      context = await newContext(browser, viewport);
      page = await newPage(context);
      await logIn(page, t.url, secretary.username, 'password-123');
    });
    afterAll(async () => context?.close());
    afterEach(() => expect(page.errors).toEqual([]));

    it('shows every page of its menu, fitting the screen', async () => {
      await expect(visitEveryMenuPage(page, t.url, viewport, 'branch')).resolves.toEqual(['/branch', '/branch/menu', '/branch/orders/new']);
    });

    it('wraps a title with no break in it (a meeting link) on the order page, fitting the screen', async () => {
      const title = `线上学习：腾讯会议https://meeting.tencent.com/dm/${'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'.repeat(2)}`;
      const order = await w.post('/orders', World.customOrder(3, { title }), secretary.token);
      await page.goto(`${t.url}/branch/orders/${order.id}`);
      await expect(page.textContent('h1')).resolves.toContain('meeting.tencent.com');
      await expect(overflowX(page)).resolves.toBe(0);
    });

    it('offers a keyboard user, at the first Tab, a way past the header and menu to the page itself', async () => {
      await page.goto(`${t.url}/branch/menu`);
      await page.keyboard.press('Tab');
      const skip = page.locator(':focus');
      await expect(skip.textContent()).resolves.toBe('跳到正文');
      await expect(skip.evaluate((a) => a.getBoundingClientRect().left >= 0)).resolves.toBe(true); // seen while focused
      await page.keyboard.press('Enter');
      await expect(page.locator('main:focus').count()).resolves.toBe(1);
    });

    it('is sent from the front door to its orders', async () => {
      await page.goto(`${t.url}/`); // the front door sends each role to its own home
      expect(new URL(page.url()).pathname).toBe('/branch');
      await expect(page.textContent('h1')).resolves.toBe('我的订单');
    });

    it('marks a lecturer the branch may name whose home lies beyond their travel radius, with both distances', async () => {
      const far = await w.lecturer({ name: `巴图-${viewport.name}`, travelRadiusKm: 80 }, w.banners.B.townshipId);
      const near = await w.lecturer({ name: `其其格-${viewport.name}` });
      const twoOf = await w.course([far.id, near.id], { title: `两位讲师的课-${viewport.name}` });
      await page.goto(`${t.url}/branch/orders/new?courseId=${twoOf.id}`);
      const labels = await page.locator('#f-preferredLecturerId option').allTextContents();
      expect(labels).toContain(`其其格-${viewport.name}`);
      expect(labels.find((l) => l.startsWith(`巴图-${viewport.name}`))).toMatch(
        /^巴图-\w+（距本支部 \d+ 公里，超出其出行半径 80 公里，难以到现场）$/,
      );
    });

    it('orders a course from the menu, filtered by topic, and sees it placed, asking for its lecturer', async () => {
      await page.goto(`${t.url}/branch`);
      await clickTo(page, 'nav.nav a:has-text("课程菜单")', /\/branch\/menu/);
      await page.selectOption('#f-topic', 'policy');
      await page.selectOption('#f-format', 'online');
      await clickTo(page, 'button:has-text("筛选")', /topic=policy/);
      const card = page.locator('li.course', { hasText: course.title });
      await expect(card.locator('.card-meta').first().textContent()).resolves.toContain('线上');
      await clickTo(page, `a[href="/branch/orders/new?courseId=${course.id}&format=online"]`, /\/branch\/orders\/new/);
      // The format the menu was filtered by comes with the course.
      await expect(page.inputValue('#f-format')).resolves.toBe('online');
      // Still within the menu, as the header says.
      await expect(page.textContent('nav.nav a[aria-current="page"]')).resolves.toBe('课程菜单');
      await page.fill('#f-fromDate', localDate(3));
      await page.fill('#f-toDate', localDate(20));
      await page.fill('#f-expectedAudience', '45');
      await page.selectOption('#f-language', 'mn');
      await page.selectOption('#f-preferredLecturerId', { label: '乌云其其格' });
      await page.fill('#f-notes', '请带蒙汉双语材料');
      await screenshot(page, 'branch-order-form', viewport);
      await clickTo(page, 'button:has-text("提交订单")', /done=placed/);

      expect(page.url()).toMatch(ORDER_PAGE);
      await expect(page.textContent('.notice-done')).resolves.toContain('订单已提交');
      await expect(page.textContent('.page-head .badge')).resolves.toBe('待派单');
      await expect(textContrast(page, '.page-head .badge')).resolves.toBeGreaterThanOrEqual(4.5);
      await expect(page.textContent('.step-current .step-label')).resolves.toBe('派单');
      await expect(page.textContent('.facts')).resolves.toMatch(/点名讲师\s*乌云其其格/);
      await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
      await screenshot(page, 'branch-order-placed', viewport);
    });

    it("restores a draft typed for one course's order into that course's form only, not another's nor the custom one", async () => {
      const other = await w.course([lecturer.id], { title: `民族团结进步教育${viewport.name}`, topic: 'policy', formats: ['online'] });
      await page.goto(`${t.url}/branch/orders/new?courseId=${course.id}`);
      await page.fill('#f-notes', '草稿A内容');
      for (const elsewhere of [`?courseId=${other.id}`, '']) {
        await page.goto(`${t.url}/branch/orders/new${elsewhere}`);
        await expect(page.inputValue('#f-notes')).resolves.toBe('');
        await expect(page.locator('.draft-note').count()).resolves.toBe(0);
      }
      await page.goto(`${t.url}/branch/orders/new?courseId=${course.id}`);
      await expect(page.inputValue('#f-notes')).resolves.toBe('草稿A内容');
      await page.evaluate(`Object.keys(localStorage).filter((k) => k.startsWith('draft ')).forEach((k) => localStorage.removeItem(k))`);
    });

    it('lists a course of a topic outside the usual seven on the menu, under its own heading, as counted', async () => {
      const title = `草原防火知识${viewport.name}`;
      await w.course([lecturer.id], { title, topic: 'fire_safety', formats: ['online'] });
      await page.goto(`${t.url}/branch/menu`);
      await expect(page.locator('li.course').count()).resolves.toBe(
        Number(/共 (\d+) 门课/.exec((await page.textContent('main')) ?? '')?.[1]),
      );
      await expect(page.locator('.menu-group', { hasText: title }).locator('h2').textContent()).resolves.toBe('fire_safety');
    });

    it('sees the status timeline move on once the order is dispatched', async () => {
      const body = {
        courseId: course.id,
        format: 'online',
        earliestStart: World.at(3, '00:00'),
        latestStart: World.at(20, '23:00'),
        expectedAudience: 45,
        language: 'mn',
      };
      const orderId = (await w.post('/orders', body, w.branches.A.token)).id as string;
      // The organisation department dispatches it (over the API).
      await w.post(`/orders/${orderId}/offer`, { lecturerId: lecturer.id, startsAt: World.at(5, '19:30') });
      await page.goto(`${t.url}/branch/orders/${orderId}`);
      await expect(page.textContent('.page-head .badge')).resolves.toBe('已派单');
      await expect(page.locator('.step-done .step-label').allTextContents()).resolves.toEqual(['点单', '派单']);
      await expect(page.textContent('.step-current .step-label')).resolves.toBe('接单');
    });

    /** Opens the custom order form from the menu and fills it in, with the window from `fromDay` to `toDay` days ahead. */
    const fillCustomOrder = async (fromDay: number, toDay: number) => {
      await page.goto(`${t.url}/branch`);
      await clickTo(page, 'nav.nav a:has-text("自定点单")', /\/branch\/orders\/new$/);
      await page.selectOption('#f-topic', 'practical_skills');
      await page.fill('#f-title', '牲畜疫病防治');
      await page.selectOption('#f-format', 'on_site');
      await page.fill('#f-fromDate', localDate(fromDay));
      await page.fill('#f-toDate', localDate(toDay));
    };

    it('greys out a lecturer to name who does not teach the topic or speak the language, and says so of one chosen', async () => {
      const name = `布和${viewport.name}`;
      const buhe = await w.lecturer({ name, topics: ['practical_skills'], languages: ['mn'] });
      await w.course([buhe.id], { title: `兽医实用技术${viewport.name}`, topic: 'practical_skills', formats: ['on_site', 'online'] });
      await page.goto(`${t.url}/branch/orders/new`);
      const option = page.locator('#f-preferredLecturerId option', { hasText: name });
      await page.selectOption('#f-topic', 'practical_skills');
      await page.selectOption('#f-language', 'zh');
      await expect(option.isDisabled()).resolves.toBe(true);
      await page.selectOption('#f-topic', 'border_security');
      await page.selectOption('#f-language', 'mn');
      await expect(option.isDisabled()).resolves.toBe(true);
      await page.selectOption('#f-topic', 'practical_skills');
      await expect(option.isDisabled()).resolves.toBe(false);
      await page.selectOption('#f-preferredLecturerId', buhe.id);
      await expect(page.locator('#unfit-preferredLecturerId').isHidden()).resolves.toBe(true);
      // Chosen, then the language changed: said not to fit, and still chosen (a greyed-out option would go unsent, unsaid).
      await page.selectOption('#f-language', 'zh');
      await expect(page.textContent('#unfit-preferredLecturerId')).resolves.toContain(
        '这位讲师不讲授所选专题、不使用所选语言或不提供所选形式',
      );
      await expect(page.getAttribute('#f-preferredLecturerId', 'aria-invalid')).resolves.toBe('true');
      await expect(page.inputValue('#f-preferredLecturerId')).resolves.toBe(buhe.id);
      // Another chosen instead: the mark goes, and the unfit one is greyed out.
      await page.selectOption('#f-preferredLecturerId', '');
      await expect(page.getAttribute('#f-preferredLecturerId', 'aria-invalid')).resolves.toBeNull();
      await expect(page.getAttribute('#f-preferredLecturerId', 'aria-describedby')).resolves.toBeNull();
      await expect(option.isDisabled()).resolves.toBe(true);
      await page.evaluate(`Object.keys(localStorage).filter((k) => k.startsWith('draft ')).forEach((k) => localStorage.removeItem(k))`);
    });

    it('sends a named lecturer chosen before the language changed, and is told the order was refused for them', async () => {
      const name = `巴特尔${viewport.name}`;
      const bater = await w.lecturer({ name, topics: ['practical_skills'], languages: ['mn'] });
      await w.course([bater.id], { title: `牧区电商${viewport.name}`, topic: 'practical_skills', formats: ['on_site'] });
      await fillCustomOrder(20, 30);
      await page.fill('#f-expectedAudience', '30');
      await page.selectOption('#f-language', 'mn');
      await page.selectOption('#f-preferredLecturerId', bater.id);
      await page.selectOption('#f-language', 'zh');
      await clickTo(page, 'button:has-text("提交订单")', /\/branch\/orders$/);
      await expect(page.textContent('.notice-error')).resolves.toContain('点名的讲师');
      await page.evaluate(`Object.keys(localStorage).filter((k) => k.startsWith('draft ')).forEach((k) => localStorage.removeItem(k))`);
    });

    it('is told in Chinese what is wrong with a custom order, keeping what was typed', async () => {
      // The last day before the first: the service refuses the window, the page says so and keeps what was typed.
      await fillCustomOrder(20, 10);
      await clickTo(page, 'button:has-text("提交订单")', /\/branch\/orders$/);
      await expect(page.textContent('.notice-error')).resolves.toContain('日期范围有误');
      await expect(page.textContent('.notice-error')).resolves.toContain('请检查：最晚日期');
      await expect(page.inputValue('#f-title')).resolves.toBe('牲畜疫病防治');
      await expect(page.textContent('nav.nav a[aria-current="page"]')).resolves.toBe('自定点单');
      // The date to fix is marked and focused, as any field refused is (the service names it latestStart).
      await expect(page.getAttribute('#f-toDate', 'aria-invalid')).resolves.toBe('true');
      await expect(page.evaluate('document.activeElement.id')).resolves.toBe('f-toDate');
      // Opened again (a reload, a copied link), the form's URL leads to the branch's orders, not to a 404.
      const reopened = await page.goto(page.url());
      expect([reopened?.status(), new URL(page.url()).pathname]).toEqual([200, '/branch']);
    });

    it('names the topic, the title and the audience at once when a custom order comes without them', async () => {
      await fillCustomOrder(20, 30);
      // As a phone without form checks sends it: no topic chosen, no title.
      await page.evaluate(`document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required'))`);
      await page.selectOption('#f-topic', '');
      await page.fill('#f-title', '');
      await page.fill('#f-expectedAudience', '');
      await clickTo(page, 'button:has-text("提交订单")', /\/branch\/orders$/);
      // Every field wanting at once, each marked, the empty ones said to be empty.
      await expect(page.getAttribute('.notice-error', 'data-fields')).resolves.toBe('topic title expectedAudience');
      await expect(page.textContent('.notice-error')).resolves.toContain('专题：不能为空');
      await expect(page.textContent('.notice-error')).resolves.toContain('题目：不能为空');
      await expect(page.textContent('.notice-error')).resolves.toContain('预计听课人数：不能为空');
    });

    /** What an input's description says: the reasons put under it. */
    const under = (input: string) =>
      page.evaluate(
        `(document.querySelector('${input}').getAttribute('aria-describedby') ?? '').split(' ').map((i) => document.getElementById(i)?.textContent ?? '').join(' ')`,
      );

    it('says under each date left empty that a date is wanted', async () => {
      await fillCustomOrder(20, 30);
      // As a browser without date pickers or form checks sends it.
      await page.evaluate(`document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required'))`);
      await page.fill('#f-fromDate', '');
      await page.fill('#f-toDate', '');
      await clickTo(page, 'button:has-text("提交订单")', /\/branch\/orders$/);
      await expect(page.getAttribute('.notice-error', 'data-fields')).resolves.toBe('fromDate toDate');
      await expect(under('#f-fromDate')).resolves.toContain('应为日期');
      await expect(under('#f-toDate')).resolves.toContain('应为日期');
    });

    it('says under the last date why a window the wrong way round is refused', async () => {
      await fillCustomOrder(20, 10);
      await clickTo(page, 'button:has-text("提交订单")', /\/branch\/orders$/);
      await expect(page.getAttribute('.notice-error', 'data-fields')).resolves.toBe('toDate');
      await expect(under('#f-toDate')).resolves.toContain('日期范围有误');
    });

    it('counts the characters of a note once it nears its limit of 2,000, and marks the limit reached', async () => {
      await fillCustomOrder(20, 30);
      const count = page.locator('#f-notes + .field-count');
      await page.fill('#f-notes', '草原'.repeat(50));
      await expect(count.isVisible()).resolves.toBe(false);
      await page.fill('#f-notes', '草原'.repeat(800));
      await expect(count.textContent()).resolves.toBe('1600 / 2000');
      await expect(count.getAttribute('class')).resolves.toBe('field-count');
      await page.fill('#f-notes', '草原'.repeat(1000));
      await expect(count.textContent()).resolves.toBe('2000 / 2000');
      await expect(count.getAttribute('class')).resolves.toBe('field-count at-limit');
    });

    it('places a custom order on a topic of its own', async () => {
      await fillCustomOrder(20, 30);
      await clickTo(page, 'button:has-text("提交订单")', /done=placed/);
      await expect(page.textContent('.facts')).resolves.toContain('实用技术');
      await expect(page.textContent('.facts')).resolves.toContain('自定专题');
    });

    it('finds the order form empty on going back after placing it, so that sending it again places no second order', async () => {
      await fillCustomOrder(20, 30);
      await clickTo(page, 'button:has-text("提交订单")', /done=placed/);
      await page.goBack();
      await expect(page.inputValue('#f-title')).resolves.toBe('');
    });

    it('opens the cancel panel again on a reason refused (only spaces), its field marked to fix', async () => {
      const order = await w.post('/orders', World.customOrder(20), w.branches.A.token);
      await page.goto(`${t.url}/branch/orders/${order.id}`);
      await page.click('summary:has-text("取消订单")');
      await page.fill('#f-reason', '   ');
      await clickTo(page, 'button:has-text("确认取消")', /error=/);
      await expect(page.isVisible('#f-reason')).resolves.toBe(true);
      await expect(page.getAttribute('#f-reason', 'aria-invalid')).resolves.toBe('true');
    });

    it('shows a refusal put right since no more on going back to its page: the order cancelled, no error', async () => {
      const order = await w.post('/orders', World.customOrder(20), w.branches.A.token);
      await page.goto(`${t.url}/branch/orders/${order.id}`);
      await page.click('summary:has-text("取消订单")');
      await page.fill('#f-reason', '   ');
      await clickTo(page, 'button:has-text("确认取消")', /error=/);
      await page.fill('#f-reason', '活动改期');
      await clickTo(page, 'button:has-text("确认取消")', /done=cancelled/);
      await page.goBack({ waitUntil: 'load' });
      expect(new URL(page.url()).pathname).toBe(`/branch/orders/${order.id}`);
      await expect(page.textContent('.page-head .badge')).resolves.toBe('已取消');
      await expect(page.locator('.notice-error').count()).resolves.toBe(0);
    });

    it('opens the cancel panel on coming back to a reason typed and left unsent, the draft in sight', async () => {
      const order = await w.post('/orders', World.customOrder(20), w.branches.A.token);
      await page.goto(`${t.url}/branch/orders/${order.id}`);
      await page.click('summary:has-text("取消订单")');
      await page.fill('#f-reason', '嘎查那天转场');
      await page.goto(`${t.url}/branch`);
      await page.goto(`${t.url}/branch/orders/${order.id}`);
      await expect(page.isVisible('#f-reason')).resolves.toBe(true);
      await expect(page.inputValue('#f-reason')).resolves.toBe('嘎查那天转场');
    });

    it('cancels an order with a reason, which its timeline shows', async () => {
      const order = await w.post('/orders', World.customOrder(20), w.branches.A.token);
      await page.goto(`${t.url}/branch/orders/${order.id}`);
      await page.click('summary:has-text("取消订单")');
      await page.fill('#f-reason', '活动改期');
      await clickTo(page, 'button:has-text("确认取消")', /done=cancelled/);
      await expect(page.textContent('.page-head .badge')).resolves.toBe('已取消');
      await expect(page.textContent('.ended')).resolves.toContain('活动改期');
      await expect(page.locator('.step-stopped').count()).resolves.toBe(1);
    });

    it('rates a lecture once it is given (评单)', async () => {
      const hoursAgo = viewport.name === 'phone' ? 3 : 6;
      const orderId = await givenLecture(w, w.branches.A.token, lecturer, course.id, hoursAgo);

      await clickTo(page, 'nav.nav a:has-text("我的订单")', /\/branch$/);
      await clickTo(page, 'nav.tabs a:has-text("待评价")', /status=to_rate/);
      await clickTo(page, `a[href="/branch/orders/${orderId}"]`, new RegExp(orderId));
      await expect(page.textContent('.step-current .step-label')).resolves.toBe('评单');
      await expect(page.textContent('.facts')).resolves.toContain('38 人次');

      await page.check('input[name="score"][value="5"]');
      await page.fill('#f-comment', '讲得好，用蒙语讲大家都听懂了');
      await clickTo(page, 'button:has-text("提交评价")', /done=rated/);
      await expect(page.textContent('.notice-done')).resolves.toContain('感谢您的评价');
      await expect(page.locator('.step-done').count()).resolves.toBe(5);
      await expect(page.getAttribute('.stars', 'aria-label')).resolves.toBe('5 分');
      await screenshot(page, 'branch-order-rated', viewport);

      const rated = await t.http().get(`${API}/orders/${orderId}`).set(w.auth(w.branches.A.token));
      expect(rated.body.rating).toMatchObject({ score: 5, comment: '讲得好，用蒙语讲大家都听懂了' });
      await page.goto(`${t.url}/branch?status=to_rate`);
      await expect(page.locator(`a[href="/branch/orders/${orderId}"]`).count()).resolves.toBe(0);
    });

    it('keeps the score chosen when a rating is refused, beside its comment', async () => {
      const orderId = await givenLecture(w, w.branches.A.token, lecturer, course.id, viewport.name === 'phone' ? 9 : 12);
      await page.goto(`${t.url}/branch/orders/${orderId}`);
      await page.check('input[name="score"][value="2"]');
      // Past the field's own limit, as a browser without it would send it.
      await page.$eval('#f-comment', (e) => {
        (e as unknown as { value: string }).value = '长'.repeat(2001);
      });
      await clickTo(page, 'button:has-text("提交评价")', /error=/);
      await expect(page.locator('.notice-error').count()).resolves.toBe(1);
      await expect(page.isChecked('input[name="score"][value="2"]')).resolves.toBe(true);
      await expect(page.inputValue('#f-comment')).resolves.toHaveLength(2001);
    });

    it('leads from a page past the end of its orders to the last one, not to "no orders yet"', async () => {
      await page.goto(`${t.url}/branch?page=999`);
      // The last page of the branch's orders, whatever number that is.
      const landed = Number(new URL(page.url()).searchParams.get('page'));
      expect(landed >= 1 && landed < 999).toBe(true);
      await expect(page.locator(`a[href*="page=${landed + 1}"]`).count()).resolves.toBe(0);
      await expect(page.locator('ul.cards li').count()).resolves.toBeGreaterThan(0);
    });
  });
});
