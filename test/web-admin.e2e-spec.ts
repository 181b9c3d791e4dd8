import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { CATEGORY_ZH, LEVEL_ZH } from '../src/i18n/labels-zh.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { branchBody } from './support/generators.js';
import { type LecturerFixture, World } from './support/world.js';
import {
  clickTo,
  givenLecture,
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

const ADMIN = { username: 'root-admin', password: 'root-admin-pw' };
const RUN_PAGE = /\/admin\/scheduling\/runs\/[0-9a-f-]{36}/;

describe('admin pages (组织部门), in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let courseId: string;

  /** The course's lecturers, whom its orders go to. */
  let courseLecturers: LecturerFixture[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    browser = await launchBrowser();
    const city = await w.lecturer({ name: '苏和', level: 'city', category: 'five_elders' });
    const township = await w.lecturer({ name: '娜仁', level: 'township' });
    courseLecturers = [city, township];
    courseId = (
      await w.course([city.id, township.id], { title: '铸牢中华民族共同体意识', topic: 'ethnic_unity', formats: ['on_site', 'online'] })
    ).id;
    // One lecture given in branch A: the dashboard has something to count, and branch B is the last mile.
    await givenLecture(w, w.branches.A.token, city, courseId, 5);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** `work` on a desktop page without JavaScript (plain form posts), signed in as this account. */
  const withoutScript = async (username: string, password: string, work: (page: Page) => Promise<void>): Promise<void> => {
    const context = await newContext(browser, VIEWPORTS[1], { javaScriptEnabled: false });
    try {
      const page = await newPage(context);
      await logIn(page, t.url, username, password);
      await work(page);
    } finally {
      await context.close();
    }
  };

  const menuOrder = (title: string, days: number) =>
    w.post(
      '/orders',
      {
        courseId,
        format: 'online',
        earliestStart: World.at(days, '00:00'),
        latestStart: World.at(days + 5, '23:00'),
        expectedAudience: 60,
        language: 'zh',
        notes: title,
      },
      w.branches.A.token,
    );

  describe.each(VIEWPORTS)('on a $name ($width×$height)', (viewport) => {
    let context: BrowserContext;
    let page: Page & { errors: string[] };

    beforeAll(async () => {
      context = await newContext(browser, viewport);
      page = await newPage(context);
      await logIn(page, t.url, ADMIN.username, ADMIN.password);
    });
    afterAll(async () => context?.close());
    afterEach(() => expect(page.errors).toEqual([]));

    it('shows every page of its menu, fitting the screen', async () => {
      await expect(visitEveryMenuPage(page, t.url, viewport, 'admin')).resolves.toEqual([
        '/admin',
        '/admin/orders',
        '/admin/scheduling',
        '/admin/lecturers',
        '/admin/branches',
        '/admin/regions',
        '/admin/courses',
        '/admin/accounts',
        '/admin/imports',
        '/admin/deliveries',
        '/admin/webhooks',
      ]);
    });

    describe('the coverage dashboard', () => {
      let api: any;
      const name = async (id: string) => (await t.http().get(`${API}/branches/${id}`).set(w.auth())).body.name as string;
      beforeAll(async () => {
        await clickTo(page, 'nav.nav a:has-text("覆盖概览")', /\/admin$/);
        api = (await t.http().get(`${API}/coverage`).set(w.auth())).body;
      });

      it('shows the figures of the coverage API', async () => {
        const stat = (label: string) => page.locator('.stats div', { hasText: label }).locator('dd').textContent();
        await expect(stat('授课场次')).resolves.toBe(String(api.totals.lectures));
        await expect(stat('已覆盖')).resolves.toBe(String(api.totals.branchesReached));
        expect(api.totals.lectures).toBeGreaterThanOrEqual(1);
      });

      it('compares remote, border and weak places with the rest, as the coverage API does', async () => {
        const rows = page.locator('table.priority-groups tbody tr');
        await expect(rows.locator('td:first-child').allTextContents()).resolves.toEqual(['牧区/偏远', '边境', '党员教育薄弱', '其他']);
        const remote = rows.nth(0).locator('td');
        await expect(remote.nth(1).textContent()).resolves.toBe(String(api.priorityGroups.remote.branches));
        await expect(remote.nth(2).textContent()).resolves.toBe(String(api.priorityGroups.remote.branchesReached));
        await expect(remote.nth(4).textContent()).resolves.toBe(String(api.priorityGroups.remote.lectures));
        expect(api.priorityGroups.remote.branches).toBeGreaterThanOrEqual(1);
      });

      it('draws its charts with ECharts', async () => {
        await page.waitForSelector('html[data-charts="5"]');
        await expect(page.locator('.chart canvas').count()).resolves.toBeGreaterThanOrEqual(5);
      });

      it('lists the branches not reached, with their banner, township and village, and not those reached', async () => {
        const unreachedRow = page.locator('.scroll-box tr', { hasText: await name(w.branches.B.id) });
        await expect(unreachedRow.locator('td').nth(1).textContent()).resolves.toBe('旗B / 苏木B / 嘎查B');
        await expect(page.locator('.scroll-box tr', { hasText: await name(w.branches.A.id) }).count()).resolves.toBe(0);
      });

      it('offers the whole city (全市) as the region filter’s first choice, and not the city’s root again below it', async () => {
        const choices = await page.locator('#f-regionId option').allTextContents();
        expect(choices[0]).toBe('全市');
        expect(choices).not.toContain('呼伦贝尔市');
        expect(choices).toContain('旗A');
      });

      it('fits the screen', async () => {
        await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
        await screenshot(page, 'admin-dashboard', viewport);
      });

      it('exports the coverage as a CSV attachment', async () => {
        const csv = await context.request.get(`${t.url}/admin/coverage/export?format=csv`);
        expect(csv.status()).toBe(200);
        expect(csv.headers()['content-type']).toContain('text/csv');
        // Saved under a name in Chinese: what it covers, where and when (RFC 5987's filename*, UTF-8).
        const saved = /filename\*=UTF-8''([^;]+)/.exec(csv.headers()['content-disposition'])?.[1] ?? '';
        expect(decodeURIComponent(saved)).toMatch(/^覆盖情况_呼伦贝尔市_\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.csv$/);
      });

      it('exports the coverage as an Excel workbook', async () => {
        const xlsx = await context.request.get(`${t.url}/admin/coverage/export?format=xlsx`);
        expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
        expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
      });

      it('creates a campaign and shows its progress', async () => {
        await page.fill('#f-name', `百场党课下基层-${viewport.name}`);
        await page.selectOption('#f-campaignRegionId', { label: '旗A' });
        await page.fill('#f-target', '100');
        await clickTo(page, 'button:has-text("创建")', /done=created/);
        const campaign = page.locator('.campaign', { hasText: `百场党课下基层-${viewport.name}` });
        await expect(campaign.locator('progress').getAttribute('max')).resolves.toBe('100');
        await expect(campaign.textContent()).resolves.toMatch(/1 \/ 100 场/);
      });

      it('keeps the period the dashboard showed after a campaign is made there', async () => {
        const shown = `from=${World.at(-30, '00:00').slice(0, 10)}&to=${World.at(30, '00:00').slice(0, 10)}`;
        await page.goto(`${t.url}/admin?${shown}`);
        await page.fill('#f-name', `期间保留-${viewport.name}`);
        await page.selectOption('#f-campaignRegionId', { label: '旗A' });
        await page.fill('#f-target', '10');
        await clickTo(page, 'button:has-text("创建")', /done=created/);
        await expect(page.locator('.notice-done').count()).resolves.toBe(1);
        // The notice is shown once: the address keeps the period, not the notice (drafts.js).
        expect(new URL(page.url()).search).toBe(`?${shown}`);
      });
    });

    it('dispatches an order from the queue to a ranked candidate, with the reasons shown', async () => {
      const order = await menuOrder(`派单-${viewport.name}`, 5);
      await page.goto(`${t.url}/admin/orders`);
      await expect(page.locator('nav.tabs a[aria-current="page"]').textContent()).resolves.toBe('待派单');
      await clickTo(page, `a[href="/admin/orders/${order.id}"]`, new RegExp(order.id));

      const candidates = page.locator('li.candidate');
      await expect(candidates.count()).resolves.toBe(2);
      await expect(candidates.first().locator('.breakdown dt').allTextContents()).resolves.toEqual([
        '路程',
        '评分',
        '覆盖',
        '优先地区',
        '下沉基层',
        '时效',
        '工作量',
      ]);
      await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
      await screenshot(page, 'admin-order-candidates', viewport);

      const first = (await candidates.first().locator('.card-title').textContent())?.replace(/^1\. /, '') as string;
      await clickTo(page, 'li.candidate >> nth=0 >> button:has-text("派给")', /done=offered/);
      await expect(page.textContent('.notice')).resolves.toContain('已派单，等待讲师答复。');
      await expect(page.textContent('.page-head .badge')).resolves.toBe('已派单');
      await expect(page.textContent('.facts')).resolves.toContain(first);
      const api = await t.http().get(`${API}/orders/${order.id}`).set(w.auth());
      expect(api.body.status).toBe('offered');
    });

    it('rejects an order with a reason the branch will read', async () => {
      const order = await w.post('/orders', World.customOrder(6, { title: `驳回-${viewport.name}` }), w.branches.B.token);
      await page.goto(`${t.url}/admin/orders/${order.id}`);
      await page.click('summary:has-text("驳回订单")');
      await page.fill('#f-reject', '与上月课程重复');
      await clickTo(page, 'button:has-text("确认驳回")', /done=rejected/);
      await expect(page.textContent('.notice')).resolves.toContain('订单已驳回。');
      await expect(page.textContent('.page-head .badge')).resolves.toBe('已驳回');
      await expect(page.textContent('.ended')).resolves.toContain('与上月课程重复');
    });

    it('opens again the cancel form refused for a blank reason, and only it, where the reason is fixed and sent', async () => {
      const order = await w.post('/orders', World.customOrder(6, { title: `取消-${viewport.name}` }), w.branches.B.token);
      await page.goto(`${t.url}/admin/orders/${order.id}`);
      await page.click('summary:has-text("取消订单")');
      await page.fill('#f-cancel', '   ');
      await clickTo(page, 'button:has-text("确认取消")', /error=VALIDATION_FAILED/);
      await expect(page.locator('details[open] form').getAttribute('action')).resolves.toBe(`/admin/orders/${order.id}/cancel`);
      await expect(page.isVisible('#f-cancel')).resolves.toBe(true);
      await page.fill('#f-cancel', '支部换届，改期再订');
      await clickTo(page, 'button:has-text("确认取消")', /done=cancelled/);
    });

    it("lists one branch's orders from the branches' list, and keeps to it across the status tabs", async () => {
      const ofB = await w.post('/orders', World.customOrder(7, { title: `支部B-${viewport.name}` }), w.branches.B.token);
      const ofA = await w.post('/orders', World.customOrder(7, { title: `支部A-${viewport.name}` }), w.branches.A.token);
      await page.goto(`${t.url}/admin/branches`);
      await clickTo(page, `a[href="/admin/orders?status=all&branchId=${w.branches.B.id}"]`, /branchId=/);
      const listed = (o: { id: string }) => page.locator(`a[href="/admin/orders/${o.id}"]`).count();
      await expect(Promise.all([listed(ofB), listed(ofA)])).resolves.toEqual([1, 0]);
      await clickTo(page, 'nav.tabs a:has-text("待派单")', /status=pending/);
      expect(new URL(page.url()).searchParams.get('branchId')).toBe(w.branches.B.id);
      await expect(Promise.all([listed(ofB), listed(ofA)])).resolves.toEqual([1, 0]);
      // Out of the way of the scheduling runs the next tests make.
      for (const o of [ofA, ofB]) await w.post(`/orders/${o.id}/reject`, { reason: '看过即驳回' });
    });

    it('previews a scheduling run with a progress bar, then confirms it for real', async () => {
      const orders = [await menuOrder(`计算一-${viewport.name}`, 8), await menuOrder(`计算二-${viewport.name}`, 9)];
      await clickTo(page, 'nav.nav a:has-text("派单计算")', /\/admin\/scheduling$/);
      // The solver answers quickly here: hold the answer back a moment to see what a slow link shows meanwhile.
      await page.route('**/admin/scheduling/runs', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1200));
        await route.continue();
      });
      const navigated = page.waitForURL(RUN_PAGE, { waitUntil: 'load' });
      await page.click('button:has-text("试算")');
      await page.waitForSelector('[data-run-progress]:not([hidden])');
      await page.waitForSelector('[data-run-progress] progress:not([value="0"])');
      await expect(page.textContent('[data-run-elapsed]')).resolves.toMatch(/^\d+\.\d 秒$/);
      await expect(page.isDisabled('button:has-text("试算")')).resolves.toBe(true);
      await screenshot(page, 'admin-run-progress', viewport);
      await navigated;
      await page.unroute('**/admin/scheduling/runs');

      await expect(page.textContent('h1')).resolves.toBe('派单试算结果');
      for (const o of orders) await expect(page.locator(`a[href="/admin/orders/${o.id}"]`).count()).resolves.toBe(1);
      await screenshot(page, 'admin-run-preview', viewport);
      const stillPending = await t.http().get(`${API}/orders/${orders[0].id}`).set(w.auth());
      expect(stillPending.body.status).toBe('pending');

      const preview = new URL(page.url()).pathname;
      // Asked once more before the offers go out, with how many.
      const asked = new Promise<string>((resolve) =>
        page.once('dialog', (dialog) => {
          resolve(dialog.message());
          void dialog.accept();
        }),
      );
      await Promise.all([
        page.waitForURL((url) => RUN_PAGE.test(url.pathname) && url.pathname !== preview, { waitUntil: 'load' }),
        page.click('button:has-text("确认派单")'),
      ]);
      await expect(asked).resolves.toContain(`约 ${orders.length} 份派单`);
      await expect(page.textContent('h1')).resolves.toBe('派单结果');
      await expect(page.textContent('.notice-done')).resolves.toContain('派单已发出');
      for (const o of orders) {
        const after = await t.http().get(`${API}/orders/${o.id}`).set(w.auth());
        expect(after.body.status).toBe('offered');
      }
      // Each order as it stands now: once its offer is accepted, the run's page says so.
      const [first] = orders;
      const card = page.locator('.card', { has: page.locator(`a[href="/admin/orders/${first.id}"]`) });
      await expect(card.locator('.badge').textContent()).resolves.toBe('已派单');
      const offeredTo = (await t.http().get(`${API}/orders/${first.id}`).set(w.auth())).body.offer.lecturerId as string;
      const lecturer = courseLecturers.find((l) => l.id === offeredTo) as LecturerFixture;
      await t.http().post(`${API}/orders/${first.id}/accept`).set(w.auth(lecturer.token)).send({}).expect(200);
      await page.reload();
      await expect(card.locator('.badge').textContent()).resolves.toBe('已接单');
    });
  });

  it('confirms a preview opened from the list of recent runs for the period it previewed, no wider', async () => {
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      const inPeriod = await menuOrder('期内', 20);
      const later = await menuOrder('期外', 50);
      const day = (n: number) => World.at(n, '00:00').slice(0, 10);
      await page.goto(`${t.url}/admin/scheduling`);
      await page.fill('#f-from', day(20));
      await page.fill('#f-to', day(21));
      await clickTo(page, 'button:has-text("试算")', RUN_PAGE);
      await page.goto(`${t.url}/admin/scheduling`);
      await expect(page.locator('table tbody tr').first().textContent()).resolves.toContain(`${day(20)} 至 ${day(21)}`);
      await clickTo(page, 'table tbody tr >> nth=0 >> a', RUN_PAGE);
      await clickTo(page, 'button:has-text("确认派单")', RUN_PAGE);
      await expect(page.textContent('h1')).resolves.toBe('派单结果');
      await expect(page.textContent('.notice-done')).resolves.toContain('派单已发出');
      const status = async (id: string) => (await t.http().get(`${API}/orders/${id}`).set(w.auth())).body.status as string;
      await expect(status(inPeriod.id)).resolves.toBe('offered');
      await expect(status(later.id)).resolves.toBe('pending');
    });
  });

  it("lists each recent run with whose orders it matched: a banner's runs beside the city's", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.B.id });
    await t.http().post(`${API}/scheduling/runs`).set(w.auth(bannerAdmin.token)).send({ dryRun: true }).expect(201);
    await t.http().post(`${API}/scheduling/runs`).set(w.auth()).send({ dryRun: true }).expect(201);
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      await page.goto(`${t.url}/admin/scheduling`);
      const scopes = page.locator('table tbody tr td:nth-child(3)');
      await expect(scopes.nth(0).textContent()).resolves.toBe('全市');
      await expect(scopes.nth(1).textContent()).resolves.toBe('旗B');
    });
  });

  it('shows the candidates ranked below the first five on asking, all of them up to the ranking’s fifty', async () => {
    for (let i = 0; i < 5; i++) await w.lecturer();
    const order = await w.post('/orders', World.customOrder(8, { title: '候选讲师较多' }), w.branches.A.token);
    const api = await t.http().get(`${API}/orders/${order.id}/candidates?limit=5`).set(w.auth());
    expect(api.body.moreEligible).toBeGreaterThan(0);
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      await page.goto(`${t.url}/admin/orders/${order.id}`);
      await expect(page.locator('li.candidate').count()).resolves.toBe(5);
      await expect(page.textContent('#candidates')).resolves.toContain(`另有 ${api.body.moreEligible} 位`);
      await clickTo(page, 'a:has-text("显示更多")', /candidates=all/);
      await expect(page.locator('li.candidate').count()).resolves.toBe(Math.min(50, 5 + (api.body.moreEligible as number)));
    });
  });

  it('offers no second confirmation of a confirmed preview, and links to what confirmed it', async () => {
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      await menuOrder('确认一次', 30);
      await page.goto(`${t.url}/admin/scheduling`);
      await clickTo(page, 'button:has-text("试算")', RUN_PAGE);
      const preview = page.url();
      await clickTo(page, 'button:has-text("确认派单")', RUN_PAGE);
      const result = new URL(page.url()).pathname;
      await page.goto(preview);
      await expect(page.locator('button:has-text("确认派单")').count()).resolves.toBe(0);
      await expect(page.locator(`a[href="${result}"]`).textContent()).resolves.toBe('查看派单结果');
      await expect(page.textContent('.summary')).resolves.toContain('试算：已确认派单');
    });
  });

  it('offers a banner admin only the levels of region it may add: townships and villages of its banner', async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    await withoutScript(bannerAdmin.username, 'password-123', async (page) => {
      await page.goto(`${t.url}/admin/regions`);
      const levels = await page
        .locator('#new select[name="level"] option')
        .evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));
      expect(levels.filter((v) => v !== '')).toEqual(['township', 'village']);
    });
  });

  it("offers a banner admin no form it may not use: another banner's lecturer, the city's menu, accounts for others' lecturers", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const ours = await w.lecturer({ name: '本旗讲师' });
    const theirs = await w.lecturer({ name: '外旗讲师' }, w.banners.B.townshipId);
    await withoutScript(bannerAdmin.username, 'password-123', async (page) => {
      await page.goto(`${t.url}/admin/lecturers/${theirs.id}`);
      await expect(page.locator('form button:has-text("保存")').count()).resolves.toBe(0);
      await expect(page.textContent('main')).resolves.toContain('由其所在地的管理员维护');
      await page.goto(`${t.url}/admin/lecturers/${ours.id}`);
      await expect(page.locator('form button:has-text("保存")').count()).resolves.toBe(1);
      await page.goto(`${t.url}/admin/courses`);
      await expect(page.locator('#new').count()).resolves.toBe(0);
      await page.goto(`${t.url}/admin/accounts`);
      const choices = await page.locator('#f-lecturerId option').allTextContents();
      expect(choices).toContain('本旗讲师');
      expect(choices).not.toContain('外旗讲师');
    });
  });

  it("names a banner admin's own banner, never 全市, where a region is left unchosen", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    await withoutScript(bannerAdmin.username, 'password-123', async (page) => {
      await page.goto(`${t.url}/admin`);
      await expect(page.locator('#f-regionId option >> nth=0').textContent()).resolves.toBe('旗A全域');
      // Its banner is that first choice, not listed again below it.
      await expect(page.locator('#f-regionId option').allTextContents()).resolves.not.toContain('旗A');
      await page.goto(`${t.url}/admin/accounts`);
      await expect(page.locator('#f-regionId option >> nth=0').textContent()).resolves.toBe('—');
      await expect(page.locator('label[for="f-regionId"]').textContent()).resolves.toContain('必选');
    });
  });

  it('leads from a page past the end of a list to its last page', async () => {
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      for (const list of ['/admin/orders?status=all', '/admin/lecturers', '/admin/branches', '/admin/regions', '/admin/accounts']) {
        await page.goto(`${t.url}${list}${list.includes('?') ? '&' : '?'}page=999`);
        // The last page of the list, a page that exists, whatever number that is.
        const landed = Number(new URL(page.url()).searchParams.get('page'));
        expect([list, landed >= 1 && landed < 999]).toEqual([list, true]);
        await expect(page.locator('table tbody tr').count()).resolves.toBeGreaterThan(0);
      }
    });
  });

  it('pages through the list of runs, each run on one page only', async () => {
    for (let i = 0; i < 11; i++) await t.http().post(`${API}/scheduling/runs`).set(w.auth()).send({ dryRun: true }).expect(201);
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      const runLinks = () => page.locator('table tbody tr a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      await page.goto(`${t.url}/admin/scheduling`);
      const first = await runLinks();
      expect(first).toHaveLength(10);
      await clickTo(page, 'nav.pager a:has-text("下一页")', /\/admin\/scheduling\?page=2$/);
      const second = await runLinks();
      expect(second.length).toBeGreaterThan(0);
      expect(second.filter((href) => first.includes(href))).toEqual([]);
    });
  });

  it("offers no confirmation of another area's preview, and says whose it is to confirm", async () => {
    const bannerAdmin = await w.account({ role: 'admin', regionId: w.banners.A.id });
    await menuOrder('他人试算', 31);
    const dry = await t.http().post(`${API}/scheduling/runs`).set(w.auth(bannerAdmin.token)).send({ dryRun: true });
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      await page.goto(`${t.url}/admin/scheduling/runs/${dry.body.id}`);
      await expect(page.locator('button:has-text("确认派单")').count()).resolves.toBe(0);
      await expect(page.textContent('main')).resolves.toContain('只能由该范围的管理员确认派单');
    });
  });

  it('runs a scheduling preview without JavaScript (a plain form post)', async () => {
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      await menuOrder('无脚本', 12);
      await page.goto(`${t.url}/admin/scheduling`);
      await clickTo(page, 'button:has-text("试算")', RUN_PAGE);
      await expect(page.textContent('h1')).resolves.toBe('派单试算结果');
      await expect(page.locator('.stats dd').first().textContent()).resolves.toMatch(/^\d+$/);
      // The total adds up from what the page lists: each matched lecture's cost, and the unmatched orders' penalty.
      const stats = new Map(zip(await page.locator('.stats dt').allTextContents(), await page.locator('.stats dd').allTextContents()));
      const cardCosts = (await page.locator('.cards .card-meta').allTextContents()).flatMap((m) =>
        [...m.matchAll(/成本 (-?[\d.]+)/g)].map((x) => Number(x[1])),
      );
      const listed = cardCosts.reduce((a, b) => a + b, 0) + Number(stats.get('其中未匹配罚分') ?? 0);
      expect(Number(stats.get('总成本（越低越好）'))).toBeCloseTo(listed, 1);
    });
  });

  it('answers a dashboard period up to 9999 and a run from an impossible date without a 500', async () => {
    await withoutScript(ADMIN.username, ADMIN.password, async (page) => {
      const dashboard = await page.goto(`${t.url}/admin?to=9999-12-31`);
      expect(dashboard?.status()).toBe(200);
      // An end before the start: the figures of the default period, the dates as typed, saying which field to fix.
      const reversed = await page.goto(`${t.url}/admin?from=2026-12-31&to=2026-01-01`);
      expect(reversed?.status()).toBe(400);
      await expect(page.textContent('h1')).resolves.toBe('覆盖概览');
      await expect(page.getAttribute('.notice-error', 'data-fields')).resolves.toBe('to');
      await expect(page.inputValue('.filters input[name="from"]')).resolves.toBe('2026-12-31');
      await expect(page.inputValue('.filters input[name="to"]')).resolves.toBe('2026-01-01');
      await expect(page.textContent('.figures-period')).resolves.toMatch(/^以下数据的时段：\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d$/);
      await expect(page.textContent('.figures-period')).resolves.not.toContain('2026-12-31 至 2026-01-01');
      // A date that is none is said so, not passed over for the default period.
      const garbled = await page.goto(`${t.url}/admin?from=abc&to=2026-13-45`);
      expect(garbled?.status()).toBe(400);
      await expect(page.locator('.notice-error').count()).resolves.toBe(1);
      for (const from of ['2026-02-30', '0000-01-01']) {
        await page.goto(`${t.url}/admin/scheduling`);
        // A browser's date field would not let these through; a hand-made request does.
        await page.evaluate(`(() => { const f = document.querySelector('#f-from'); f.type = 'text'; f.value = '${from}'; })()`);
        await clickTo(page, 'button:has-text("试算")', /\/admin\/scheduling\?error=VALIDATION_FAILED&field=from/);
      }
    });
  });

  it('refuses a run whose end comes before its start, naming the field as labelled and why, with no progress bar left running', async () => {
    const context = await newContext(browser, VIEWPORTS[1]);
    try {
      const page = await newPage(context);
      await logIn(page, t.url, ADMIN.username, ADMIN.password);
      await page.goto(`${t.url}/admin/scheduling`);
      await page.fill('#f-from', localDate(30));
      await page.fill('#f-to', localDate(10));
      await page.click('button:has-text("试算")');
      // The field as the form labels it (到), and why, as the page's own notice would say it without a script.
      await expect(page.waitForSelector('[data-run-status]:has-text("到：")').then((e) => e.textContent())).resolves.toContain(
        '到：不能早于开始日期',
      );
      await expect(page.isHidden('[data-run-progress] progress')).resolves.toBe(true);
      await expect(page.textContent('[data-run-elapsed]')).resolves.toBe('');
      await expect(page.isEnabled('button:has-text("试算")')).resolves.toBe(true);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a branch's name in the dashboard's map tooltip as text, not as markup", async () => {
    await w.post('/branches', branchBody(w.banners.A.villageId, { name: '<img id="xss" src="x">牧点' }));
    const context = await newContext(browser, VIEWPORTS[1]);
    try {
      const page = await newPage(context);
      await logIn(page, t.url, ADMIN.username, ADMIN.password);
      await page.goto(`${t.url}/admin`);
      await page.evaluate(`(() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-map'));
        chart.getOption().series.forEach((series, seriesIndex) => {
          const dataIndex = series.data.findIndex((d) => d.name.includes('牧点'));
          if (dataIndex >= 0) chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex });
        });
      })()`);
      await page.waitForFunction(`document.body.innerText.includes('<img id="xss" src="x">牧点')`);
      await expect(page.locator('#xss').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  describe('on a phone (360 px)', () => {
    const phone = VIEWPORTS[0];
    /** A fresh phone page, signed in as the account. */
    const phonePage = async (username = ADMIN.username, password = ADMIN.password): Promise<Page & { errors: string[] }> => {
      const page = await newPage(await newContext(browser, phone));
      await logIn(page, t.url, username, password);
      return page;
    };

    it.each([
      ['an admin', () => Promise.resolve(ADMIN.username), ADMIN.password],
      // A branch's header also offers the other language: the most crowded one.
      ['a branch secretary', async () => (await w.account({ role: 'branch', branchId: w.branches.A.id })).username, 'password-123'],
    ])('shows the whole username of %s in the header, the page no wider than the screen', async (_who, username, password) => {
      const name = await username();
      const page = await phonePage(name, password);
      try {
        const shown = await page.locator('header.top .who').evaluate((who) => {
          const link = who.querySelector('a')!.getBoundingClientRect();
          return { text: who.querySelector('a')!.textContent, cut: who.scrollWidth > who.clientWidth, right: link.right };
        });
        expect(shown).toEqual({ text: name, cut: false, right: expect.any(Number) });
        expect(shown.right).toBeLessThanOrEqual(phone.width);
        await expect(overflowX(page)).resolves.toBe(0);
        expect(page.errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    });

    /** The usual brightness (the median, 0–255) of the column `x` px in from the box's left (negative: from its right). */
    const brightnessAt = async (png: Buffer, x: number): Promise<number> => {
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const column = x >= 0 ? x : info.width + x;
      const values: number[] = [];
      // The rounded corners left out; the rows' lines and the texts are few of the column's pixels.
      for (let y = 12; y < info.height - 12; y++) {
        const i = (y * info.width + column) * info.channels;
        values.push((data[i] + data[i + 1] + data[i + 2]) / 3);
      }
      return values.sort((a, b) => a - b)[values.length >> 1];
    };

    it('shades the side of a wide table where columns are hidden, so that it is seen to scroll', async () => {
      const page = await phonePage();
      try {
        await page.goto(`${t.url}/admin`);
        // The banners' figures: six columns, wider than the phone.
        const box = page.locator('.table-wrap:not(.scroll-box)').first();
        await expect(box.evaluate((el) => el.scrollWidth > el.clientWidth)).resolves.toBe(true);
        const atStart = await box.screenshot();
        // Just inside the border: white (255) where nothing is hidden, a grey shade (~200) where columns are.
        await expect(brightnessAt(atStart, 3)).resolves.toBeGreaterThan(245);
        await expect(brightnessAt(atStart, -4)).resolves.toBeLessThan(220);
        await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
        const atEnd = await box.screenshot();
        await expect(brightnessAt(atEnd, 3)).resolves.toBeLessThan(220);
        await expect(brightnessAt(atEnd, -4)).resolves.toBeGreaterThan(245);
      } finally {
        await page.context().close();
      }
    });

    it('lists the branches not reached with their region in view, no sideways scrolling needed', async () => {
      const page = await phonePage();
      try {
        await page.goto(`${t.url}/admin`);
        const box = page.locator('.table-wrap.scroll-box');
        await expect(box.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBeLessThanOrEqual(0);
        const region = await box.locator('tbody tr').first().locator('td').nth(1).boundingBox();
        expect(region!.x + region!.width).toBeLessThanOrEqual(phone.width);
      } finally {
        await page.context().close();
      }
    });

    /**
     * The dashboard with the slices of a city's spread (every category and level of lecturer, as the demo data has
     * them): the page as served, its figures' block changed.
     */
    const dashboardWithEverySlice = async (page: Page): Promise<void> => {
      await page.route(/\/admin$/, async (route) => {
        const response = await route.fetch();
        const html = await response.text();
        const body = html.replace(
          /(<script type="application\/json" id="dashboard-data">)(.*?)(<\/script>)/s,
          (_all, open, json, close) => {
            const data = JSON.parse(json);
            data.categories = Object.values(CATEGORY_ZH).map((label, i) => ({ label, lectures: 5 + ((i * 7) % 11) }));
            data.levels = Object.values(LEVEL_ZH).map((label, i) => ({ label, lectures: 15 + i * 8 }));
            return open + JSON.stringify(data).replace(/</g, '\\u003c') + close;
          },
        );
        await route.fulfill({ response, body });
      });
      await page.goto(`${t.url}/admin`);
      await page.waitForSelector('html[data-charts="5"]');
    };
    /** What each donut drew as text (ECharts' canvas, through its renderer): the texts, where, and the box's size. */
    const donutTexts = (page: Page) =>
      page.evaluate<
        Array<{
          width: number;
          height: number;
          outside: boolean;
          texts: Array<{ text: string; left: number; top: number; right: number; bottom: number }>;
        }>
      >(`
        ['chart-categories', 'chart-levels'].map((id) => {
          const el = document.getElementById(id);
          const chart = echarts.getInstanceByDom(el);
          const label = chart.getOption().series[0].label;
          const texts = chart.getZr().storage.getDisplayList(true)
            .filter((d) => d.type === 'tspan' && !d.invisible && d.style.text)
            .map((d) => {
              const r = d.getBoundingRect().clone();
              const m = d.getComputedTransform();
              if (m) r.applyTransform(m);
              return { text: d.style.text, left: r.x, top: r.y, right: r.x + r.width, bottom: r.y + r.height };
            });
          return { width: el.clientWidth, height: el.clientHeight, outside: label.show !== false && label.position !== 'inside', texts };
        })`);

    it("puts no labels beside the dashboard's donuts, where their names do not fit", async () => {
      const page = await phonePage();
      try {
        await dashboardWithEverySlice(page);
        const donuts = await donutTexts(page);
        expect(donuts.map((d) => d.outside)).toEqual([false, false]);
        expect(page.errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    });

    it("names every slice of the dashboard's donuts in full, inside the chart's box", async () => {
      const page = await phonePage();
      try {
        await dashboardWithEverySlice(page);
        const [categories, levels] = await donutTexts(page);
        for (const [donut, names] of [
          [categories, Object.values(CATEGORY_ZH)],
          [levels, Object.values(LEVEL_ZH)],
        ] as const) {
          for (const name of names) expect(donut.texts.filter((x) => x.text.includes(name))).toHaveLength(1);
          expect(donut.texts.filter((x) => /\.\.\.|…/.test(x.text))).toEqual([]);
          const outOfBox = donut.texts.filter((x) => x.left < 0 || x.top < 0 || x.right > donut.width || x.bottom > donut.height);
          expect(outOfBox).toEqual([]);
        }
      } finally {
        await page.context().close();
      }
    });
  });

  it("keeps the names of the dashboard's donut slices beside the ring on a desktop, where they fit", async () => {
    const context = await newContext(browser, VIEWPORTS[1]);
    try {
      const page = await newPage(context);
      await logIn(page, t.url, ADMIN.username, ADMIN.password);
      await page.goto(`${t.url}/admin`);
      await page.waitForSelector('html[data-charts="5"]');
      const outside = await page.evaluate<boolean>(
        `echarts.getInstanceByDom(document.getElementById('chart-categories')).getOption().series[0].label.show !== false`,
      );
      expect(outside).toBe(true);
    } finally {
      await context.close();
    }
  });

  describe('roster, branches, regions, menu and accounts (desktop)', () => {
    let context: BrowserContext;
    let page: Page & { errors: string[] };
    const desktop = VIEWPORTS[1];

    beforeAll(async () => {
      context = await newContext(browser, desktop);
      page = await newPage(context);
      await logIn(page, t.url, ADMIN.username, ADMIN.password);
    });
    afterAll(async () => context?.close());
    afterEach(() => expect(page.errors).toEqual([]));

    it("gives a list's filters and its create form ids of their own, so that every label names its own control", async () => {
      for (const list of ['regions', 'branches', 'lecturers', 'courses']) {
        await page.goto(`${t.url}/admin/${list}`);
        const ids: string[] = await page.locator('[id]').evaluateAll((elements) => elements.map((e) => e.id));
        const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
        expect({ list, repeated }).toEqual({ list, repeated: [] });
      }
    });

    it('adds a region and a branch in it', async () => {
      await page.goto(`${t.url}/admin/regions`);
      await page.fill('#f-name', '巴彦哈达嘎查');
      await page.selectOption('#f-level', 'village');
      await page.selectOption('#f-parentId', { label: '旗A / 苏木A' });
      await page.fill('#f-latitude', '49.5');
      await page.fill('#f-longitude', '119.9');
      await page.check('#new input[name="border"]');
      await clickTo(page, '#new button:has-text("保存")', /done=created/);
      await page.goto(`${t.url}/admin/regions?level=village`);
      await expect(page.textContent('table')).resolves.toContain('旗A / 苏木A / 巴彦哈达嘎查');

      await page.goto(`${t.url}/admin/branches`);
      await page.fill('#f-name', '巴彦哈达嘎查党支部');
      await page.selectOption('#new #f-regionId', { label: '旗A / 苏木A / 巴彦哈达嘎查' });
      await page.fill('#f-memberCount', '23');
      await clickTo(page, '#new button:has-text("保存")', /done=created/);
      await expect(page.textContent('table')).resolves.toContain('巴彦哈达嘎查党支部');
    });

    it("corrects a branch from its page: its members, and a move to another village placed at that village's", async () => {
      await page.goto(`${t.url}/admin/branches`);
      await clickTo(page, 'table a:has-text("巴彦哈达嘎查党支部")', /\/admin\/branches\/[0-9a-f-]{36}$/);
      const id = new URL(page.url()).pathname.split('/').pop();
      await expect(page.inputValue('#f-memberCount')).resolves.toBe('23');
      await page.fill('#f-memberCount', '27');
      await page.selectOption('#f-regionId', { label: '旗B / 苏木B / 嘎查B' });
      await clickTo(page, 'button:has-text("保存")', /\/admin\/branches\?done=saved$/);
      await expect(page.textContent('.notice-done')).resolves.toContain('已保存');

      const saved = (await t.http().get(`${API}/branches/${id}`).set(w.auth())).body;
      const village = (await t.http().get(`${API}/regions/${w.banners.B.villageId}`).set(w.auth())).body;
      expect(saved).toMatchObject({ name: '巴彦哈达嘎查党支部', memberCount: 27, regionId: village.id });
      expect([saved.latitude, saved.longitude]).toEqual([village.latitude, village.longitude]);
    });

    it('marks a region as the office now assesses it (薄弱), back on the list as it was filtered', async () => {
      await page.goto(`${t.url}/admin/regions?level=township`);
      const row = page.locator('table tbody tr', { hasText: '旗B / 苏木B' });
      await row.locator('input[name="weak"]').check();
      await row.locator('input[name="remote"]').check();
      await clickTo(page, 'table tbody tr:has-text("旗B / 苏木B") button:has-text("保存")', /level=township.*done=saved/);
      await expect(page.textContent('.notice-done')).resolves.toContain('已保存');
      const township = (await t.http().get(`${API}/regions/${w.banners.B.townshipId}`).set(w.auth())).body;
      expect([township.weak, township.remote, township.border]).toEqual([true, true, false]);
    });

    it('shows a refused create form again on the list as it was filtered', async () => {
      await page.goto(`${t.url}/admin/lecturers?level=township&done=created`);
      await page.fill('#f-name', '乌力吉');
      await page.selectOption('#new #f-category', 'five_elders');
      await page.selectOption('#new #f-level', 'township');
      await page.selectOption('#new #f-regionId', { label: '旗B / 苏木B' });
      await page.check('input[name="topics"][value="policy"]');
      await clickTo(page, '#new button:has-text("保存")', /\/admin\/lecturers\?level=township$/);
      await expect(page.textContent('.notice-error')).resolves.toContain('授课形式');
      await expect(page.locator('.notice-done').count()).resolves.toBe(0);
      await expect(page.inputValue('.filters #q-level')).resolves.toBe('township');
      await expect(page.inputValue('#f-name')).resolves.toBe('乌力吉');
    });

    it('adds a lecturer to the pool, refusing a form with no format first', async () => {
      await page.goto(`${t.url}/admin/lecturers`);
      await page.fill('#f-name', '宝音德力格尔');
      await page.selectOption('#new #f-category', 'five_elders');
      await page.selectOption('#new #f-level', 'township');
      await page.selectOption('#new #f-regionId', { label: '旗B / 苏木B' });
      await page.check('input[name="topics"][value="border_security"]');
      await page.check('input[name="languages"][value="mn"]');
      await clickTo(page, '#new button:has-text("保存")', /\/admin\/lecturers$/);
      await expect(page.textContent('.notice-error')).resolves.toContain('授课形式');
      await expect(page.getAttribute('input[name="formats"] >> nth=0', 'aria-invalid')).resolves.toBe('true');
      await expect(page.inputValue('#f-name')).resolves.toBe('宝音德力格尔');

      await page.check('input[name="formats"][value="mobile"]');
      await clickTo(page, '#new button:has-text("保存")', /done=created/);
      await expect(page.textContent('table')).resolves.toMatch(/宝音德力格尔\s*“五老”\s*苏木乡镇级\s*守边固边/);
      await screenshot(page, 'admin-lecturers', desktop);
    });

    it("corrects a lecturer from its page: the name, the radius, and a home moved to another region's", async () => {
      await page.goto(`${t.url}/admin/lecturers`);
      await clickTo(page, 'table a:has-text("宝音德力格尔")', /\/admin\/lecturers\/[0-9a-f-]{36}$/);
      const id = new URL(page.url()).pathname.split('/').pop();
      await expect(page.inputValue('#f-name')).resolves.toBe('宝音德力格尔');
      await expect(page.isChecked('input[name="topics"][value="border_security"]')).resolves.toBe(true);
      await page.fill('#f-name', '宝音德力格尔图');
      await page.fill('#f-travelRadiusKm', '350');
      await page.selectOption('#f-regionId', { label: '旗A / 苏木A' });
      await clickTo(page, 'button:has-text("保存")', /\/admin\/lecturers\?done=saved$/);
      await expect(page.textContent('.notice-done')).resolves.toContain('已保存');

      const saved = (await t.http().get(`${API}/lecturers/${id}`).set(w.auth())).body;
      expect(saved).toMatchObject({
        name: '宝音德力格尔图',
        travelRadiusKm: 350,
        regionId: w.banners.A.townshipId,
        topics: ['border_security'],
        formats: ['mobile'],
      });
      const township = (await t.http().get(`${API}/regions/${w.banners.A.townshipId}`).set(w.auth())).body;
      expect([saved.latitude, saved.longitude]).toEqual([township.latitude, township.longitude]);
    });

    it("takes a lecturer's home from the region when its coordinates are cleared, as the form's hint says", async () => {
      const lecturer = await w.lecturer();
      await t.http().patch(`${API}/lecturers/${lecturer.id}`).set(w.auth()).send({ latitude: 49.1, longitude: 119.1 }).expect(200);
      await page.goto(`${t.url}/admin/lecturers/${lecturer.id}`);
      await page.fill('#f-latitude', '');
      await page.fill('#f-longitude', '');
      await clickTo(page, 'button:has-text("保存")', /\/admin\/lecturers\?done=saved$/);
      const saved = (await t.http().get(`${API}/lecturers/${lecturer.id}`).set(w.auth())).body;
      const township = (await t.http().get(`${API}/regions/${w.banners.A.townshipId}`).set(w.auth())).body;
      expect([saved.latitude, saved.longitude]).toEqual([township.latitude, township.longitude]);
    });

    it('marks a course of the menu that no lecturer gives, since no order for it can be dispatched', async () => {
      await w.course([], { title: '无人讲授的课' });
      await page.goto(`${t.url}/admin/courses`);
      await expect(page.locator('tr', { hasText: '无人讲授的课' }).textContent()).resolves.toContain('暂无讲师，无法派单');
    });

    it('corrects a course from its page: its title, who gives it, and a description cleared', async () => {
      const [first, second] = [await w.lecturer(), await w.lecturer()];
      const course = await w.course([first.id], { title: '牧区党员冬训', description: '冬训提纲' });
      await page.goto(`${t.url}/admin/courses`);
      await clickTo(page, 'table a:has-text("牧区党员冬训")', new RegExp(`/admin/courses/${course.id}$`));
      await page.fill('#f-title', '牧区党员冬训（2027）');
      await page.fill('#f-description', '');
      await page.uncheck(`input[name="lecturerIds"][value="${first.id}"]`);
      await page.check(`input[name="lecturerIds"][value="${second.id}"]`);
      await clickTo(page, 'button:has-text("保存")', /\/admin\/courses\?done=saved$/);

      const saved = (await t.http().get(`${API}/courses/${course.id}`).set(w.auth())).body;
      expect(saved).toMatchObject({
        title: '牧区党员冬训（2027）',
        description: null,
        lecturerIds: [second.id],
        durationMinutes: course.durationMinutes,
      });
    });

    it('adds a course to the menu and an account for a branch secretary', async () => {
      await page.goto(`${t.url}/admin/courses`);
      await page.fill('#f-title', '边境牧民护边员职责');
      await page.selectOption('#new #f-topic', 'border_security');
      await page.check('input[name="formats"][value="mobile"]');
      await page.check('label:has-text("苏和") input[name="lecturerIds"]');
      await clickTo(page, '#new button:has-text("保存")', /done=created/);
      await expect(page.textContent('table')).resolves.toMatch(/边境牧民护边员职责\s*守边固边/);

      await page.goto(`${t.url}/admin/accounts`);
      await page.fill('#f-username', 'bayanhada-secretary');
      await page.fill('#f-password', 'grassland-2026');
      await page.selectOption('#f-role', 'branch');
      const branchName = (await page.textContent('#f-branchId option:nth-child(2)'))?.trim();
      await page.selectOption('#f-branchId', { index: 1 });
      await clickTo(page, 'button:has-text("创建账号")', /done=created/);
      const login = await t.http().post(`${API}/auth/login`).send({ username: 'bayanhada-secretary', password: 'grassland-2026' });
      expect(login.body.account).toMatchObject({ role: 'branch' });
      // The list says which branch the new account speaks for.
      const row = page.locator('tr', { hasText: 'bayanhada-secretary' });
      await expect(row.locator('td').nth(2).textContent()).resolves.toBe(branchName);
    });

    it('marks the branch left unchosen for a secretary, and a username already taken, where they are on the form', async () => {
      await page.goto(`${t.url}/admin/accounts`);
      await page.fill('#f-username', 'secretary-without-branch');
      await page.fill('#f-password', 'grassland-2026');
      await page.selectOption('#f-role', 'branch');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("创建账号")')]);
      await expect(page.getAttribute('#f-branchId', 'aria-invalid')).resolves.toBe('true');
      await expect(page.getAttribute('#f-role', 'aria-invalid')).resolves.toBeNull();

      await page.fill('#f-username', 'bayanhada-secretary');
      await page.fill('#f-password', 'grassland-2026');
      await page.selectOption('#f-branchId', { index: 1 });
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("创建账号")')]);
      await expect(page.textContent('.notice-error')).resolves.toContain('该用户名已被使用');
      await expect(page.getAttribute('#f-username', 'aria-invalid')).resolves.toBe('true');
    });

    it("resets a secretary's password after asking once more, and a reload neither shows it again nor resets again", async () => {
      await page.goto(`${t.url}/admin/accounts?q=bayanhada`);
      const row = page.locator('tr', { hasText: 'bayanhada-secretary' });
      await row.locator('summary:has-text("重置密码")').click();
      await expect(row.textContent()).resolves.toContain('临时密码只显示一次');
      await clickTo(page, 'button:has-text("确认重置")', /\/admin\/accounts\?q=bayanhada$/);
      const password = await page.textContent('.notice-done code');
      expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      await page.reload();
      await expect(page.locator('.notice-done code').count()).resolves.toBe(0);
      const login = await t.http().post(`${API}/auth/login`).send({ username: 'bayanhada-secretary', password });
      expect(login.status).toBe(200);
    });

    it("adds a webhook for an office's system, its secret shown once, and deletes it after asking once more", async () => {
      await page.goto(`${t.url}/admin/webhooks`);
      await page.fill('#f-url', 'https://oa.example.cn/hooks/lectures');
      // Told of orders placed and taken only.
      for (const box of await page.locator('input[name="events"]').all()) {
        const wanted = ['order.placed', 'order.accepted'].includes((await box.getAttribute('value')) ?? '');
        if ((await box.isChecked()) !== wanted) await box.click();
      }
      await clickTo(page, 'button:has-text("创建")', /\/admin\/webhooks\?done=created$/);
      await expect(page.textContent('.notice-done code')).resolves.toMatch(/^whsec_/);
      // The secret, one long word, wraps on a phone rather than widening the page.
      const desktop = page.viewportSize();
      await page.setViewportSize({ width: 360, height: 740 });
      await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
      if (desktop) await page.setViewportSize(desktop);
      const [made] = (await t.http().get(`${API}/webhooks`).set(w.auth())).body.items;
      expect(made).toMatchObject({ url: 'https://oa.example.cn/hooks/lectures', events: ['order.placed', 'order.accepted'] });
      await page.reload();
      await expect(page.locator('.notice-done code').count()).resolves.toBe(0);
      const row = page.locator('tr', { hasText: 'oa.example.cn' });
      await expect(row.textContent()).resolves.toContain('新订单、接单');
      await row.locator('summary:has-text("删除")').click();
      await clickTo(page, 'button:has-text("确认删除")', /done=deleted/);
      await expect(page.locator('tr', { hasText: 'oa.example.cn' }).count()).resolves.toBe(0);
      expect((await t.http().get(`${API}/webhooks`).set(w.auth())).body.items).toEqual([]);
    });

    it('keeps a webhook form refused (an address webhooks may not reach) as typed, saying why', async () => {
      await page.goto(`${t.url}/admin/webhooks`);
      await page.fill('#f-url', 'http://169.254.169.254/latest');
      await page.fill('#f-description', '办公系统');
      await page.click('button:has-text("创建")');
      await expect(page.waitForSelector('.notice-error').then((e) => e.textContent())).resolves.toContain('Webhook');
      await expect(page.inputValue('#f-url')).resolves.toBe('http://169.254.169.254/latest');
      await expect(page.inputValue('#f-description')).resolves.toBe('办公系统');
    });

    it("names a webhook's description too long as the form labels it (说明), not as a course's", async () => {
      await page.goto(`${t.url}/admin/webhooks`);
      await page.fill('#f-url', 'https://oa.example.cn/hooks/long');
      // Past the input's own limit, as a script or an old browser would send it.
      await page.locator('#f-description').evaluate((input) => input.removeAttribute('maxlength'));
      await page.fill('#f-description', '说'.repeat(2001));
      await page.click('button:has-text("创建")');
      const notice = await page.waitForSelector('.notice-error').then((e) => e.textContent());
      expect(notice).toContain('说明');
      expect(notice).not.toContain('课程简介');
    });

    it('tells of the last action on the list only, not again of the one before', async () => {
      await page.goto(`${t.url}/admin/accounts?q=bayanhada`);
      const row = page.locator('tr', { hasText: 'bayanhada-secretary' });
      await row.locator('summary:has-text("停用")').click();
      await clickTo(page, 'button:has-text("确认停用")', /done=disabled/);
      await clickTo(page, 'tr:has-text("bayanhada-secretary") button:has-text("启用")', /done=enabled/);
      await expect(page.locator('.notice-done').count()).resolves.toBe(1);
      await expect(page.textContent('.notice-done')).resolves.toContain('账号已启用');
    });
  });

  it('lists the first 300 branches not reached on the dashboard, counting them all and leading to the export for the rest', async () => {
    const banner = await w.post('/regions', { name: '旗多', level: 'banner', parentId: w.cityId, latitude: 48.5, longitude: 121.5 });
    for (let i = 0; i < 301; i++)
      await w.post('/branches', { name: `未覆盖党支部${i}`, regionId: banner.id, kind: 'village', memberCount: 20 });
    const page = await t.http().get(`/admin?regionId=${banner.id}`).set('Cookie', `__Host-gpl.session=${w.adminToken}`);
    expect(page.status).toBe(200);
    const table = page.text.slice(
      page.text.indexOf('table-wrap scroll-box'),
      page.text.indexOf('</table>', page.text.indexOf('table-wrap scroll-box')),
    );
    expect(table.match(/未覆盖党支部\d+/g)).toHaveLength(300);
    expect(page.text).toContain('<span class="count">301</span>');
    expect(page.text).toContain('这里只列出前 300 个，全部名单请导出');
  });
});

function zip<A, B>(a: A[], b: B[]): Array<[A, B]> {
  return a.map((x, i) => [x, b[i]]);
}
