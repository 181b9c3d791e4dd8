/**
 * Shared by the web pages' end-to-end tests (`test/web-*.e2e-spec.ts`): Debian's Chromium driven by
 * playwright-core, a phone-sized and a desktop viewport, logging in through the login form, and
 * screenshots under test/artifacts/ (ignored by git) to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { testClock } from './support/clock.js';
import { World } from './support/world.js';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve('test/artifacts');

export interface Viewport {
  name: 'phone' | 'desktop';
  width: number;
  height: number;
}

/** A cheap phone in a pastoral area, and an office PC. */
export const VIEWPORTS: Viewport[] = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1366, height: 768 },
];

/**
 * CHROMIUM_PATH when set, else the system's Chromium where there is one, else the Chromium that ships
 * inside the `@sparticuz/chromium` npm package (unpacked once into the temp folder): the tests need
 * nothing but `npm ci`.
 */
async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (no cookies) at a viewport, in Chinese and in Hulunbuir's time zone, failing on any page error. */
export async function newContext(
  browser: Browser,
  viewport: Viewport,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...options,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** A page that records script errors (a page that throws is a failure, even if it looks right). */
export async function newPage(context: BrowserContext): Promise<Page & { errors: string[] }> {
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  return page;
}

/** Logs in through the login form and waits for the role's home page. */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button:has-text("登录")')]);
}

/** Clicks (a button, a link) and waits until the page it leads to, whose URL matches `url`, has loaded. */
export async function clickTo(page: Page, selector: string, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), page.click(selector)]);
}

/** A full-page screenshot, named after the journey and the viewport. */
export async function screenshot(page: Page, name: string, viewport: Viewport): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `${name}-${viewport.name}.png`), fullPage: true });
}

/** The page's width in CSS pixels against the viewport's: a page that works at 360 px has no sideways scrolling. */
export function overflowX(page: Page): Promise<number> {
  // Runs in the page (whose globals the Node typings do not know): its scrollable width beyond the viewport.
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/**
 * The contrast ratio (WCAG 2) of an element's text against its own background: at least 4.5 for text of its size to
 * be readable (a status badge read in the sun on a cheap phone).
 */
export function textContrast(page: Page, selector: string): Promise<number> {
  // Runs in the page (whose globals the Node typings do not know): both colours as the browser computed them, rgb(r, g, b).
  return page.evaluate<number>(`(() => {
    const style = getComputedStyle(document.querySelector(${JSON.stringify(selector)}));
    const luminance = (css) => {
      const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  })()`);
}

/** A local date 'YYYY-MM-DD' `days` from today (Asia/Shanghai), as date inputs take it. */
export function localDate(days: number): string {
  return World.at(days, '00:00').slice(0, 10);
}

/**
 * A menu order (online) whose lecture began `hoursAgo` hours ago, set up over the API: placed by the branch,
 * offered by the admin, accepted by the lecturer. Ready for the lecturer to report.
 */
export async function lectureToReport(
  w: World,
  branchToken: string,
  lecturer: { id: string; token: string },
  courseId: string,
  hoursAgo: number,
): Promise<string> {
  const order = await w.post(
    '/orders',
    {
      courseId,
      format: 'online',
      earliestStart: World.at(-3, '00:00'),
      latestStart: World.at(3, '09:00'),
      expectedAudience: 30,
      language: 'zh',
    },
    branchToken,
  );
  await w.post(`/orders/${order.id}/offer`, {
    lecturerId: lecturer.id,
    startsAt: new Date(testClock.now() - hoursAgo * 3600_000).toISOString(),
  });
  await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
  return order.id;
}

/** The same, reported done by the lecturer: ready for the branch to rate. */
export async function givenLecture(...lecture: Parameters<typeof lectureToReport>): Promise<string> {
  const id = await lectureToReport(...lecture);
  const [w, , lecturer] = lecture;
  await w.post(`/orders/${id}/complete`, { attendance: 38, summary: '讲授顺利，牧民反响热烈' }, lecturer.token);
  return id;
}

/**
 * Opens every page of the role's menu: each answers 200, fits the viewport's width (tables scroll
 * inside their own box) and throws no script error; a screenshot of each is kept.
 */
export async function visitEveryMenuPage(
  page: Page & { errors: string[] },
  baseUrl: string,
  viewport: Viewport,
  role: string,
): Promise<string[]> {
  await page.goto(`${baseUrl}/`);
  const hrefs = await page.locator('nav.nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) {
    const response = await page.goto(baseUrl + href);
    expect({ href, status: response?.status() }).toEqual({ href, status: 200 });
    expect({ href, overflow: await overflowX(page) }).toEqual({ href, overflow: 0 });
    await screenshot(page, `${role}-page${href.replace(/\//g, '-')}`, viewport);
  }
  expect(page.errors).toEqual([]);
  return hrefs;
}
