/**
 * `npm run bench:pages`: the built app (as `npm start` runs it) on an embedded PostgreSQL with the demo
 * city, logged in as each role through the login form. For each main page: the bytes a first visit
 * transfers with gzip (the HTML and the CSS, JS and chart files it loads), and the server's time for
 * the page (its Server-Timing, the median of several loads), against the budgets: branch and lecturer
 * pages ≤ 100 KB, admin pages ≤ 1.5 MB, every page ≤ 200 ms. And the offline shell a lecturer's or a
 * branch's first visit installs (the service worker and the scripts it imports) ≤ 150 KB, and a lecturer's
 * day kept for offline (home, schedule and each lecture they link to, with their assets) ≤ 300 KB. The branch's and
 * the lecturer's pages again in Mongolian (traditional script, chosen with the language switch): ≤ 100 KB
 * without the font, the font itself ≤ 150 KB, and their server time beside the Chinese pages'.
 */
import { Agent, request } from 'node:http';
import { DEMO_LOGINS } from '../src/demo/demo-seeder.js';
import { freePort, startBuiltApp, stopBuiltApp } from './built-app.js';
import { median } from './median.js';

const LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 15);
const KB = 1024;
const BUDGET_BYTES = { branch: 100 * KB, lecturer: 100 * KB, admin: 1536 * KB } as const;
const BUDGET_MS = 200;
const BUDGET_OFFLINE_SHELL = 150 * KB;
const BUDGET_LECTURER_DAY = 300 * KB;
const BUDGET_MONGOLIAN_FONT = 150 * KB;

type Role = keyof typeof BUDGET_BYTES;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** What crossed the wire: the status line and headers, and the body as sent (gzip when the server compressed it). */
  wireBytes: number;
  body: Buffer;
  setCookies: string[];
}

const agent = new Agent({ keepAlive: true });

