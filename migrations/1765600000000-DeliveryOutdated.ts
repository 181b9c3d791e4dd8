import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An SMS or e-mail asking its reader to act, whose moment passed while it waited (quiet hours, retries): an offer
 * answered or expired, a lecture begun, a report made. It is not sent, and is kept as `outdated` with the reason.
 */
export class DeliveryOutdated1765600000000 implements MigrationInterface {
  name = 'DeliveryOutdated1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_status_check`);
    await q.query(`ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_status_check
      CHECK (status IN ('pending', 'sent', 'failed', 'outdated'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notification_deliveries SET status = 'failed' WHERE status = 'outdated'`);
    await q.query(`ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_status_check`);
    await q.query(`ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_status_check
      CHECK (status IN ('pending', 'sent', 'failed'))`);
  }
}
