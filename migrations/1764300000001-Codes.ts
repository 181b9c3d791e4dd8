import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['regions', 'branches', 'lecturers', 'courses'] as const;

/**
 * An office's own codes (编码) on regions, branches, lecturers and courses: optional (existing rows keep
 * none), unique per kind, what imports match rows on and exports write. Compared without case, as a
 * clerk types them.
 */
export class Codes1764300000001 implements MigrationInterface {
  name = 'Codes1764300000001';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN code varchar(64)`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_code_check CHECK (length(code) BETWEEN 1 AND 64 AND code !~ '[[:space:]]')`,
      );
      await q.query(`CREATE UNIQUE INDEX ${table}_code_key ON ${table} (lower(code))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`DROP INDEX ${table}_code_key`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN code`);
    }
  }
}
