import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An attendee's name up to 200 characters, as api.md allows every name (it was 40). */
export class AttendeeNames1765100000000 implements MigrationInterface {
  name = 'AttendeeNames1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attendees DROP CONSTRAINT attendees_name_check`);
    await q.query(`ALTER TABLE attendees ADD CONSTRAINT attendees_name_check CHECK (char_length(name) BETWEEN 1 AND 200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attendees DROP CONSTRAINT attendees_name_check`);
    await q.query(`ALTER TABLE attendees ADD CONSTRAINT attendees_name_check CHECK (char_length(name) BETWEEN 1 AND 40) NOT VALID`);
  }
}
