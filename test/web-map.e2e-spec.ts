import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { API, createAdmin, type TestApp, startTestApp } from './support/test-app.js';
import { branchBody } from './support/generators.js';
import { launchBrowser, logIn, newContext, newPage, overflowX, screenshot, VIEWPORTS } from './web-browser.js';

interface BannerFact {
  name: string;
  latitude: number;
  longitude: number;
  border: boolean;
}
const BANNERS = (JSON.parse(readFileSync('data/hulunbuir-banners.json', 'utf8')) as { banners: BannerFact[] }).banners;

/** The admin dashboard's city map: Hulunbuir's 14 banners from the GeoJSON, shaded by coverage, with the branches on them. */
describe("the dashboard's city map, in a real browser", () => {
  let t: TestApp;
  let browser: Browser;
  const bannerIds = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    const token = await createAdmin(t);
    const post = async (path: string, body: object) => {
      const res = await t.http().post(`${API}${path}`).set('Authorization', `Bearer ${token}`).send(body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const city = await post('/regions', { name: '呼伦贝尔市', level: 'city', latitude: 49.21, longitude: 119.76 });
    for (const b of BANNERS) {
      const banner = await post('/regions', {
        name: b.name,
        level: 'banner',
        parentId: city.id,
        latitude: b.latitude,
        longitude: b.longitude,
        border: b.border,
      });
      bannerIds.set(b.name, banner.id);
      await post('/branches', { ...branchBody(banner.id), latitude: b.latitude, longitude: b.longitude });
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  describe.each(VIEWPORTS)('on a $name ($width×$height)', (viewport) => {
    it('draws the 14 banners with their figures and the branches on them, fitting the screen', async () => {
      const context = await newContext(browser, viewport);
      const page = await newPage(context);
      await logIn(page, t.url, 'root-admin', 'root-admin-pw');
      await page.goto(`${t.url}/admin`);
      await page.waitForSelector('html[data-charts="5"]');
      const drawn = await page.evaluate<{ banners: string[]; outlines: number; branches: number }>(`(() => {
        const option = echarts.getInstanceByDom(document.getElementById('chart-map')).getOption();
        return {
          banners: option.series[0].data.map((d) => d.name),
          outlines: echarts.getMap('hulunbuir').geoJSON.features.length,
          branches: option.series.slice(1).reduce((n, s) => n + s.data.length, 0),
        };
      })()`);
      expect(drawn.outlines).toBe(14);
      expect([...drawn.banners].sort()).toEqual(BANNERS.map((b) => b.name).sort());
      expect(drawn.branches).toBe(14);
      // The whole city within its box: on a phone the map had been laid out by its height alone, the west cut off.
      const fit = await page.evaluate<{ left: number; right: number; width: number }>(`(() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-map'));
        const rect = chart.getModel().getComponent('geo', 0).coordinateSystem.getViewRect();
        return { left: rect.x, right: rect.x + rect.width, width: chart.getWidth() };
      })()`);
      expect(fit.left).toBeGreaterThanOrEqual(0);
      expect(fit.right).toBeLessThanOrEqual(fit.width);
      await expect(overflowX(page)).resolves.toBeLessThanOrEqual(0);
      await page.locator('#chart-map').scrollIntoViewIfNeeded();
      await screenshot(page, 'dashboard-map', viewport);
      expect(page.errors).toEqual([]);
      await context.close();
    });
  });

  it("opens a banner's figures with a click on it", async () => {
    const context = await newContext(browser, VIEWPORTS[1]);
    const page = await newPage(context);
    await logIn(page, t.url, 'root-admin', 'root-admin-pw');
    await page.goto(`${t.url}/admin`);
    await page.waitForSelector('html[data-charts="5"]');
    // A point well inside 新巴尔虎右旗, the largest banner in the west, away from its seat's branch marker.
    const [x, y] = await page.evaluate<number[]>(
      `echarts.getInstanceByDom(document.getElementById('chart-map')).convertToPixel({ geoIndex: 0 }, [116.6, 48.3])`,
    );
    await page.locator('#chart-map').scrollIntoViewIfNeeded();
    const box = await page.locator('#chart-map').boundingBox();
    await Promise.all([
      page.waitForURL(new RegExp(`regionId=${bannerIds.get('新巴尔虎右旗')}`), { waitUntil: 'load' }),
      page.mouse.click((box?.x ?? 0) + x, (box?.y ?? 0) + y),
    ]);
    await expect(page.textContent('main')).resolves.toContain('新巴尔虎右旗');
    // The banner's own figures: the banner shaded alone (its townships have no outline), the map zoomed to it.
    await page.waitForSelector('html[data-charts="5"]');
    const shown = await page.evaluate<{ shaded: string[]; zoom: number; center: number[] }>(`(() => {
      const option = echarts.getInstanceByDom(document.getElementById('chart-map')).getOption();
      // ECharts lists every outline of the map in its data, those without a figure as NaN.
      const shaded = option.series[0].data.filter((d) => Number.isFinite(d.value)).map((d) => d.name);
      return { shaded, zoom: option.geo[0].zoom, center: option.geo[0].center };
    })()`);
    expect(shown.shaded).toEqual(['新巴尔虎右旗']);
    expect(shown.zoom).toBeGreaterThan(1.5);
    // The center lies within the banner (west of the city's middle, 115.3–117.9° E).
    expect(shown.center[0]).toBeGreaterThan(115);
    expect(shown.center[0]).toBeLessThan(118);
    await page.locator('#chart-map').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-map-banner', VIEWPORTS[1]);
    expect(page.errors).toEqual([]);
    await context.close();
  });
});
