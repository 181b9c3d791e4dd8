import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery retried by hand starts a new series of attempts (`attempts`, which the retry policy counts), but its
 * log keeps every attempt made: the earlier series' attempts are kept in `attempts_before`, and the API and the
 * page show the sum. A column with a constant default: no rewrite of the table.
 */
export class DeliveryAttemptsKept1765200000000 implements MigrationInterface {
  name = 'DeliveryAttemptsKept1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_deliveries ADD COLUMN attempts_before integer NOT NULL DEFAULT 0
      CONSTRAINT notification_deliveries_attempts_before_check CHECK (attempts_before >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_deliveries DROP COLUMN attempts_before`);
  }
}
