import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_LOGINS } from '../src/demo/demo-seeder.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/** The node flags of `npm start` (package.json's start script: `exec node <flags> dist/src/main.js`). */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  return start.slice(start.indexOf('node') + 1, start.indexOf('dist/src/main.js'));
}

/**
 * The built app as `npm start` runs it, on its own embedded PostgreSQL (any DATABASE_URL in the
 * environment is left out), with request limits out of the way; resolves once /health answers.
 */
export async function startBuiltApp(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const { DATABASE_URL: _url, DATABASE_SCHEMA: _schema, ...inherited } = process.env;
  const child = spawn(process.execPath, [...startFlags(), 'dist/src/main.js'], {
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REQUESTS_PER_MINUTE: '10000000', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await sleep(200);
  }
  throw new Error('app did not become healthy');
}

/** SIGTERM, then wait: the app closes its server and stops its embedded PostgreSQL. */
export async function stopBuiltApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The database of the built app's embedded PostgreSQL (its fixed local credentials), for a bench to fill straight in SQL. */
export function embeddedDatabaseUrl(port: string): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/grassland`;
}

/** Logs in as the demo account of `role` over the API: its token, and its branch for a branch secretary. */
export async function loginAsDemo(base: string, role: 'admin' | 'branch'): Promise<{ token: string; branchId?: string }> {
  const demo = DEMO_LOGINS.find((d) => d.role === role);
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demo?.username, password: demo?.password }),
  });
  if (!res.ok) throw new Error(`demo ${role} login failed: ${res.status}`);
  const body = (await res.json()) as { accessToken: string; account: { branchId?: string } };
  return { token: body.accessToken, branchId: body.account.branchId };
}

/** An instant `days` days from now at local (UTC+8) time `hhmm`, as ISO with +08:00: an order window ahead. */
export function inDays(days: number, hhmm: string): string {
  const local = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return `${local.toISOString().slice(0, 10)}T${hhmm}:00+08:00`;
}

/** CPU seconds so far of a process (its own, plus its reaped children's when `withReaped`), from /proc (Linux). */
function cpuSecondsOf(pid: number, withReaped: boolean): number {
  // Fields after the command's closing parenthesis: state is [0], utime [11], stime [12], cutime [13], cstime [14].
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return (f[11] + f[12] + (withReaped ? f[13] + f[14] : 0)) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = 100;

/** The processes below `root` (the embedded PostgreSQL and its backends, for the app), from /proc's parent links. */
function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** CPU seconds used so far by the app's own process and by its database's processes, to divide by requests served. */
export function appAndDatabaseCpu(app: ChildProcess): { app: number; db: number } {
  const pid = app.pid as number;
  let db = 0;
  for (const child of descendantsOf(pid)) {
    try {
      db += cpuSecondsOf(child, true);
    } catch {
      // the process ended while we looked
    }
  }
  return { app: cpuSecondsOf(pid, false), db };
}
