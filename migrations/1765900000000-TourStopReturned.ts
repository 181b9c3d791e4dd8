import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The history's reason for a tour's stop sent back to the queue (as `TOUR_STOP_STRANDED_REASON` was when this was written). */
const STRANDED = `'the tour stop before fell away, and this village lies beyond the travel radius from home'`;

/**
 * An order's history entry → its event (as migration 1765800000000-TourStopTravelFrom made it), the tour returns as
 * given, and `moreData` (`, 'key', value` pairs) added to what the event carries.
 */
export const eventOfHistory = (tourReturns: string, moreData = '') => `
      CREATE OR REPLACE FUNCTION notification_event_of_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kind text := CASE
          WHEN NEW.from_status IS NULL THEN 'order.placed'
          WHEN NEW.to_status = 'offered' THEN 'order.offered'
${tourReturns}          WHEN NEW.from_status = 'offered' AND NEW.to_status = 'pending' AND NEW.actor_id IS NULL THEN 'order.offer_expired'
          WHEN NEW.from_status = 'offered' AND NEW.to_status = 'pending' THEN 'order.declined'
          WHEN NEW.to_status = 'accepted' THEN 'order.accepted'
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
                 'offerExpiresAt', o.offer_expires_at${moreData})),
               'history:' || NEW.id
        FROM orders o WHERE o.id = NEW.order_id;
        RETURN NULL;
      END $$`;

/**
 * A booked tour stop sent back to the queue is `order.returned`: its branch and its lecturer lose a lecture they were
 * told was accepted, so they are told too, with the admins. A stop whose offer the platform withdraws (it could not
 * be accepted any more) tells the admins, as a decline does, not as an offer left to expire.
 */
export const RETURNS = `          WHEN NEW.from_status = 'accepted' AND NEW.to_status = 'pending' THEN 'order.returned'
          WHEN NEW.from_status = 'offered' AND NEW.to_status = 'pending' AND NEW.reason = ${STRANDED} THEN 'order.declined'
`;
/** As migration 1765800000000-TourStopTravelFrom left them. */
const RETURNS_BEFORE = `          WHEN NEW.from_status = 'accepted' AND NEW.to_status = 'pending' THEN 'order.declined'
`;

/** Who is told of each event (as migration 1764760000000-FanOutByType made it), `returned` among the types told. */
const fanOut = (returned: string) => `
      CREATE OR REPLACE FUNCTION notification_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        branch_path uuid[] := (SELECT r.path FROM branches b JOIN regions r ON r.id = b.region_id WHERE b.id = NEW.branch_id);
      BEGIN
        -- By index, and a disabled account is told nothing.
        IF NEW.type IN ('order.placed', 'order.offer_expired', 'order.declined'${returned}) THEN
          INSERT INTO notifications (event_id, account_id, created_at)
          SELECT NEW.id, a.id, NEW.occurred_at FROM accounts a
          WHERE a.disabled_at IS NULL AND a.role = 'admin' AND (a.region_id IS NULL OR a.region_id = ANY(branch_path));
        END IF;
        IF NEW.type IN ('order.accepted', 'order.cancelled', 'order.rejected', 'lecture.reminder', 'order.completed'${returned}) THEN
          INSERT INTO notifications (event_id, account_id, created_at)
          SELECT NEW.id, a.id, NEW.occurred_at FROM accounts a WHERE a.disabled_at IS NULL AND a.branch_id = NEW.branch_id;
        END IF;
        IF NEW.type IN ('order.offered', 'order.offer_expiring', 'order.cancelled', 'order.rejected',
                        'lecture.reminder', 'lecture.report_due', 'order.rated'${returned}) THEN
          INSERT INTO notifications (event_id, account_id, created_at)
          SELECT NEW.id, a.id, NEW.occurred_at FROM accounts a WHERE a.disabled_at IS NULL AND a.lecturer_id = NEW.lecturer_id;
        END IF;
        INSERT INTO notification_deliveries (event_id, channel, account_id, webhook_id)
        SELECT NEW.id, c.channel, n.account_id, NULL::uuid
        FROM notifications n JOIN notification_settings s ON s.account_id = n.account_id
        CROSS JOIN LATERAL (VALUES ('sms', s.sms_enabled AND s.phone IS NOT NULL),
                                   ('email', s.email_enabled AND s.email IS NOT NULL)) AS c(channel, wanted)
        WHERE n.event_id = NEW.id AND c.wanted
        UNION ALL
        SELECT NEW.id, 'webhook', NULL, w.id FROM webhooks w
        WHERE w.deleted_at IS NULL AND NEW.type = ANY(w.events) AND (w.region_id IS NULL OR w.region_id = ANY(branch_path));
        RETURN NULL;
      END $$`;

export class TourStopReturned1765900000000 implements MigrationInterface {
  name = 'TourStopReturned1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(eventOfHistory(RETURNS));
    await q.query(fanOut(`, 'order.returned'`));
    // A webhook told of declines was told of these returns (as declines): it goes on being told of them.
    await q.query(`UPDATE webhooks SET events = events || '{order.returned}'::text[] WHERE 'order.declined' = ANY(events)`);
    // Every order change looks for the offers made as following its order (the stops it may strand).
    await q.query(
      `CREATE INDEX orders_offered_after_idx ON orders (offered_after_order_id) WHERE status = 'offered' AND offered_after_order_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX orders_offered_after_idx`);
    // The code before knows no such event: the returns are declines again, as they were told then.
    await q.query(`UPDATE webhooks SET events = array_remove(events, 'order.returned')`);
    await q.query(`UPDATE notification_events SET type = 'order.declined' WHERE type = 'order.returned'`);
    await q.query(fanOut(''));
    await q.query(eventOfHistory(RETURNS_BEFORE));
  }
}
