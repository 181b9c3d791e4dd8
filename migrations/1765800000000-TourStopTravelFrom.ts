import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tour's later stop remembers the village its lecturer comes from (`bookings.travel_from_order_id`, the stop before
 * on the day before), so that when that stop leaves the lecturer's way (its offer declined or expired, its order
 * cancelled) a stop beyond the radius from home goes back to the queue instead of staying booked with a lecturer who
 * cannot reach it by the rules. That return (accepted → pending) tells the admins in scope, as a decline does.
 */
/** An order's history entry → its event (as migration 1764200000000-Notifications made it), `returnFromTour` among the kinds. */
const eventOfHistory = (returnFromTour: string) => `
      CREATE OR REPLACE FUNCTION notification_event_of_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kind text := CASE
          WHEN NEW.from_status IS NULL THEN 'order.placed'
          WHEN NEW.to_status = 'offered' THEN 'order.offered'
          WHEN NEW.from_status = 'offered' AND NEW.to_status = 'pending' AND NEW.actor_id IS NULL THEN 'order.offer_expired'
          WHEN NEW.from_status = 'offered' AND NEW.to_status = 'pending' THEN 'order.declined'
${returnFromTour}          WHEN NEW.to_status = 'accepted' THEN 'order.accepted'
          WHEN NEW.to_status = 'cancelled' THEN 'order.cancelled'
          WHEN NEW.to_status = 'rejected' THEN 'order.rejected'
          WHEN NEW.to_status = 'completed' THEN 'order.completed'
        END;
      BEGIN
        IF kind IS NULL THEN RETURN NULL; END IF;
        INSERT INTO notification_events (type, order_id, branch_id, lecturer_id, occurred_at, data, dedupe_key)
        SELECT kind, o.id, o.branch_id, NEW.lecturer_id, NEW.at,
               jsonb_strip_nulls(jsonb_build_object('title', o.title, 'reason', NEW.reason,
                 'branch', (SELECT b.name FROM branches b WHERE b.id = o.branch_id),
                 'startsAt', coalesce(o.offered_starts_at, (SELECT b.starts_at FROM bookings b WHERE b.order_id = o.id)),
                 'offerExpiresAt', o.offer_expires_at)),
               'history:' || NEW.id
        FROM orders o WHERE o.id = NEW.order_id;
        RETURN NULL;
      END $$`;

/** A tour stop's return to the queue (accepted → pending) is told to the admins in scope, as a decline is. */
const RETURN_FROM_TOUR = `          WHEN NEW.from_status = 'accepted' AND NEW.to_status = 'pending' THEN 'order.declined'
`;

export class TourStopTravelFrom1765800000000 implements MigrationInterface {
  name = 'TourStopTravelFrom1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE bookings ADD COLUMN travel_from_order_id uuid CONSTRAINT bookings_travel_from_order_fk REFERENCES orders (id)`,
    );
    await q.query(
      `CREATE INDEX bookings_travel_from_idx ON bookings (travel_from_order_id) WHERE released_at IS NULL AND travel_from_order_id IS NOT NULL`,
    );
    await q.query(eventOfHistory(RETURN_FROM_TOUR));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(eventOfHistory(''));
    await q.query(`DROP INDEX bookings_travel_from_idx`);
    await q.query(`ALTER TABLE bookings DROP COLUMN travel_from_order_id`);
  }
}
