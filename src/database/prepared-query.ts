import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

/** The part of the pg client a query runner connects to that a named statement needs. */
interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** DATABASE_PREPARED_STATEMENTS (checked to be on or off by the app's config at start-up). */
function namedStatements(): boolean {
  return process.env.DATABASE_PREPARED_STATEMENTS !== 'off';
}

/** One text always has one name, so PostgreSQL prepares it once per connection. */
function statementName(text: string): string {
  return 'q' + createHash('sha1').update(text).digest('hex').slice(0, 24);
}

/** The statement as pg sends it: named (prepared once per connection) unless DATABASE_PREPARED_STATEMENTS=off. */
function statement(text: string, values: unknown[]): { name?: string; text: string; values: unknown[] } {
  return { name: namedStatements() ? statementName(text) : undefined, text, values };
}

/**
 * Runs a read on a hot path as a named prepared statement, so PostgreSQL plans it once per
 * connection instead of on every request. The connection is the pooled client that TypeORM's public
 * `QueryRunner.connect()` hands out; the statement is still one round trip. With DATABASE_PREPARED_STATEMENTS=off
 * the statement is unnamed, as a pooler in transaction mode needs.
 */
export async function preparedQuery<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    const result = await client.query(statement(text, values));
    return result.rows as T[];
  } finally {
    await runner.release();
  }
}

/**
 * Connections of their own, whose sessions use PostgreSQL's generic plan for every statement
 * (`plan_cache_mode=force_generic_plan`), for the list pages' named statements: planned once per connection
 * instead of on every request. For a branch with many orders PostgreSQL takes the custom plan (the same index
 * range, but estimated cheaper) and plans each page afresh, ~0.25 ms of a page's ~0.6 ms in the database. Only
 * what is sent here is planned generically; every other statement keeps PostgreSQL's choice on TypeORM's pool.
 * A quarter of DATABASE_POOL_SIZE, opened when first needed: a few busy connections keep two cores' worth of
 * PostgreSQL busy, and requests beyond them wait their turn in the pool.
 */
@Injectable()
export class GenericPlanReads implements OnApplicationShutdown {
  private pool?: pg.Pool;

  constructor(private readonly dataSource: DataSource) {}

  async query<T>(text: string, values: unknown[]): Promise<T[]> {
    const result = await this.connections().query(statement(text, values));
    return result.rows as T[];
  }

  /** After the HTTP server has drained (Nest closes it between the destroy and the shutdown hooks): no request still reads. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }

  private connections(): pg.Pool {
    if (this.pool) return this.pool;
    const options = this.dataSource.options as {
      url?: string;
      poolSize?: number;
      extra?: { options?: string; connectionTimeoutMillis?: number };
    };
    this.pool = new pg.Pool({
      connectionString: options.url,
      options: `${options.extra?.options ?? ''} -c plan_cache_mode=force_generic_plan`,
      max: Math.max(2, Math.ceil((options.poolSize ?? 8) / 4)),
      connectionTimeoutMillis: options.extra?.connectionTimeoutMillis,
      application_name: 'grassland-pioneer-lists',
    });
    // An idle connection the database drops (a restart) is replaced on the next query; the error itself is expected.
    this.pool.on('error', () => undefined);
    return this.pool;
  }
}
