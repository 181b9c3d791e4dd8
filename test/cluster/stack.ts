import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createDataSource, runMigrations } from '../../src/database/data-source.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/** Every port of the stack, inside the 39000-39999 range the job may use. */
export const PORTS = { nginx: 39400, postgres: 39410, pgbouncer: 39411, instances: [39421, 39422] } as const;
export const ADMIN = { username: 'cluster-admin', password: 'cluster-admin-pw' };
/**
 * PgBouncer's pool mode; `session` is the one that works (all cluster tests pass). `transaction` (CLUSTER_POOL_MODE,
 * with DATABASE_PREPARED_STATEMENTS=off) serves the app's own reads, but PgBouncer 1.18 keeps no named statement
 * across transactions, so rate-limiter-flexible's named statements fail and each instance falls back on a login
 * limit of its own (the shared-limit test fails), and session advisory locks (scheduling runs) are not safe there.
 */
export const POOL_MODE = process.env.CLUSTER_POOL_MODE === 'transaction' ? 'transaction' : 'session';
export const LOGIN_ATTEMPTS_PER_MINUTE = 6;

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `url` until it answers `status`, for at most `seconds`. */
export async function waitForStatus(url: string, status: number, seconds = 60, process?: ChildProcess): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (process && process.exitCode !== null) throw new Error(`the process behind ${url} exited with ${process.exitCode}`);
    const got = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (got === status) return;
    await wait(250);
  }
  throw new Error(`${url} did not answer ${status} within ${seconds} s`);
}

/**
 * Two app instances behind nginx, on one throw-away PostgreSQL through PgBouncer: the database can be
 * stopped and started, an instance stopped (SIGTERM) and started again, and everything ends with `stop()`.
 */
export class Stack {
  readonly dir = mkdtempSync(join(tmpdir(), 'grassland-cluster-'));
  readonly directUrl = `postgres://postgres:postgres@127.0.0.1:${PORTS.postgres}/grassland`;
  readonly url = `http://127.0.0.1:${PORTS.nginx}`;
  private database?: EmbeddedDatabase;
  private pgbouncer?: ChildProcess;
  private nginx?: ChildProcess;
  private readonly instances: Array<ChildProcess | undefined> = [undefined, undefined];

  instanceUrl(i: number): string {
    return `http://127.0.0.1:${PORTS.instances[i]}`;
  }

  async start(): Promise<void> {
    chmodSync(this.dir, 0o755); // PgBouncer refuses to run as root: it runs as `postgres` and reads its files here
    await this.startDatabase();
    await this.prepareDatabase();
    this.startPgbouncer();
    for (const i of [0, 1]) await this.startInstance(i);
    this.startNginx();
    await waitForStatus(`${this.url}/health`, 200);
  }

  async startDatabase(): Promise<void> {
    this.database = await startEmbeddedPostgres({ dataDir: join(this.dir, 'pg'), port: PORTS.postgres });
  }

  async stopDatabase(): Promise<void> {
    await this.database?.stop();
    this.database = undefined;
  }

  /**
   * Migrations straight on PostgreSQL, before any instance starts. PgBouncer passes no `options`
   * startup parameter, so the settings the app sends there are the database's own defaults instead.
   */
  private async prepareDatabase(): Promise<void> {
    const client = new pg.Client({ connectionString: this.directUrl });
    await client.connect();
    await client.query(`ALTER DATABASE grassland SET timezone = 'UTC'`);
    await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public');
    await client.end();
    const db = createDataSource(this.directUrl, 'public', 1);
    await db.initialize();
    await runMigrations(db);
    await db.destroy();
  }

