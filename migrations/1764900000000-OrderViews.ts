import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each change to the tables an order's view is made of runs (orders name the order by `id`, the others by
 * `order_id`): a new order only needs a view where its statement wrote none; a new history entry is missing from a
 * view whose history is shorter than the order's (entries are never changed); any other change is worked out
 * again and compared.
 */
const TRIGGERS = [
  { table: 'orders', event: 'INSERT', refresh: 'order_views_fill_missing' },
  { table: 'orders', event: 'UPDATE', refresh: 'order_views_refresh_by_id' },
  { table: 'order_history', event: 'INSERT', refresh: 'order_views_add_history' },
  { table: 'bookings', event: 'INSERT', refresh: 'order_views_refresh_by_order_id' },
  { table: 'bookings', event: 'UPDATE', refresh: 'order_views_refresh_by_order_id' },
  { table: 'bookings', event: 'DELETE', refresh: 'order_views_refresh_by_order_id' },
];

/** The views of the changed orders (transition table `changed`, naming them by `orderId`) that have none yet. */
const FILL_MISSING = (orderId: string) => `
  INSERT INTO order_views (order_id, body)
    SELECT o.id, order_view_json(o.id) FROM orders o
    WHERE o.id IN (SELECT ${orderId} FROM changed) AND NOT EXISTS (SELECT 1 FROM order_views v WHERE v.order_id = o.id)
    ON CONFLICT (order_id) DO NOTHING;`;

/** Works out again the views of the changed orders for which `stale` (on the view row `v`) holds, and fills missing ones. */
const REFRESH = (orderId: string, stale: string) => `
  UPDATE order_views v SET body = order_view_json(v.order_id)
    FROM (SELECT DISTINCT ${orderId} AS order_id FROM changed) c
    WHERE v.order_id = c.order_id AND ${stale};
  ${FILL_MISSING(orderId)}`;

const CHANGED = 'v.body::text IS DISTINCT FROM order_view_json(v.order_id)::text';
const SHORT_OF_HISTORY = `coalesce(json_array_length(v.body -> 'history'), -1) <> order_history_entries(v.order_id)`;

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
    // row_to_json writes compact JSON (json_build_object writes " : " and ", "): the same text JSON.stringify writes,
    // keys in toOrderView's order. A history entry names its lecturer and reason only when it has one.
    await q.query(`
      CREATE FUNCTION order_view_json(p_order uuid) RETURNS json LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RETURN (SELECT row_to_json(v) FROM (
          SELECT o.id, o.branch_id AS "branchId", o.course_id AS "courseId", o.topic, o.title, o.format,
            api_instant(o.earliest_start) AS "earliestStart", api_instant(o.latest_start) AS "latestStart",
            o.duration_minutes AS "durationMinutes", o.expected_audience AS "expectedAudience", o.language,
            o.preferred_lecturer_id AS "preferredLecturerId", o.notes, o.status,
            CASE WHEN o.status = 'offered' AND o.offered_lecturer_id IS NOT NULL AND o.offered_starts_at IS NOT NULL AND o.offer_expires_at IS NOT NULL
              THEN (SELECT row_to_json(x) FROM (SELECT o.offered_lecturer_id AS "lecturerId", api_instant(o.offered_starts_at) AS "startsAt",
                                                       api_instant(o.offer_expires_at) AS "expiresAt") x) END AS offer,
            CASE WHEN o.status = 'offered' THEN api_instant(o.offer_expires_at) END AS "offerExpiresAt",
            CASE WHEN b.order_id IS NOT NULL
              THEN (SELECT row_to_json(x) FROM (SELECT b.lecturer_id AS "lecturerId", api_instant(b.starts_at) AS "startsAt",
                                                       api_instant(b.ends_at) AS "endsAt") x) END AS booking,
            CASE WHEN o.completed_at IS NOT NULL AND o.attendance IS NOT NULL AND o.summary IS NOT NULL
              THEN (SELECT row_to_json(x) FROM (SELECT o.attendance, api_instant(coalesce(o.started_at, o.completed_at)) AS "startedAt",
                                                       o.summary, api_instant(o.completed_at) AS "completedAt") x) END AS completion,
            CASE WHEN o.rating_score IS NOT NULL AND o.rated_at IS NOT NULL
              THEN (SELECT row_to_json(x) FROM (SELECT o.rating_score AS score, o.rating_comment AS comment,
                                                       api_instant(o.rated_at) AS "ratedAt") x) END AS rating,
            api_instant(o.created_at) AS "createdAt", api_instant(o.updated_at) AS "updatedAt",
            coalesce((SELECT ('[' || string_agg(left(row_to_json(e)::text, -1)
                                                || coalesce(',"lecturerId":' || to_json(h.lecturer_id)::text, '')
                                                || coalesce(',"reason":' || to_json(nullif(h.reason, ''))::text, '') || '}', ',' ORDER BY h.id) || ']')::json
                      FROM order_history h
                      CROSS JOIN LATERAL (SELECT api_instant(h.at) AS at, h.actor_id AS "actorId", h.from_status AS "from", h.to_status AS "to") e
                      WHERE h.order_id = o.id), '[]'::json) AS history
          FROM orders o LEFT JOIN bookings b ON b.order_id = o.id AND b.released_at IS NULL
          WHERE o.id = p_order) v);
      END $$`);
    // VOLATILE like order_view_json: a recheck after a lock wait counts what the other transaction committed.
    await q.query(`
      CREATE FUNCTION order_history_entries(p_order uuid) RETURNS int LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RETURN (SELECT count(*) FROM order_history WHERE order_id = p_order);
      END $$`);
    const functions: Record<string, string> = {
      order_views_fill_missing: FILL_MISSING('id'),
      order_views_refresh_by_id: REFRESH('id', CHANGED),
      order_views_add_history: REFRESH('order_id', SHORT_OF_HISTORY),
      order_views_refresh_by_order_id: REFRESH('order_id', CHANGED),
    };
    for (const [name, body] of Object.entries(functions)) {
      await q.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} RETURN NULL; END $$`);
    }
    for (const { table, event, refresh } of TRIGGERS) {
      await q.query(`
        CREATE TRIGGER order_views_on_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
        REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${refresh}()`);
    }
    await q.query(`INSERT INTO order_views (order_id, body) SELECT id, order_view_json(id) FROM orders`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, event } of TRIGGERS) await q.query(`DROP TRIGGER order_views_on_${table}_${event.toLowerCase()} ON ${table}`);
    for (const name of new Set(TRIGGERS.map((t) => t.refresh))) await q.query(`DROP FUNCTION ${name}()`);
    await q.query(`DROP TABLE order_views`);
    await q.query(`DROP FUNCTION order_history_entries(uuid)`);
    await q.query(`DROP FUNCTION order_view_json(uuid)`);
    await q.query(`DROP FUNCTION api_instant(timestamptz)`);
  }
}
