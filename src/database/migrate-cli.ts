import 'reflect-metadata';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { createDataSource, runMigrations } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { startupFailure } from './prepare.js';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: resolve(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT, log: console.log });
  try {
    const dataSource = createDataSource(config.DATABASE_URL ?? (embedded as { url: string }).url, config.DATABASE_SCHEMA, 1);
    await dataSource.initialize();
    try {
      const applied = await runMigrations(dataSource);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

// As `npm start` says it: a bad setting or an unreachable database in one sentence, not a stack trace.
await migrate().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Migrations failed: ${startupFailure(err)}`}\n`);
  process.exitCode = 1;
});
