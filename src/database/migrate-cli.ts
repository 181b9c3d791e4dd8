import 'reflect-metadata';
import { resolve } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { createDataSource, runMigrations } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database). */
const config = loadConfig();
const embedded = config.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: resolve(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT, log: console.log });
const dataSource = createDataSource(config.DATABASE_URL ?? (embedded as { url: string }).url, config.DATABASE_SCHEMA, 1);
await dataSource.initialize();
try {
  const applied = await runMigrations(dataSource);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
} finally {
  await dataSource.destroy();
  await embedded?.stop();
}
