import type { Browser, BrowserContext, Page } from 'playwright-core';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';
import { clickTo, launchBrowser, newContext, newPage, screenshot, VIEWPORTS, type Viewport } from './web-browser.js';

/** The switch's label for Chinese: on a Mongolian page it names the way back, so it stays in Chinese. */
const SWITCH_BACK_TO_CHINESE = '中文';

/** Every run of Han characters in the page's text nodes and in the words it shows in attributes. */
function hanRuns(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const runs = [];
    const add = (text) => { for (const m of text.matchAll(/[\\u3400-\\u9fff\\uf900-\\ufaff]+/g)) runs.push(m[0]); };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) add(n.nodeValue);
    for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],[alt]'))
      for (const a of ['placeholder', 'aria-label', 'title', 'alt']) add(el.getAttribute(a) ?? '');
    add(document.title);
    return runs;
  })()`);
}

describe('branch and lecturer pages in Mongolian (ᠮᠣᠩᠭᠣᠯ), in a real browser', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  let courseTitle: string;
  /** Names people entered (branches, regions, lecturers, courses, orders' titles): the only Chinese a Mongolian page may show. */
  let enteredNames: string[];

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    browser = await launchBrowser();
    const teacher = await w.lecturer({ name: '巴特尔' });
    courseTitle = '牧区党建工作方法';
    await w.course([teacher.id], { title: courseTitle, topic: 'theory', formats: ['on_site', 'online'] });
    const lists = await Promise.all(
      ['/branches', '/regions', '/lecturers', '/courses'].map((path) => t.http().get(`${API}${path}?limit=200`).set(w.auth())),
    );
    enteredNames = lists.flatMap((res) => (res.body.items as Array<{ name?: string; title?: string }>).map((i) => i.name ?? i.title ?? ''));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The Chinese the page shows beyond what people entered and the switch back: none. */
  async function chineseLeft(page: Page): Promise<string[]> {
    const allowed = [...enteredNames, SWITCH_BACK_TO_CHINESE];
    return (await hanRuns(page)).filter((run) => !allowed.some((name) => name.includes(run)));
  }

  async function chooseMongolian(page: Page): Promise<void> {
    await Promise.all([page.waitForURL(/.*/, { waitUntil: 'load' }), page.click('.language-switch button[value="mn"]')]);
  }

  async function logInMongolian(page: Page, username: string, password = 'password-123'): Promise<void> {
    await page.fill('#f-username', username);
    await page.fill('#f-password', password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('form.form button[type="submit"]')]);
  }

  /** The page is laid out in vertical Mongolian with the font loaded, and holds no Chinese but names. */
  async function expectMongolianPage(page: Page & { errors: string[] }, name: string, viewport: Viewport): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe('mn-Mong');
    const layout = await page.evaluate(`(async () => {
      await document.fonts.ready;
      return {
        writingMode: getComputedStyle(document.documentElement).writingMode,
        fontLoaded: document.fonts.check('16px "Noto Sans Mongolian"', 'ᠮᠣᠩᠭᠣᠯ'),
        faces: [...document.fonts].filter((f) => f.family.includes('Noto Sans Mongolian') && f.status === 'loaded').length,
      };
    })()`);
    expect(layout).toEqual({ writingMode: 'vertical-lr', fontLoaded: true, faces: 1 });
    expect(await chineseLeft(page)).toEqual([]);
    expect(page.errors).toEqual([]);
    await screenshot(page, `mongolian-${name}`, viewport);
  }

  describe.each(VIEWPORTS.map((v, i) => ({ ...v, i })))('on a $name ($width×$height)', (viewport) => {
    describe("the branch's journey", () => {
      let context: BrowserContext;
      let page: Page & { errors: string[] };
      let branch: { username: string };

      beforeAll(async () => {
        branch = await w.account({ role: 'branch', branchId: w.branches.A.id });
        context = await newContext(browser, viewport);
        page = await newPage(context);
      });
      afterAll(async () => context?.close());

      it('names the switch in Mongolian script on a Chinese page, drawn by the Mongolian font (not boxes)', async () => {
        await page.goto(`${t.url}/login`);
        const drawn = await page.evaluate(`(async () => {
          await document.fonts.ready;
          const button = document.querySelector('.language-switch [lang="mn-Mong"]');
          return {
            label: button.textContent,
            fontFamily: getComputedStyle(button).fontFamily.split(',')[0],
            faces: [...document.fonts].filter((f) => f.family.includes('Noto Sans Mongolian') && f.status === 'loaded').length,
          };
        })()`);
        expect(drawn).toEqual({ label: 'ᠮᠣᠩᠭᠣᠯ', fontFamily: '"Noto Sans Mongolian"', faces: 1 });
      });

      it('chooses ᠮᠣᠩᠭᠣᠯ on the login page before logging in, and logs in in Mongolian', async () => {
        await page.goto(`${t.url}/login`);
        expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
        await chooseMongolian(page);
        await expectMongolianPage(page, 'login', viewport);
        await logInMongolian(page, branch.username);
        await expectMongolianPage(page, 'branch-orders', viewport);
      });

      it('orders a course from the menu with the lecture in Mongolian preselected', async () => {
        await clickTo(page, 'nav.nav a[href="/branch/menu"]', /\/branch\/menu$/);
        await expectMongolianPage(page, 'branch-menu', viewport);
        await clickTo(page, '.card.course a.button.primary', /\/branch\/orders\/new\?courseId=/);
        expect(await page.inputValue('#f-language')).toBe('mn');
        await expectMongolianPage(page, 'branch-order-form', viewport);
        await clickTo(page, 'form[action="/branch/orders"] button[type="submit"]', /\/branch\/orders\/[0-9a-f-]{36}/);
        await expectMongolianPage(page, 'branch-order', viewport);
        expect(await page.locator('.timeline .step').count()).toBe(5);
        expect(await page.locator('.notice-done').count()).toBe(1);
        // The status is a word written down its column, not squeezed into one upright em.
        const status = await page.locator('.page-head .badge').boundingBox();
        expect(status && status.height > 2 * status.width).toBe(true);
      });

      it('shows a refused form in Mongolian: the error and the fields to fix', async () => {
        await page.goto(`${t.url}/branch/orders/new`);
        await page.selectOption('#f-topic', 'policy');
        await page.fill('#f-title', '草原法');
        await page.fill('#f-expectedAudience', '0');
        await page.evaluate(`document.querySelector('#f-expectedAudience').removeAttribute('min')`);
        await clickTo(page, 'form[action="/branch/orders"] button[type="submit"]', /\/branch\/orders/);
        expect(await page.locator('.notice-error').textContent()).toContain('ᠪᠤᠷᠤᠭᠤ');
        enteredNames.push('草原法');
        await expectMongolianPage(page, 'branch-order-refused', viewport);
      });

      it('reads its inbox in Mongolian', async () => {
        await clickTo(page, 'a.inbox-link', /\/inbox$/);
        await expectMongolianPage(page, 'branch-inbox', viewport);
      });
    });

    describe("the lecturer's journey", () => {
      let context: BrowserContext;
      let page: Page & { errors: string[] };
      let lecturer: LecturerFixture;

      beforeAll(async () => {
        // A lecturer of its own per viewport: the account remembers its language, and this journey starts in Chinese.
        lecturer = await w.lecturer({ name: `乌云${viewport.i}` });
        enteredNames.push(`乌云${viewport.i}`, '草原上的党课');
        const order = await w.post(
          '/orders',
          {
            topic: 'theory', // a custom order: any eligible lecturer may be offered it
            title: '草原上的党课',
            format: 'on_site',
            earliestStart: World.at(2 + viewport.i * 10, '00:00'),
            latestStart: World.at(5 + viewport.i * 10, '23:00'),
            expectedAudience: 25,
            language: 'mn',
          },
          w.branches.A.token,
        );
        await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(3 + viewport.i * 10, '09:00') });
        context = await newContext(browser, viewport);
        page = await newPage(context);
        await page.goto(`${t.url}/login`);
        await page.fill('#f-username', lecturer.username);
        await page.fill('#f-password', 'password-123');
        await Promise.all([page.waitForURL(/\/lecturer$/), page.click('form.form button[type="submit"]')]);
      });
      afterAll(async () => context?.close());

      it('switches to ᠮᠣᠩᠭᠣᠯ on its to-do page and sees its offer in Mongolian', async () => {
        await chooseMongolian(page);
        expect(new URL(page.url()).pathname).toBe('/lecturer');
        await expectMongolianPage(page, 'lecturer-todo', viewport);
        expect(await page.locator('.card.offer').count()).toBeGreaterThan(0);
      });

      it('accepts the offer and sees the order, its timeline and its schedule in Mongolian', async () => {
        await clickTo(page, '.card.offer .card-link', /\/lecturer\/orders\/[0-9a-f-]{36}$/);
        await expectMongolianPage(page, 'lecturer-order-offered', viewport);
        await clickTo(page, '.actions form[action$="/accept"] button', /\/lecturer/);
        expect(await page.locator('.notice-done').textContent()).toContain('ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠪᠠ');
        await expectMongolianPage(page, 'lecturer-accepted', viewport);
        await page.goto(`${t.url}/lecturer/schedule`);
        await expectMongolianPage(page, 'lecturer-schedule', viewport);
        await page.goto(`${t.url}/lecturer/schedule?view=week`);
        await expectMongolianPage(page, 'lecturer-week', viewport);
        await page.goto(`${t.url}/lecturer/availability`);
        await expectMongolianPage(page, 'lecturer-availability', viewport);
        await page.goto(`${t.url}/lecturer/open`);
        await expectMongolianPage(page, 'lecturer-open', viewport);
      });

      it('reads the notification texts of its inbox in Mongolian', async () => {
        await page.goto(`${t.url}/inbox`);
        expect(await page.locator('.inbox li').count()).toBeGreaterThan(0);
        await expectMongolianPage(page, 'lecturer-inbox', viewport);
      });

      it('keeps Mongolian after logging out and in again on a browser that never chose it (the account remembers)', async () => {
        await Promise.all([page.waitForURL(/\/login/), page.click('form.logout button')]);
        const fresh = await newContext(browser, viewport);
        try {
          const other = await newPage(fresh);
          await other.goto(`${t.url}/login`);
          expect(await other.getAttribute('html', 'lang')).toBe('zh-CN');
          await other.fill('#f-username', lecturer.username);
          await other.fill('#f-password', 'password-123');
          await Promise.all([other.waitForURL(/\/lecturer$/), other.click('form.form button[type="submit"]')]);
          expect(await other.getAttribute('html', 'lang')).toBe('mn-Mong');
        } finally {
          await fresh.close();
        }
      });
    });
  });

  it('keeps the organisation department in Chinese, with no switch, whatever the browser chose', async () => {
    const context = await newContext(browser, VIEWPORTS[1]);
    try {
      const page = await newPage(context);
      await page.goto(`${t.url}/login`);
      await chooseMongolian(page);
      await logInMongolian(page, 'root-admin', 'root-admin-pw');
      expect(new URL(page.url()).pathname).toBe('/admin');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(await page.locator('.language-switch').count()).toBe(0);
      // Its inbox and its password page too, which show it no switch either (they had come in Mongolian, no way back).
      for (const path of ['/inbox', '/password']) {
        await page.goto(`${t.url}${path}`);
        expect([path, await page.getAttribute('html', 'lang')]).toEqual([path, 'zh-CN']);
      }
    } finally {
      await context.close();
    }
  });

  it("stores an account's language only as zh or mn (the database refuses anything else)", async () => {
    await expect(t.db.query(`UPDATE accounts SET ui_language = 'xx' WHERE username = 'root-admin'`)).rejects.toThrow(
      /accounts_ui_language_check/,
    );
  });
});
