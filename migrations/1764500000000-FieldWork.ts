import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The field: each accepted lecture's sign-in sheet (its secret code), the attendees signed on it, and
 * the photos a lecturer attaches as evidence that the lecture took place where it was ordered.
 */
export class FieldWork1764500000000 implements MigrationInterface {
  name = 'FieldWork1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_sheets (
        order_id uuid NOT NULL,
        code text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sign_in_sheets_pkey PRIMARY KEY (order_id),
        CONSTRAINT sign_in_sheets_code_key UNIQUE (code),
        CONSTRAINT sign_in_sheets_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
      )`);
    // One person counts once: the key is the name and phone as normalised (phone_key '' when none was given).
    await q.query(`
      CREATE TABLE attendees (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL,
        name text NOT NULL,
        phone text,
        name_key text NOT NULL,
        phone_key text NOT NULL,
        signed_at timestamptz NOT NULL,
        added_by uuid,
        CONSTRAINT attendees_pkey PRIMARY KEY (id),
        CONSTRAINT attendees_person_key UNIQUE (order_id, name_key, phone_key),
        CONSTRAINT attendees_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
        CONSTRAINT attendees_added_by_fkey FOREIGN KEY (added_by) REFERENCES accounts (id) ON DELETE SET NULL,
        CONSTRAINT attendees_name_check CHECK (char_length(name) BETWEEN 1 AND 40)
      )`);
    // A photo sent again with the same Idempotency-Key (an offline queue retrying) is stored once: upload_key.
    await q.query(`
      CREATE TABLE evidence_photos (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL,
        lecturer_id uuid NOT NULL,
        storage_key text NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        bytes integer NOT NULL,
        taken_at timestamptz,
        latitude double precision,
        longitude double precision,
        km_from_branch double precision,
        upload_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT evidence_photos_pkey PRIMARY KEY (id),
        CONSTRAINT evidence_photos_upload_key UNIQUE (order_id, upload_key),
        CONSTRAINT evidence_photos_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
        CONSTRAINT evidence_photos_lecturer_fkey FOREIGN KEY (lecturer_id) REFERENCES lecturers (id),
        CONSTRAINT evidence_photos_location_check CHECK ((latitude IS NULL) = (longitude IS NULL))
      )`);
    await q.query(`CREATE INDEX evidence_photos_order_idx ON evidence_photos (order_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evidence_photos`);
    await q.query(`DROP TABLE attendees`);
    await q.query(`DROP TABLE sign_in_sheets`);
  }
}
