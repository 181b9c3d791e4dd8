import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A replayed response is the first one byte for byte: its body kept as the JSON text sent (`json`), not as `jsonb`,
 * which reorders an object's keys (a client comparing the two answers' text, or hashing them, saw them differ).
 * Rows kept before this read as jsonb wrote them.
 */
export class IdempotentReplayAsSent1765700000000 implements MigrationInterface {
  name = 'IdempotentReplayAsSent1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE json USING response_body::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb`);
  }
}
