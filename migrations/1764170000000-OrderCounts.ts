import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Counter rows each writer spreads over, so that a busy branch's concurrent placements do not queue on one row. */
const SHARDS = 4;

/**
 * The trigger functions that keep the counters, writing to one of `shards` rows per (branch, status), chosen by
 * transaction. A function per event: a trigger with transition tables has one event only.
 */
export function orderCountFunctions(shards: number): string[] {
  const track = (name: string, rows: string) => `
        CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO order_counts AS c (branch_id, status, shard, orders)
          SELECT branch_id, status, (txid_current() % ${shards})::smallint, sum(delta)::int
          FROM (${rows}) r GROUP BY branch_id, status HAVING sum(delta) <> 0 ORDER BY branch_id, status
          ON CONFLICT (branch_id, status, shard) DO UPDATE SET orders = c.orders + excluded.orders;
          RETURN NULL;
        END $$`;
  return [
    track('order_counts_inserted', 'SELECT branch_id, status, 1 AS delta FROM new_orders'),
    track('order_counts_deleted', 'SELECT branch_id, status, -1 AS delta FROM old_orders'),
    track(
      'order_counts_updated',
      'SELECT branch_id, status, 1 AS delta FROM new_orders UNION ALL SELECT branch_id, status, -1 FROM old_orders',
    ),
  ];
}

/**
 * How many orders each branch holds in each status, kept by triggers in the same transaction as the
 * change: a list's `total` is a sum over a few counter rows instead of a count over every order, so a
 * first page costs the same with 20 orders or 20,000. Statement-level triggers see every row a statement
 * changed at once (transition tables), add up the differences and write them in one sorted upsert, so
 * that two writers always lock counter rows in the same order. A transaction writes to one shard of
 * each (branch, status) only; the count is the sum over the shards.
 */
export class OrderCounts1764170000000 implements MigrationInterface {
  name = 'OrderCounts1764170000000';

  async up(q: QueryRunner): Promise<void> {
    // No order may change between the backfill below and the triggers taking over (another instance may be running).
    await q.query(`LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE order_counts (
        branch_id uuid NOT NULL,
        status text NOT NULL,
        shard smallint NOT NULL,
        orders integer NOT NULL,
        CONSTRAINT order_counts_pkey PRIMARY KEY (branch_id, status, shard),
        CONSTRAINT order_counts_branch_fkey FOREIGN KEY (branch_id) REFERENCES branches (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX order_counts_status_idx ON order_counts (status)`);
    for (const fn of orderCountFunctions(SHARDS)) await q.query(fn);
    await q.query(`CREATE TRIGGER order_counts_on_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_orders
      FOR EACH STATEMENT EXECUTE FUNCTION order_counts_inserted()`);
    await q.query(`CREATE TRIGGER order_counts_on_delete AFTER DELETE ON orders REFERENCING OLD TABLE AS old_orders
      FOR EACH STATEMENT EXECUTE FUNCTION order_counts_deleted()`);
    await q.query(`CREATE TRIGGER order_counts_on_update AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders
      FOR EACH STATEMENT EXECUTE FUNCTION order_counts_updated()`);
    await q.query(
      `INSERT INTO order_counts (branch_id, status, shard, orders) SELECT branch_id, status, 0, count(*) FROM orders GROUP BY 1, 2`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const trigger of ['order_counts_on_update', 'order_counts_on_delete', 'order_counts_on_insert']) {
      await q.query(`DROP TRIGGER ${trigger} ON orders`);
    }
    for (const fn of ['order_counts_updated()', 'order_counts_deleted()', 'order_counts_inserted()']) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
    await q.query(`DROP TABLE order_counts`);
  }
}
