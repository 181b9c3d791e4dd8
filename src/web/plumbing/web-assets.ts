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

const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 10);

/** Asset URLs carry their content's hash, so browsers may keep them a year and still never run stale code. */
const VERSIONS = new Map<string, string>([
  ...readdirSync(PUBLIC_DIR).map((name) => [`/assets/${name}`, hashOf(join(PUBLIC_DIR, name))] as const),
  [ECHARTS_URL, hashOf(ECHARTS_FILE)],
  ...[...OFFLINE_VENDOR_FILES].map(([name, file]) => [`${OFFLINE_VENDOR_URL}/${name}`, hashOf(file)] as const),
]);

export function assetUrl(path: string): string {
  const version = VERSIONS.get(path);
  if (version === undefined) throw new Error(`unknown asset ${path}`);
  return `${path}?v=${version}`;
}
