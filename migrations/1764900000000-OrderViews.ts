import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables an order's view is made of, and how each names the order: orders by `id`, the others by `order_id`. */
const SOURCES = [
  { table: 'orders', orderId: 'id', events: ['INSERT', 'UPDATE'] },
  { table: 'order_history', orderId: 'order_id', events: ['INSERT'] },
  { table: 'bookings', orderId: 'order_id', events: ['INSERT', 'UPDATE', 'DELETE'] },
];

/**
 * Every order's view as the API shows it (`src/orders/order-view.ts`'s toOrderView, which stays the reference:
 * a medium test compares the two in every status), kept as JSON text in `order_views` by triggers in the
 * transaction of each change. A list page then reads 50 texts and writes them out as they are: no 28 columns,
 * history aggregate and booking join per order in PostgreSQL, no row parsing, times, mapping and JSON.stringify
 * in the app. Refreshing is set-based per statement (transition tables). `order_view_json` is VOLATILE on
 * purpose: each call takes a fresh snapshot, so a refresh that waited for another transaction's lock on the
 * view row (an UPDATE's recheck) is worked out again from what that transaction committed, never from a stale
 * snapshot. A view that comes out the same is not written again.
 */
export class OrderViews1764900000000 implements MigrationInterface {
  name = 'OrderViews1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // No order may change between the backfill below and the triggers taking over (another instance may be running).
    await q.query(`LOCK TABLE orders, order_history, bookings IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE order_views (
        order_id uuid NOT NULL,
        body json NOT NULL,
        CONSTRAINT order_views_pkey PRIMARY KEY (order_id),
        CONSTRAINT order_views_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
      )`);
    // The API's instants: ISO 8601 in UTC with milliseconds (microseconds cut, as a JavaScript Date cuts them).
    await q.query(`
      CREATE FUNCTION api_instant(t timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
      RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    await q.query(`
      CREATE FUNCTION order_view_json(p_order uuid) RETURNS json LANGUAGE sql VOLATILE AS $$
        SELECT json_build_object(
          'id', o.id, 'branchId', o.branch_id, 'courseId', o.course_id, 'topic', o.topic, 'title', o.title, 'format', o.format,
          'earliestStart', api_instant(o.earliest_start), 'latestStart', api_instant(o.latest_start),
          'durationMinutes', o.duration_minutes, 'expectedAudience', o.expected_audience, 'language', o.language,
          'preferredLecturerId', o.preferred_lecturer_id, 'notes', o.notes, 'status', o.status,
          'offer', CASE WHEN o.status = 'offered' AND o.offered_lecturer_id IS NOT NULL AND o.offered_starts_at IS NOT NULL
                          AND o.offer_expires_at IS NOT NULL
                     THEN json_build_object('lecturerId', o.offered_lecturer_id, 'startsAt', api_instant(o.offered_starts_at),
                                            'expiresAt', api_instant(o.offer_expires_at)) END,
          'offerExpiresAt', CASE WHEN o.status = 'offered' THEN api_instant(o.offer_expires_at) END,
          'booking', (SELECT json_build_object('lecturerId', b.lecturer_id, 'startsAt', api_instant(b.starts_at), 'endsAt', api_instant(b.ends_at))
                      FROM bookings b WHERE b.order_id = o.id AND b.released_at IS NULL),
          'completion', CASE WHEN o.completed_at IS NOT NULL AND o.attendance IS NOT NULL AND o.summary IS NOT NULL
                          THEN json_build_object('attendance', o.attendance, 'startedAt', api_instant(coalesce(o.started_at, o.completed_at)),
                                                 'summary', o.summary, 'completedAt', api_instant(o.completed_at)) END,
          'rating', CASE WHEN o.rating_score IS NOT NULL AND o.rated_at IS NOT NULL
                      THEN json_build_object('score', o.rating_score, 'comment', o.rating_comment, 'ratedAt', api_instant(o.rated_at)) END,
          'createdAt', api_instant(o.created_at), 'updatedAt', api_instant(o.updated_at),
          -- An entry names its lecturer and reason only when it has one (jsonb to leave the keys out).
          'history', coalesce((SELECT json_agg(jsonb_build_object('at', api_instant(h.at), 'actorId', h.actor_id, 'from', h.from_status, 'to', h.to_status)
                                               || jsonb_strip_nulls(jsonb_build_object('lecturerId', h.lecturer_id, 'reason', nullif(h.reason, '')))
                                               ORDER BY h.id)
                               FROM order_history h WHERE h.order_id = o.id), '[]'::json))
        FROM orders o WHERE o.id = p_order
      $$`);
    // One trigger function per way a table names its order; a trigger with transition tables has one event only.
    for (const orderId of new Set(SOURCES.map((s) => s.orderId))) {
      await q.query(`
        CREATE FUNCTION order_views_refresh_by_${orderId}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE order_views v SET body = order_view_json(v.order_id)
            FROM (SELECT DISTINCT ${orderId} AS order_id FROM changed) c
            WHERE v.order_id = c.order_id AND v.body::text IS DISTINCT FROM order_view_json(v.order_id)::text;
          INSERT INTO order_views (order_id, body)
            SELECT o.id, order_view_json(o.id) FROM orders o
            WHERE o.id IN (SELECT ${orderId} FROM changed) AND NOT EXISTS (SELECT 1 FROM order_views v WHERE v.order_id = o.id)
            ON CONFLICT (order_id) DO NOTHING;
          RETURN NULL;
        END $$`);
    }
    for (const { table, orderId, events } of SOURCES) {
      for (const event of events) {
        const rows = event === 'DELETE' ? 'OLD' : 'NEW';
        await q.query(`
          CREATE TRIGGER order_views_on_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
          REFERENCING ${rows} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION order_views_refresh_by_${orderId}()`);
      }
    }
    await q.query(`INSERT INTO order_views (order_id, body) SELECT id, order_view_json(id) FROM orders`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, events } of SOURCES) {
      for (const event of events) await q.query(`DROP TRIGGER order_views_on_${table}_${event.toLowerCase()} ON ${table}`);
    }
    for (const orderId of new Set(SOURCES.map((s) => s.orderId))) await q.query(`DROP FUNCTION order_views_refresh_by_${orderId}()`);
    await q.query(`DROP TABLE order_views`);
    await q.query(`DROP FUNCTION order_view_json(uuid)`);
    await q.query(`DROP FUNCTION api_instant(timestamptz)`);
  }
}
