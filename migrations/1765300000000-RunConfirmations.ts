import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A real run made to confirm a dry run names it (`confirms_run_id`): a dry run is confirmed once at most (the
 * unique key, so two confirmations racing cannot both make offers), and its page can say it was confirmed.
 */
export class RunConfirmations1765300000000 implements MigrationInterface {
  name = 'RunConfirmations1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduling_runs ADD COLUMN confirms_run_id uuid
      CONSTRAINT scheduling_runs_confirms_fk REFERENCES scheduling_runs (id)
      CONSTRAINT scheduling_runs_confirms_key UNIQUE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduling_runs DROP COLUMN confirms_run_id`);
  }
}
