import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications as a transactional outbox. Every order transition's history entry (and a rating) becomes an
 * event through triggers, so the event is written by the same transaction as the change: a rolled-back change
 * tells nobody, and no code path that changes an order can forget to tell. An event is fanned out, again in
 * that transaction, to the inboxes of its recipients (api.md's table), to a delivery row per further channel
 * (SMS, e-mail, webhook). The app relays new deliveries to the job queue in batches after the commit (no queue
 * call, no NOTIFY in the change's transaction); a delivery that fails is retried as a job of its own. Titles and
 * bodies are rendered from the event's type and data when read.
 */
export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        type text NOT NULL,
        order_id uuid NOT NULL,
        branch_id uuid NOT NULL,
        lecturer_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        data jsonb NOT NULL DEFAULT '{}',
        -- one event per occurrence: a history entry, a rating, or a timed event of one offer or booking
        dedupe_key text NOT NULL,
        CONSTRAINT notification_events_pk PRIMARY KEY (id),
        CONSTRAINT notification_events_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT notification_events_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
      )`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        account_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        CONSTRAINT notifications_pk PRIMARY KEY (id),
        CONSTRAINT notifications_event_recipient_key UNIQUE (event_id, account_id),
        CONSTRAINT notifications_event_fk FOREIGN KEY (event_id) REFERENCES notification_events (id),
        CONSTRAINT notifications_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (account_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (account_id, created_at DESC, id) WHERE read_at IS NULL`);

    await q.query(`
      CREATE TABLE notification_settings (
        account_id uuid NOT NULL,
        phone text,
        email text,
        sms_enabled boolean NOT NULL DEFAULT false,
        email_enabled boolean NOT NULL DEFAULT false,
        -- minutes after local midnight (Asia/Shanghai); from > to spans midnight
        quiet_from smallint NOT NULL DEFAULT 1320,
        quiet_to smallint NOT NULL DEFAULT 420,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_settings_pk PRIMARY KEY (account_id),
        CONSTRAINT notification_settings_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT notification_settings_quiet_check CHECK (quiet_from BETWEEN 0 AND 1440 AND quiet_to BETWEEN 0 AND 1440)
      )`);

    await q.query(`
      CREATE TABLE webhooks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        url varchar(2000) NOT NULL,
        events text[] NOT NULL,
        description varchar(2000),
        secret text NOT NULL,
        -- the scope of the admin who made it: events of branches in this subtree (null: the city)
        region_id uuid,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT webhooks_pk PRIMARY KEY (id),
        CONSTRAINT webhooks_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
        CONSTRAINT webhooks_created_by_fk FOREIGN KEY (created_by) REFERENCES accounts (id)
      )`);

    await q.query(`
      CREATE TABLE notification_deliveries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        channel text NOT NULL,
        account_id uuid,
        webhook_id uuid,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(2000),
        -- held by quiet hours until then
        not_before timestamptz,
        -- handed to the job queue (by the app's relay, after the commit)
        queued boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        sent_at timestamptz,
        CONSTRAINT notification_deliveries_pk PRIMARY KEY (id),
        -- a recipient is told an event once per channel
        CONSTRAINT notification_deliveries_once UNIQUE NULLS NOT DISTINCT (event_id, channel, account_id, webhook_id),
        CONSTRAINT notification_deliveries_event_fk FOREIGN KEY (event_id) REFERENCES notification_events (id),
        CONSTRAINT notification_deliveries_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        CONSTRAINT notification_deliveries_webhook_fk FOREIGN KEY (webhook_id) REFERENCES webhooks (id),
        CONSTRAINT notification_deliveries_channel_check CHECK (
          (channel IN ('sms', 'email') AND account_id IS NOT NULL AND webhook_id IS NULL) OR
          (channel = 'webhook' AND webhook_id IS NOT NULL AND account_id IS NULL)),
        CONSTRAINT notification_deliveries_status_check CHECK (status IN ('pending', 'sent', 'failed'))
      )`);
    await q.query(`CREATE INDEX notification_deliveries_webhook_idx ON notification_deliveries (webhook_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX notification_deliveries_unqueued_idx ON notification_deliveries (created_at) WHERE NOT queued`);
    await q.query(`CREATE INDEX notification_deliveries_pending_idx ON notification_deliveries (updated_at) WHERE status = 'pending'`);
    await q.query(
      `CREATE INDEX notification_deliveries_failed_idx ON notification_deliveries (created_at DESC, id) WHERE status = 'failed'`,
    );

    // An event's recipients, found by index: admins, a branch's accounts, a lecturer's account.
    await q.query(`CREATE INDEX accounts_admin_recipients_idx ON accounts (region_id) WHERE role = 'admin'`);
    await q.query(`CREATE INDEX accounts_branch_recipients_idx ON accounts (branch_id) WHERE branch_id IS NOT NULL`);
    await q.query(`CREATE INDEX accounts_lecturer_recipients_idx ON accounts (lecturer_id) WHERE lecturer_id IS NOT NULL`);

    // The timed events look for lectures by their start (the reminder the day before, the report due after).
    await q.query(`CREATE INDEX bookings_starts_idx ON bookings (starts_at) WHERE released_at IS NULL`);

    // An order's history entry → its event. The entry names the lecturer concerned (offered, accepting,
    // declining, whose offer expired, booked on a cancelled order).
    await q.query(`
      CREATE FUNCTION notification_event_of_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kind text := CASE
          WHEN NEW.from_status IS NULL THEN 'order.placed'
          WHEN NEW.to_status = 'offered' THEN 'order.offered'
          WHEN NEW.from_status = 'offered' AND NEW.to_status = 'pending' AND NEW.actor_id IS NULL THEN 'order.offer_expired'
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
                 'offerExpiresAt', o.offer_expires_at)),
               'history:' || NEW.id
        FROM orders o WHERE o.id = NEW.order_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notification_event_of_history_trg AFTER INSERT ON order_history
      FOR EACH ROW EXECUTE FUNCTION notification_event_of_history()`);

    // A rating is not a transition (the order stays completed): its own event, for the booked lecturer.
    await q.query(`
      CREATE FUNCTION notification_event_of_rating() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO notification_events (type, order_id, branch_id, lecturer_id, occurred_at, data, dedupe_key)
        SELECT 'order.rated', NEW.id, NEW.branch_id, b.lecturer_id, coalesce(NEW.rated_at, clock_timestamp()),
               jsonb_build_object('title', NEW.title, 'score', NEW.rating_score, 'startsAt', b.starts_at), 'rated:' || NEW.id
        FROM bookings b WHERE b.order_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notification_event_of_rating_trg AFTER UPDATE OF rating_score ON orders
      FOR EACH ROW WHEN (OLD.rating_score IS NULL AND NEW.rating_score IS NOT NULL)
      EXECUTE FUNCTION notification_event_of_rating()`);

    // An event → the inboxes of its recipients (api.md's table), a delivery per further channel, a job per delivery.
    await q.query(`
      CREATE FUNCTION notification_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        to_admins boolean := NEW.type IN ('order.placed', 'order.offer_expired', 'order.declined');
        to_branch boolean := NEW.type IN ('order.accepted', 'order.cancelled', 'order.rejected', 'lecture.reminder', 'order.completed');
        to_lecturer boolean := NEW.type IN ('order.offered', 'order.offer_expiring', 'order.cancelled', 'order.rejected',
                                            'lecture.reminder', 'lecture.report_due', 'order.rated');
        branch_path uuid[] := (SELECT r.path FROM branches b JOIN regions r ON r.id = b.region_id WHERE b.id = NEW.branch_id);
      BEGIN
        -- Three indexed look-ups rather than one scan of every account; a disabled account is told nothing.
        INSERT INTO notifications (event_id, account_id, created_at)
        SELECT NEW.id, a.id, NEW.occurred_at FROM accounts a
        WHERE to_admins AND a.disabled_at IS NULL AND a.role = 'admin' AND (a.region_id IS NULL OR a.region_id = ANY(branch_path))
        UNION ALL
        SELECT NEW.id, a.id, NEW.occurred_at FROM accounts a WHERE to_branch AND a.disabled_at IS NULL AND a.branch_id = NEW.branch_id
        UNION ALL
        SELECT NEW.id, a.id, NEW.occurred_at FROM accounts a WHERE to_lecturer AND a.disabled_at IS NULL AND a.lecturer_id = NEW.lecturer_id;

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
      END $$`);
    await q.query(`
      CREATE TRIGGER notification_fan_out_trg AFTER INSERT ON notification_events
      FOR EACH ROW EXECUTE FUNCTION notification_fan_out()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notification_fan_out_trg ON notification_events`);
    await q.query(`DROP FUNCTION notification_fan_out()`);
    await q.query(`DROP TRIGGER notification_event_of_rating_trg ON orders`);
    await q.query(`DROP FUNCTION notification_event_of_rating()`);
    await q.query(`DROP TRIGGER notification_event_of_history_trg ON order_history`);
    await q.query(`DROP FUNCTION notification_event_of_history()`);
    await q.query(`DROP INDEX bookings_starts_idx`);
    for (const index of ['accounts_admin_recipients_idx', 'accounts_branch_recipients_idx', 'accounts_lecturer_recipients_idx'])
      await q.query(`DROP INDEX ${index}`);
    for (const table of ['notification_deliveries', 'webhooks', 'notification_settings', 'notifications', 'notification_events'])
      await q.query(`DROP TABLE ${table}`);
  }
}
