import type { DataSource, EntityManager } from 'typeorm';
import { isRetryable } from './database-errors.js';

/**
 * Runs `work` in one transaction, retrying the whole of it a bounded number of times when
 * PostgreSQL reports a serialization failure or deadlock. Any other error is rethrown as it is.
 */
export async function inTransaction<T>(
  on: DataSource | EntityManager,
  work: (manager: EntityManager) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await on.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
    }
  }
}
