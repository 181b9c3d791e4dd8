import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventOfHistory, RETURNS } from './1765900000000-TourStopReturned.js';

/**
 * An order's event names the lecturer its history entry concerns (who accepted, declined, let an offer expire, was
 * booked on a cancelled order): a branch told "your order was accepted" wants to know who is coming, an admin told
 * of a decline who declined.
 */
export class EventNamesLecturer1766000000000 implements MigrationInterface {
  name = 'EventNamesLecturer1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(eventOfHistory(RETURNS, `, 'lecturer', (SELECT l.name FROM lecturers l WHERE l.id = NEW.lecturer_id)`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(eventOfHistory(RETURNS));
  }
}
