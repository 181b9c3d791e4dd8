import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

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

/**
 * The built app as `npm start` runs it, on its own embedded PostgreSQL (any DATABASE_URL in the
 * environment is left out), with request limits out of the way; resolves once /health answers.
 */
export async function startBuiltApp(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const { DATABASE_URL: _url, DATABASE_SCHEMA: _schema, ...inherited } = process.env;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
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
