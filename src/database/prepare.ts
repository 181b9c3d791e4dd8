import { resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { DEMO_LOGINS, type DemoLogin, seedDemoData } from '../demo/demo-seeder.js';
import { createDataSource, runMigrations } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

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
    [DEMO_LOGINS.map((d) => d.username), DEMO_LOGINS.map((d) => d.role)]);
  return rows.length === DEMO_LOGINS.length;
}