  private startPgbouncer(): void {
    const ini = join(this.dir, 'pgbouncer.ini');
    writeFileSync(join(this.dir, 'userlist.txt'), '"postgres" "postgres"\n');
    writeFileSync(
      ini,
      [
        '[databases]',
        `grassland = host=127.0.0.1 port=${PORTS.postgres} dbname=grassland user=postgres password=postgres`,
        '[pgbouncer]',
        `listen_addr = 127.0.0.1`,
        `listen_port = ${PORTS.pgbouncer}`,
        `unix_socket_dir =`,
        `auth_type = md5`,
        `auth_file = ${join(this.dir, 'userlist.txt')}`,
        `pool_mode = ${POOL_MODE}`,
        'max_client_conn = 400',
        'default_pool_size = 40',
        'ignore_startup_parameters = options,extra_float_digits',
        // While PostgreSQL is down a query waits this long for a server, then fails (the app answers 503).
        'query_wait_timeout = 3',
        'server_login_retry = 1',
      ].join('\n') + '\n',
    );
    this.pgbouncer = spawn('pgbouncer', ['-q', '-u', 'postgres', ini], { stdio: ['ignore', 'ignore', 'inherit'] });
  }

  async startInstance(i: number): Promise<void> {
    const child = spawn(process.execPath, [resolve('dist/src/main.js')], {
      stdio: ['ignore', process.env.CLUSTER_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(PORTS.instances[i]),
        HOST: '127.0.0.1',
        DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${PORTS.pgbouncer}/grassland`,
        DATABASE_SCHEMA: 'public',
        DATABASE_POOL_SIZE: '10',
        DATABASE_PREPARED_STATEMENTS: POOL_MODE === 'transaction' ? 'off' : 'on',
        DEMO_DATA: 'off',
        JWT_SECRET: 'cluster-secret-cluster-secret-cluster-secret',
        INITIAL_ADMIN_USERNAME: ADMIN.username,
        INITIAL_ADMIN_PASSWORD: ADMIN.password,
        TRUST_PROXY: 'loopback',
        REQUESTS_PER_MINUTE: '1000000',
        LOGIN_ATTEMPTS_PER_MINUTE: String(LOGIN_ATTEMPTS_PER_MINUTE),
        LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? 'error',
        LOG_FORMAT: 'json',
        DATA_DIR: join(this.dir, `data-${i}`),
      },
    });
    this.instances[i] = child;
    await waitForStatus(`${this.instanceUrl(i)}/health`, 200, 60, child);
  }

  /** SIGTERM, as an orchestrator stops an instance; resolves when the process has exited. */
  async stopInstance(i: number): Promise<void> {
    const child = this.instances[i];
    this.instances[i] = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }

  private startNginx(): void {
    const conf = join(this.dir, 'nginx.conf');
    const upstreams = PORTS.instances.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n');
    writeFileSync(
      conf,
      `worker_processes 1;
pid ${join(this.dir, 'nginx.pid')};
error_log ${join(this.dir, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${this.dir}/nginx-body;
  proxy_temp_path ${this.dir}/nginx-proxy;
  fastcgi_temp_path ${this.dir}/nginx-fastcgi;
  uwsgi_temp_path ${this.dir}/nginx-uwsgi;
  scgi_temp_path ${this.dir}/nginx-scgi;
  upstream app {
${upstreams}
    # Kept-alive upstream connections, as a production balancer has them: a stopping instance answers with
    # "Connection: close" and closes the rest after its grace period (src/main.ts), so it still stops under load.
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${PORTS.nginx};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      # A stopping instance refuses new connections: the request goes to the other one (POSTs too, as nothing was sent).
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
    }
  }
}
`,
    );
    this.nginx = spawn('nginx', ['-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }

  async stop(): Promise<void> {
    for (const i of [0, 1]) await this.stopInstance(i).catch(() => undefined);
    for (const child of [this.nginx, this.pgbouncer]) {
      if (child && child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await Promise.race([exited, wait(5000)]);
      }
    }
    await this.stopDatabase().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Installs nginx and PgBouncer from Debian when missing (CI runs as root). */
export function ensureTools(): void {
  const missing = ['nginx', 'pgbouncer'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool}`]).status !== 0,
  );
  if (missing.length === 0) return;
  spawnSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`], {
    stdio: 'inherit',
  });
}
