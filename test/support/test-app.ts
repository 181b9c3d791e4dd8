import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service.js';
import { createApp } from '../../src/bootstrap.js';
import { createRootLogger } from '../../src/common/logging.js';
import type { Clock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/config/app-config.js';
import { createDataSource, runMigrations } from '../../src/database/data-source.js';
import { testClock } from './clock.js';

export const API = '/api/v1';

export interface TestApp {
  app: NestExpressApplication;
  /** Base URL of the listening server: requests really go over HTTP, concurrently when asked. */
  url: string;
  db: DataSource;
  schema: string;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup)');
  return url;
}

/** Test settings on top of the environment: a fresh schema, quiet logs, a fixed secret. */
export function testEnv(schema: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: schema,
    JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: 'off',
    REQUESTS_PER_MINUTE: '100000',
    DATABASE_POOL_SIZE: '20',
    NODE_ENV: 'test',
    ...extra,
  };
}

/** A name for a schema of one's own in the test database. */
export function freshSchemaName(): string {
  return 't_' + randomBytes(6).toString('hex');
}

/** A DataSource on `schema` of the test database, created with every migration applied. */
export async function migratedDataSource(schema: string): Promise<DataSource> {
  const db = createDataSource(testDatabaseUrl(), schema, 5);
  await db.initialize();
  await runMigrations(db);
  return db;
}

/** The real HTTP app on a fresh, migrated schema of the test database, running at `clock`'s time. */
export async function startTestApp(extraEnv: Record<string, string> = {}, clock: Clock = testClock): Promise<TestApp> {
  const schema = freshSchemaName();
  const config = loadConfig(testEnv(schema, extraEnv));
  const db = await migratedDataSource(schema);
  const app = await createApp(config, testDatabaseUrl(), createRootLogger(config.LOG_LEVEL), clock);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    db,
    schema,
    http: () => request(url),
    close: async () => {
      await app.close();
      await db.query(`DROP SCHEMA "${schema}" CASCADE`);
      // the job queue's schema beside it (JobQueue#schema), when the app ran one
      await db.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
      await db.destroy();
    },
  };
}

/** Another instance of the app on the same database schema, as a second replica would be. */
export async function startSecondInstance(
  schema: string,
  extra: Record<string, string> = {},
): Promise<{ app: NestExpressApplication; url: string; http: () => ReturnType<typeof request> }> {
  const config = loadConfig(testEnv(schema, extra));
  const app = await createApp(config, testDatabaseUrl(), createRootLogger(config.LOG_LEVEL));
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return { app, url, http: () => request(url) };
}

/** A city-wide admin straight in the database (the first admin has to come from somewhere). */
export async function createAdmin(t: TestApp, username = 'root-admin', password = 'root-admin-pw'): Promise<string> {
  await t.db.query(`INSERT INTO accounts (username, password_hash, role) VALUES ($1, $2, 'admin')`, [
    username,
    await AuthService.hashPassword(password),
  ]);
  return login(t, username, password);
}

export async function login(t: TestApp, username: string, password: string): Promise<string> {
  const res = await t.http().post(`${API}/auth/login`).send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}