/** One HTTP exchange with nothing decoded, so that the bytes counted are the bytes sent. */
function exchange(url: string, opts: { method?: string; cookie?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: opts.method ?? 'GET',
        headers: {
          'accept-encoding': 'gzip',
          accept: 'text/html,*/*',
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const headerBytes = res.rawHeaders.reduce((n, h) => n + Buffer.byteLength(h) + 2, 0) + 17;
          const setCookie = res.headers['set-cookie'] ?? [];
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            wireBytes: headerBytes + raw.length,
            body: raw,
            setCookies: setCookie,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A browser's cookie jar, enough for the app's two cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(answer: Answer): void {
    for (const c of answer.setCookies) {
      const [pair] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

async function html(answer: Answer): Promise<string> {
  if (answer.headers['content-encoding'] !== 'gzip') return answer.body.toString('utf8');
  const { gunzipSync } = await import('node:zlib');
  return gunzipSync(answer.body).toString('utf8');
}

async function logIn(base: string, role: Role): Promise<Jar> {
  const jar = new Jar();
  const form = await exchange(`${base}/login`);
  jar.take(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await html(form))?.[1];
  const account = DEMO_LOGINS.find((d) => d.role === role);
  if (!token || !account) throw new Error(`no login form or demo account for ${role}`);
  const answer = await exchange(`${base}/login`, {
    method: 'POST',
    cookie: jar.header,
    form: { _csrf: token, username: account.username, password: account.password },
  });
  if (answer.status !== 303) throw new Error(`login as ${role} failed: ${answer.status}`);
  jar.take(answer);
  return jar;
}

interface Row {
  role: Role;
  language: 'zh' | 'mn';
  page: string;
  bytes: number;
  assets: number;
  p50: number;
  status: number;
}

/** The service worker and what it imports (Workbox's loader and modules, idb, the outbox): bytes on the wire. */
async function offlineShell(base: string): Promise<number> {
  const worker = await exchange(`${base}/sw.js`);
  const source = await html(worker);
  const imports = [...source.matchAll(/'(\/assets\/[^']+\.js)'/g)].map((m) => m[1]);
  const modules = ['workbox-core', 'workbox-routing', 'workbox-strategies'].map((m) => `/assets/vendor/offline/${m}.prod.js`);
  let bytes = worker.wireBytes;
  for (const file of [...imports, ...modules]) bytes += (await exchange(base + file)).wireBytes;
  return bytes;
}

/** The hashed assets a page loads. */
function assetsOf(page: string): string[] {
  return [...page.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

/**
 * What a lecturer's phone keeps for a day in the field: the home page and the schedule as seen, and each
 * lecture page they link to (offline.js saves those), with their assets once; bytes on the wire.
 */
async function lecturerDay(base: string, jar: Jar): Promise<{ bytes: number; pages: number }> {
  const seen = ['/lecturer', '/lecturer/schedule'];
  const assets = new Set<string>();
  let bytes = 0;
  for (let i = 0; i < seen.length; i++) {
    const answer = await exchange(base + seen[i], { cookie: jar.header });
    bytes += answer.wireBytes;
    const page = await html(answer);
    for (const asset of assetsOf(page)) assets.add(asset);
    if (i >= 2) continue;
    for (const [link] of page.matchAll(/\/lecturer\/orders\/[0-9a-f-]{36}(?=")/g)) if (!seen.includes(link)) seen.push(link);
  }
  for (const asset of assets) bytes += (await exchange(base + asset, { cookie: jar.header })).wireBytes;
  return { bytes, pages: seen.length };
}

/** A first visit's bytes (page + its assets) and the median server time over several loads. */
async function measure(base: string, jar: Jar, role: Role, path: string): Promise<Row> {
  const first = await exchange(base + path, { cookie: jar.header });
  jar.take(first);
  const page = await html(first);
  const assets = assetsOf(page);
  let bytes = first.wireBytes;
  for (const asset of new Set(assets)) bytes += (await exchange(base + asset, { cookie: jar.header })).wireBytes;
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const again = await exchange(base + path, { cookie: jar.header });
    const dur = /app;dur=([\d.]+)/.exec(String(again.headers['server-timing'] ?? ''))?.[1];
    if (dur === undefined) throw new Error(`${path}: no Server-Timing (status ${again.status})`);
    times.push(Number(dur));
  }
  return { role, language: 'zh', page: path, bytes, assets: new Set(assets).size, p50: median(times), status: first.status };
}

/** Chooses the pages' language with the language switch (the account remembers it, also from an earlier run). */
async function chooseLanguage(base: string, jar: Jar, home: string, language: 'zh' | 'mn'): Promise<void> {
  const page = await exchange(base + home, { cookie: jar.header });
  jar.take(page); // the form token's cookie, bound to this session
  const token = /name="_csrf" value="([^"]+)"/.exec(await html(page))?.[1];
  if (!token) throw new Error(`no form token on ${home}`);
  const answer = await exchange(`${base}/language`, {
    method: 'POST',
    cookie: jar.header,
    form: { _csrf: token, language, back: home },
  });
  if (answer.status !== 303) throw new Error(`language switch failed: ${answer.status}`);
  jar.take(answer);
}

/** The Mongolian font a Mongolian page loads through its @font-face stylesheet: bytes on the wire. */
async function mongolianFont(base: string, jar: Jar, path: string): Promise<number> {
  const css = /href="(\/assets\/vendor\/mongolian-font\.css[^"]*)"/.exec(
    await html(await exchange(base + path, { cookie: jar.header })),
  )?.[1];
  if (!css) throw new Error(`${path}: no Mongolian font stylesheet`);
  const font = /url\(([^)]+)\)/.exec(await html(await exchange(base + css.replace(/&amp;/g, '&'))))?.[1];
  if (!font) throw new Error('no font in the Mongolian font stylesheet');
  return (await exchange(base + font)).wireBytes;
}

/** The first link on a page matching a pattern (an order to open), so that detail pages are measured on real data. */
async function firstLink(base: string, jar: Jar, path: string, pattern: RegExp): Promise<string | undefined> {
  return pattern.exec(await html(await exchange(base + path, { cookie: jar.header })))?.[0];
}

const PAGES: Record<Role, string[]> = {
  branch: ['/branch', '/branch/menu', '/branch/orders/new'],
  lecturer: ['/lecturer', '/lecturer/open', '/lecturer/schedule', '/lecturer/schedule?view=week', '/lecturer/availability'],
  admin: [
    '/admin',
    '/admin/orders',
    '/admin/orders?status=all',
    '/admin/scheduling',
    '/admin/lecturers',
    '/admin/branches',
    '/admin/regions',
    '/admin/courses',
    '/admin/accounts',
  ],
};

const DETAIL: Record<Role, [string, RegExp]> = {
  branch: ['/branch', /\/branch\/orders\/[0-9a-f-]{36}/],
  lecturer: ['/lecturer', /\/lecturer\/orders\/[0-9a-f-]{36}/],
  admin: ['/admin/orders', /\/admin\/orders\/[0-9a-f-]{36}/],
};

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await startBuiltApp(port, {
    DATA_DIR: process.env.BENCH_DATA_DIR ?? './.data/bench-pages',
    EMBEDDED_PG_PORT: process.env.BENCH_PG_PORT ?? '54346',
    DEMO_DATA: 'on',
  });
  const rows: Row[] = [];
  let shell: number;
  let day: { bytes: number; pages: number } | undefined;
  let font = 0;
  try {
    shell = await offlineShell(base);
    for (const role of Object.keys(PAGES) as Role[]) {
      const jar = await logIn(base, role);
      // An account keeps its language between runs: Chinese first, as chosen.
      if (role !== 'admin') await chooseLanguage(base, jar, PAGES[role][0], 'zh');
      if (role === 'lecturer') day = await lecturerDay(base, jar);
      const detail = await firstLink(base, jar, ...DETAIL[role]);
      const paths = [...PAGES[role], ...(detail ? [detail] : [])];
      for (const path of paths) rows.push(await measure(base, jar, role, path));
      if (role === 'admin') continue; // the organisation department's pages stay Chinese
      await chooseLanguage(base, jar, paths[0], 'mn');
      for (const path of paths) rows.push({ ...(await measure(base, jar, role, path)), language: 'mn' });
      font = await mongolianFont(base, jar, paths[0]);
    }
  } finally {
    await stopBuiltApp(app);
    agent.destroy();
  }

  console.log(
    `\nPages benchmark: the demo city (embedded PostgreSQL), first visit with gzip; server time = Server-Timing, median of ${LOADS} loads\n`,
  );
  console.log('| role | page | lang | status | transferred (gzip, with assets; the font apart) | budget | server p50 | budget | within |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |');
  let over = 0;
  for (const r of rows) {
    const ok = r.status === 200 && r.bytes <= BUDGET_BYTES[r.role] && r.p50 <= BUDGET_MS;
    if (!ok) over++;
    const page = r.page.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':id');
    console.log(
      `| ${r.role} | ${page} | ${r.language} | ${r.status} | ${(r.bytes / KB).toFixed(1)} KB (${r.assets} assets) | ${(BUDGET_BYTES[r.role] / KB).toFixed(0)} KB | ${r.p50.toFixed(1)} ms | ${BUDGET_MS} ms | ${ok ? '✓' : '✗'} |`,
    );
  }
  const shellOk = shell <= BUDGET_OFFLINE_SHELL;
  if (!shellOk) over++;
  console.log(
    `\nOffline shell (service worker + Workbox + idb + outbox), first visit: ${(shell / KB).toFixed(1)} KB (budget ${BUDGET_OFFLINE_SHELL / KB} KB) ${shellOk ? '✓' : '✗'}`,
  );
  const dayBytes = day?.bytes ?? Infinity;
  const dayOk = dayBytes <= BUDGET_LECTURER_DAY;
  if (!dayOk) over++;
  console.log(
    `A lecturer's day kept for offline (${day?.pages ?? 0} pages with their assets): ${(dayBytes / KB).toFixed(1)} KB (budget ${BUDGET_LECTURER_DAY / KB} KB) ${dayOk ? '✓' : '✗'}`,
  );
  const fontOk = font > 0 && font <= BUDGET_MONGOLIAN_FONT;
  if (!fontOk) over++;
  console.log(
    `Mongolian font (Noto Sans Mongolian, woff2, whole Mongolian block), once a year: ${(font / KB).toFixed(1)} KB (budget ${BUDGET_MONGOLIAN_FONT / KB} KB) ${fontOk ? '✓' : '✗'}`,
  );
  const ratios = rows
    .filter((r) => r.language === 'mn')
    .map((mn) => mn.p50 / (rows.find((zh) => zh.language === 'zh' && zh.role === mn.role && zh.page === mn.page)?.p50 ?? NaN));
  console.log(`Mongolian pages' server time against the same pages in Chinese: median ratio ${median(ratios).toFixed(2)}×`);
  console.log(over === 0 ? '\nEvery page within its budgets.' : `\n${over} page(s) over budget.`);
  if (over > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
