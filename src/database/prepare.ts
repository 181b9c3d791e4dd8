import { resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { DEMO_LOGINS, type DemoLogin, seedDemoData } from '../demo/demo-seeder.js';
import { createDataSource, runMigrations } from './data-source.js';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded-postgres.js';
import { verify } from '@node-rs/argon2';
import { pgErrorOf } from '../common/database-errors.js';

export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  demoLogins: DemoLogin[];
  stop(): Promise<void>;
}

/**
 * Gets a database ready for the app: the embedded PostgreSQL unless DATABASE_URL is set, pending
 * migrations applied (under an advisory lock), and demo data loaded into an empty database.
 */
export async function prepareDatabase(config: AppConfig, log: (m: string) => void): Promise<PreparedDatabase> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: resolve(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT, log });
  const url = config.DATABASE_URL ?? (embedded as { url: string }).url;
  try {
    const demoLogins = await migrateAndSeed(config, url, log);
    return { url, embedded: embedded !== undefined, demoLogins, stop: async () => embedded?.stop() };
  } catch (err) {
    await embedded?.stop(); // nothing left running by a start that failed
    throw err;
  }
}

/** Pending migrations applied and, with DEMO_DATA, the demo city loaded: the demo logins that work, to print. */
async function migrateAndSeed(config: AppConfig, url: string, log: (m: string) => void): Promise<DemoLogin[]> {
  const dataSource = createDataSource(url, config.DATABASE_SCHEMA, 2);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
    if (config.DEMO_DATA !== 'on') return [];
    const seeded = await seedDemoData(dataSource, log);
    return seeded || (await hasDemoAccounts(dataSource)) ? DEMO_LOGINS : [];
  } finally {
    await dataSource.destroy();
  }
}

/** The demo logins are printed only while all three still work: each account there, with its role and its demo password. */
async function hasDemoAccounts(dataSource: import('typeorm').DataSource): Promise<boolean> {
  const rows: Array<{ username: string; password_hash: string; password: string }> = await dataSource.query(
    `SELECT a.username, a.password_hash, d.password FROM accounts a
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS d(username, role, password) ON d.username = a.username AND d.role = a.role
     WHERE a.disabled_at IS NULL`,
    [DEMO_LOGINS.map((d) => d.username), DEMO_LOGINS.map((d) => d.role), DEMO_LOGINS.map((d) => d.password)],
  );
  const working = await Promise.all(rows.map((r) => verify(r.password_hash, r.password).catch(() => false)));
  return rows.length === DEMO_LOGINS.length && working.every(Boolean);
}

/** One sentence, said as it is: a start-up problem a person can fix, found before the database or the app. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * What went wrong at start-up, as one sentence that says what to do: the problems a person can fix
 * (the embedded database, an unreachable DATABASE_URL) without a stack trace; anything else with one.
 */
export function startupFailure(err: unknown): string {
  if (err instanceof EmbeddedPostgresError || err instanceof StartupError) return err.message;
  const code = pgErrorOf(err)?.code ?? (err as { code?: string } | null)?.code;
  const { syscall, path } = (err ?? {}) as { syscall?: string; path?: string };
  if (syscall === 'mkdir' || syscall === 'open' || syscall === 'symlink')
    return `DATA_DIR cannot be used (${code} on ${path}): set DATA_DIR to a folder this user may write in.`;
  if (/^Connection terminated|unexpected .*message/i.test((err as Error | null)?.message ?? ''))
    return `What answers at DATABASE_URL is not a PostgreSQL that lets us in (${(err as Error).message}): check its host and port.`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT')
    return `PostgreSQL at DATABASE_URL cannot be reached (${code}): start it, or unset DATABASE_URL to use the embedded one.`;
  if (code === '28P01' || code === '28000') return 'PostgreSQL at DATABASE_URL refused the user or password in it: correct DATABASE_URL.';
  if (code === '3D000') return 'The database named in DATABASE_URL does not exist: create it, or correct DATABASE_URL.';
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
