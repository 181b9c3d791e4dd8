import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, else an embedded one under .data/test-pg-<port>.
 * Each test file then migrates a fresh schema of its own in it.
 */
export default async function globalSetup(): Promise<void> {
  // Every jest project with database tests (medium, e2e) names this setup: the first one does the work.
  if (process.env.TEST_DATABASE_URL) return;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const port = Number(process.env.TEST_PG_PORT ?? 54329);
    // Global setup runs outside jest's module mapping, so it loads the compiled launcher (`pretest` builds it).
    const { startEmbeddedPostgres } = await import(pathToFileURL(resolve('dist/src/database/embedded-postgres.js')).href);
    const db = await startEmbeddedPostgres({
      dataDir: resolve(`.data/test-pg-${port}`),
      port,
      log: (m: string) => process.stderr.write(m + '\n'),
    });
    (globalThis as { __embeddedPg?: { stop(): Promise<void> } }).__embeddedPg = db;
    url = db.url;
  }
  process.env.TEST_DATABASE_URL = url;
  // Extensions are database-wide: create them once here rather than racing from parallel test files.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public');
  } finally {
    await client.end();
  }
}
