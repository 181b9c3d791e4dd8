import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Batch scheduling runs (派单): who ran one, when, over what, and what it proposed. */
export class SchedulingRuns1764120000000 implements MigrationInterface {
  name = 'SchedulingRuns1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduling_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        run_by uuid NOT NULL,
        scope_region_id uuid,
        dry_run boolean NOT NULL,
        period_from timestamptz,
        period_to timestamptz,
        orders_considered integer NOT NULL,
        lecturers_considered integer NOT NULL,
        assigned_count integer NOT NULL,
        unassigned_count integer NOT NULL,
        offers_made integer NOT NULL,
        skipped_count integer NOT NULL,
        total_cost double precision NOT NULL,
        duration_ms integer NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scheduling_runs_pk PRIMARY KEY (id),
        CONSTRAINT scheduling_runs_run_by_fk FOREIGN KEY (run_by) REFERENCES accounts (id),
        CONSTRAINT scheduling_runs_scope_fk FOREIGN KEY (scope_region_id) REFERENCES regions (id),
        CONSTRAINT scheduling_runs_counts_check CHECK (offers_made + skipped_count <= assigned_count)
      )`);
    await q.query(`CREATE INDEX scheduling_runs_created_idx ON scheduling_runs (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduling_runs`);
  }
}
