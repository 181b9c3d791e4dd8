/** Where the pages' templates and static files are, and their cache-busting URLs. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * Templates and CSS/JS are not compiled by tsc, so they are read from the source tree: from the working
 * directory (the project root for `npm start` and the tests), else the nearest `src/web` above this
 * module (e.g. `dist/src/web` → the project root).
 */
function webSourceDir(): string {
  const candidates = [resolve(process.cwd(), 'src/web')];
  let dir = resolve(process.argv[1] ? dirname(process.argv[1]) : process.cwd());
  for (let i = 0; i < 5; i++) {
    candidates.push(resolve(dir, 'src/web'));
    dir = dirname(dir);
  }
  const found = candidates.find((d) => existsSync(join(d, 'views')));
  if (!found) throw new Error(`web pages: templates not found (looked in ${candidates.join(', ')})`);
  return found;
}

const WEB_DIR = webSourceDir();
export const VIEWS_DIR = join(WEB_DIR, 'views');
export const PUBLIC_DIR = join(WEB_DIR, 'public');

/** ECharts' full prebuilt bundle (the common one lacks the map the dashboard draws banners with), served from node_modules. */
export const ECHARTS_FILE = join(dirname(createRequire(import.meta.url).resolve('echarts')), 'echarts.min.js');
export const ECHARTS_URL = '/assets/vendor/echarts.min.js';

/**
 * The offline pages' libraries, served from node_modules under fixed names (the service worker imports
 * them by name, and Workbox's loader asks for `workbox-routing.prod.js` …): Workbox and `idb`.
 */
export const OFFLINE_VENDOR_URL = '/assets/vendor/offline';
const resolvePackage = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
export const OFFLINE_VENDOR_FILES: ReadonlyMap<string, string> = new Map([
  ['workbox-sw.js', join(resolvePackage('workbox-sw'), 'build', 'workbox-sw.js')],
  ...['workbox-core', 'workbox-routing', 'workbox-strategies'].map(
    (name) => [`${name}.prod.js`, join(resolvePackage(name), 'build', `${name}.prod.js`)] as const,
  ),
  ['idb.js', join(resolvePackage('idb'), 'build', 'umd.js')],
]);
export const SERVICE_WORKER_FILE = join(PUBLIC_DIR, 'sw.js');

const hashOf = (file: string) => hashOfText(readFileSync(file));
const hashOfText = (content: string | Buffer) => createHash('sha256').update(content).digest('base64url').slice(0, 10);

/**
 * Noto Sans Mongolian for the Mongolian pages only: Fontsource's Mongolian file, whole (85 KB). It holds
 * the whole block U+1800–18AF with NNBSP, ZWNJ/ZWJ and the GSUB/GPOS joining and vertical features;
 * cutting it further would risk the joining forms (a letter's shape depends on its neighbours), so it is
 * not subset. Its URL carries its hash; the @font-face rule that names it is served as its own stylesheet,
 * linked by Mongolian pages and by Chinese pages that offer the switch to Mongolian (its name, ᠮᠣᠩᠭᠣᠯ, would
 * otherwise be boxes on a phone without a Mongolian font); a device that has the font uses its own.
 */
export const MONGOLIAN_FONT_FILE = join(
  resolvePackage('@fontsource/noto-sans-mongolian'),
  'files',
  'noto-sans-mongolian-mongolian-400-normal.woff2',
);
export const MONGOLIAN_FONT_URL = `/assets/vendor/noto-sans-mongolian.${hashOf(MONGOLIAN_FONT_FILE)}.woff2`;
export const MONGOLIAN_FONT_CSS = `@font-face{font-family:"Noto Sans Mongolian";font-style:normal;font-weight:400;font-display:swap;src:local("Noto Sans Mongolian"),local("NotoSansMongolian-Regular"),url(${MONGOLIAN_FONT_URL}) format("woff2");unicode-range:U+1800-18AF,U+200C-200D,U+202F}\n`;
export const MONGOLIAN_FONT_CSS_PATH = '/assets/vendor/mongolian-font.css';

/** Asset URLs carry their content's hash, so browsers may keep them a year and still never run stale code. */
const VERSIONS = new Map<string, string>([
  ...readdirSync(PUBLIC_DIR).map((name) => [`/assets/${name}`, hashOf(join(PUBLIC_DIR, name))] as const),
  [ECHARTS_URL, hashOf(ECHARTS_FILE)],
  ...[...OFFLINE_VENDOR_FILES].map(([name, file]) => [`${OFFLINE_VENDOR_URL}/${name}`, hashOf(file)] as const),
  [MONGOLIAN_FONT_CSS_PATH, hashOfText(MONGOLIAN_FONT_CSS)],
]);

export function assetUrl(path: string): string {
  const version = VERSIONS.get(path);
  if (version === undefined) throw new Error(`unknown asset ${path}`);
  return `${path}?v=${version}`;
}
