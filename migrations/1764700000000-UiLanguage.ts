import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language an account reads the pages in: Chinese or Mongolian (traditional script). NULL until the
 * person first chooses; then the choice follows the account to any browser it logs in on.
 */
export class UiLanguage1764700000000 implements MigrationInterface {
  name = 'UiLanguage1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts ADD COLUMN ui_language text`);
    await q.query(`ALTER TABLE accounts ADD CONSTRAINT accounts_ui_language_check CHECK (ui_language IN ('zh', 'mn'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts DROP CONSTRAINT accounts_ui_language_check`);
    await q.query(`ALTER TABLE accounts DROP COLUMN ui_language`);
  }
}
