import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quiet hours start before 24:00 (which only ends them) and do not last the whole day (00:00–24:00 held every SMS and
 * e-mail until a midnight, when they all went out): the settings' rule (quiet-hours.ts) kept by the table too. Rows
 * stored so before are mended as meant: 24:00 as a start is 00:00; all day long is "send me no SMS or e-mail", so
 * those channels are turned off and the quiet hours go back to the default.
 */
export class QuietHoursNotAllDay1766200000000 implements MigrationInterface {
  name = 'QuietHoursNotAllDay1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notification_settings SET quiet_from = 0 WHERE quiet_from = 1440`);
    await q.query(`
      UPDATE notification_settings SET sms_enabled = false, email_enabled = false, quiet_from = 1320, quiet_to = 420
      WHERE quiet_from = 0 AND quiet_to = 1440`);
    await q.query(`ALTER TABLE notification_settings DROP CONSTRAINT notification_settings_quiet_check`);
    await q.query(`
      ALTER TABLE notification_settings ADD CONSTRAINT notification_settings_quiet_check
        CHECK (quiet_from BETWEEN 0 AND 1439 AND quiet_to BETWEEN 0 AND 1440 AND NOT (quiet_from = 0 AND quiet_to = 1440))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_settings DROP CONSTRAINT notification_settings_quiet_check`);
    await q.query(`
      ALTER TABLE notification_settings ADD CONSTRAINT notification_settings_quiet_check
        CHECK (quiet_from BETWEEN 0 AND 1440 AND quiet_to BETWEEN 0 AND 1440)`);
  }
}
