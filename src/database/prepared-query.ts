import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

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
    const name = namedStatements() ? statementName(text) : undefined;
    const result = await client.query({ name, text, values });
    return result.rows as T[];
  } finally {
    await runner.release();
  }
}
