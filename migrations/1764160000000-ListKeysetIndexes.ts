import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index in each list's sort order (unique tiebreak last), so that a cursor page is an index range scan
 * however deep it lies, and a list's count over the same columns can be index-only. A branch's orders
 * already have theirs (`orders_branch_created_idx`), campaigns theirs (`campaigns_created_idx`).
 */
export class ListKeysetIndexes1764160000000 implements MigrationInterface {
  name = 'ListKeysetIndexes1764160000000';

  async up(q: QueryRunner): Promise<void> {
    // Orders newest first: the whole city's (an admin), and by status (the admin's queue of pending orders).
    await q.query(`CREATE INDEX orders_created_idx ON orders (created_at DESC, id)`);
    await q.query(`CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, id)`);
    // A list's total is an index-only count only over pages the visibility map knows to be all-visible: vacuum
    // after every few thousand new orders, not only after a fifth of the table (the default) has been added.
    await q.query(`ALTER TABLE orders SET (autovacuum_vacuum_insert_threshold = 2000, autovacuum_vacuum_insert_scale_factor = 0.01)`);
    await q.query(`CREATE INDEX regions_depth_name_idx ON regions ((array_length(path, 1)), name, id)`);
    await q.query(`CREATE INDEX branches_name_idx ON branches (name, id)`);
    await q.query(`CREATE INDEX lecturers_name_idx ON lecturers (name, id)`);
    await q.query(`CREATE INDEX courses_topic_title_idx ON courses (topic, title, id)`);
    await q.query(`DROP INDEX scheduling_runs_created_idx`);
    await q.query(`CREATE INDEX scheduling_runs_created_id_idx ON scheduling_runs (created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX scheduling_runs_created_id_idx`);
    await q.query(`CREATE INDEX scheduling_runs_created_idx ON scheduling_runs (created_at DESC)`);
    for (const index of ['courses_topic_title_idx', 'lecturers_name_idx', 'branches_name_idx', 'regions_depth_name_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`ALTER TABLE orders RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)`);
    await q.query(`DROP INDEX orders_status_created_idx`);
    await q.query(`DROP INDEX orders_created_idx`);
  }
}
