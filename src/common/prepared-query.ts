import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a read on a hot path as a named prepared statement, so PostgreSQL plans it once per
 * connection instead of on every request. The name is derived from the text, so one text always
 * has one name.
 */
export async function preparedQuery<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: PgPool }).master;
  const name = 'q' + createHash('sha1').update(text).digest('hex').slice(0, 24);
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
