import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox is drained straight from its table: a delivery waiting for its first attempt is one that is
 * pending, never tried and not held by quiet hours, and the app takes such rows in batches (SKIP LOCKED) and
 * records them sent in the same transaction. The `queued` mark of the former relay, which rewrote every
 * delivery row once more only to hand it to a batch job, goes; and the search for deliveries whose job was
 * lost looks only at those that have a job (tried or held), so that a new delivery is written to one index
 * fewer.
 */
export class DeliveryDrain1764600000000 implements MigrationInterface {
  name = 'DeliveryDrain1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_deliveries_unqueued_idx`);
    await q.query(`ALTER TABLE notification_deliveries DROP COLUMN queued`);
    await q.query(
      `CREATE INDEX notification_deliveries_awaiting_idx ON notification_deliveries (created_at)
       WHERE status = 'pending' AND attempts = 0 AND not_before IS NULL`,
    );
    await q.query(`DROP INDEX notification_deliveries_pending_idx`);
    await q.query(
      `CREATE INDEX notification_deliveries_retrying_idx ON notification_deliveries (updated_at)
       WHERE status = 'pending' AND (attempts > 0 OR not_before IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_deliveries_retrying_idx`);
    await q.query(`CREATE INDEX notification_deliveries_pending_idx ON notification_deliveries (updated_at) WHERE status = 'pending'`);
    await q.query(`DROP INDEX notification_deliveries_awaiting_idx`);
    // Every delivery not awaiting its first attempt has a job of its own (or needs none).
    await q.query(`ALTER TABLE notification_deliveries ADD COLUMN queued boolean NOT NULL DEFAULT true`);
    await q.query(`UPDATE notification_deliveries SET queued = false WHERE status = 'pending' AND attempts = 0 AND not_before IS NULL`);
    await q.query(`ALTER TABLE notification_deliveries ALTER COLUMN queued SET DEFAULT false`);
    await q.query(`CREATE INDEX notification_deliveries_unqueued_idx ON notification_deliveries (created_at) WHERE NOT queued`);
  }
}
