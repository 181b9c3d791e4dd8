import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each delivery keeps the id of the transaction that wrote it, and the outbox drain's index is ordered by it, so
 * that a drain can start past the deliveries already sent. A delivery sent leaves the partial index of those
 * awaiting only when VACUUM comes by: until then every drain walked past all the deliveries sent since, from the
 * index's first page (after a burst of 10,000 orders, ~1,900 pages and 30 ms for a batch of 150). Rows written
 * before this read as transaction 0: below any start, so the drain's scans from the beginning take them.
 */
export class DrainFloor1765400000000 implements MigrationInterface {
  name = 'DrainFloor1765400000000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default first (no rewrite of the table), then the writing transaction's id for every new row.
    await q.query(`ALTER TABLE notification_deliveries ADD COLUMN created_xid xid8 NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE notification_deliveries ALTER COLUMN created_xid SET DEFAULT pg_current_xact_id()`);
    await q.query(`DROP INDEX notification_deliveries_awaiting_idx`);
    await q.query(
      `CREATE INDEX notification_deliveries_awaiting_idx ON notification_deliveries (created_xid, created_at)
       WHERE status = 'pending' AND attempts = 0 AND not_before IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_deliveries_awaiting_idx`);
    await q.query(
      `CREATE INDEX notification_deliveries_awaiting_idx ON notification_deliveries (created_at)
       WHERE status = 'pending' AND attempts = 0 AND not_before IS NULL`,
    );
    await q.query(`ALTER TABLE notification_deliveries DROP COLUMN created_xid`);
  }
}
