import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A photo sent under an Idempotency-Key keeps the SHA-256 of the bytes as sent, so that the same key with another
 * photo is refused (422) instead of answered with the first photo as if it were the one just sent. Photos stored
 * before have none and replay as before.
 */
export class EvidenceUploadHash1765500000000 implements MigrationInterface {
  name = 'EvidenceUploadHash1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence_photos ADD COLUMN upload_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence_photos DROP COLUMN upload_hash`);
  }
}
