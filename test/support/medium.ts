import { randomUUID } from 'node:crypto';
import type { ModuleMetadata, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../src/auth/actor.js';
import { createRootLogger, PinoNestLogger } from '../../src/common/logging.js';
import { loadConfig } from '../../src/config/app-config.js';
import { AppConfigModule } from '../../src/config/config.module.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import type { Clock } from '../../src/kernel/clock.js';
import { freshSchemaName, migratedDataSource, testDatabaseUrl, testEnv } from './test-app.js';

/**
 * Medium tests: the real feature modules (services, repositories, SQL, triggers) on a fresh schema of the
 * test database with every migration applied, called directly, with no HTTP in between.
 */
export interface MediumTest {
  /** The DataSource the services use, for arranging rows the services do not write. */
  db: DataSource;
  schema: string;
  /** A provider of the modules, exported or not (a repository class, say). */
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

/**
 * Compiles `features` (e.g. `[RegionsModule]`) with the app's configuration on a schema of its own; `env`: settings
 * beside the tests' own, `clock`: the app's clock (the machine's by default).
 */
export async function startMedium(
  features: NonNullable<ModuleMetadata['imports']>,
  opts: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<MediumTest> {
  const schema = freshSchemaName();
  const config = loadConfig(testEnv(schema, opts.env));
  const db = await migratedDataSource(schema);
  const module: TestingModule = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(config, opts.clock),
      // The migrated DataSource itself, so that the services see exactly the schema the migrations made.
      TypeOrmModule.forRootAsync({
        useFactory: () => dataSourceOptions(testDatabaseUrl(), schema, 5),
        dataSourceFactory: () => Promise.resolve(db),
      }),
      ...features,
    ],
  })
    .setLogger(new PinoNestLogger(createRootLogger(config.LOG_LEVEL)))
    .compile();
  return {
    db,
    schema,
    get: (type) => module.get(type, { strict: false }),
    close: async () => {
      await db.query(`DROP SCHEMA "${schema}" CASCADE`);
      // Closing the module closes the DataSource it was given.
      await module.close();
    },
  };
}

/** Who calls a service: the actors of the API, without tokens. */
export const actors = {
  /** An admin who sees the whole city. */
  cityAdmin: (): Actor => ({
    accountId: randomUUID(),
    username: 'city-admin',
    role: 'admin',
    regionId: null,
  }),
  /** An admin scoped to a region's subtree (a banner's, typically). */
  scopedAdmin: (regionId: string): Actor => ({
    accountId: randomUUID(),
    username: 'banner-admin',
    role: 'admin',
    regionId,
  }),
  branch: (branchId: string): Actor => ({
    accountId: randomUUID(),
    username: 'branch',
    role: 'branch',
    branchId,
  }),
  lecturer: (lecturerId: string): Actor => ({
    accountId: randomUUID(),
    username: 'lecturer',
    role: 'lecturer',
    lecturerId,
  }),
};

/** A list query as the validation pipe makes it: the class's defaults (limit 50, offset 0) under the given fields. */
export function query<Q extends object>(type: new () => Q, fields: Partial<Q> = {}): Q {
  return Object.assign(new type(), fields);
}
