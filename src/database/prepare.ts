import { resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { DEMO_LOGINS, type DemoLogin, seedDemoData } from '../demo/demo-seeder.js';
import { createDataSource, runMigrations } from './data-source.js';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded-postgres.js';
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
  const dataSource = createDataSource(url, config.DATABASE_SCHEMA, 2);
  await dataSource.initialize();
  let demoLogins: DemoLogin[] = [];
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
    if (config.DEMO_DATA === 'on') {
      const seeded = await seedDemoData(dataSource, log);
      demoLogins = seeded ? DEMO_LOGINS : (await hasDemoAccounts(dataSource)) ? DEMO_LOGINS : [];
    }
  } finally {
    await dataSource.destroy();
  }
  return { url, embedded: embedded !== undefined, demoLogins, stop: async () => embedded?.stop() };
}

/** The demo logins are printed only when all three demo accounts are there with their roles. */
async function hasDemoAccounts(dataSource: import('typeorm').DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(
    'SELECT 1 FROM accounts a JOIN unnest($1::text[], $2::text[]) AS d(username, role) ON d.username = a.username AND d.role = a.role',
    [DEMO_LOGINS.map((d) => d.username), DEMO_LOGINS.map((d) => d.role)],
  );
  return rows.length === DEMO_LOGINS.length;
}

/**
 * What went wrong at start-up, as one sentence that says what to do: the problems a person can fix
 * (the embedded database, an unreachable DATABASE_URL) without a stack trace; anything else with one.
 */
export function startupFailure(err: unknown): string {
  if (err instanceof EmbeddedPostgresError) return err.message;
  const code = pgErrorOf(err)?.code ?? (err as { code?: string } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT')
    return `PostgreSQL at DATABASE_URL cannot be reached (${code}): start it, or unset DATABASE_URL to use the embedded one.`;
  if (code === '28P01' || code === '28000') return 'PostgreSQL at DATABASE_URL refused the user or password in it: correct DATABASE_URL.';
  if (code === '3D000') return 'The database named in DATABASE_URL does not exist: create it, or correct DATABASE_URL.';
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
