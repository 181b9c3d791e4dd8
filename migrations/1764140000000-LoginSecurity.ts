import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames unique by what a person reads, not by code points: `admin`, `ADMIN` and `ａｄｍｉｎ` are one
 * name (NFKC, then lower case), kept in a generated column so that every insert (the API, the demo data,
 * the tests' fixtures) is covered. And the table rate-limiter-flexible keeps shared rate limits in, so
 * that every instance counts against the same limits.
 */
export class LoginSecurity1764140000000 implements MigrationInterface {
  name = 'LoginSecurity1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts ADD COLUMN username_key text GENERATED ALWAYS AS (lower(normalize(username, NFKC))) STORED`);
    // The same name as before: error mapping and ON CONFLICT keep working, now on the normalised form.
    await q.query(`ALTER TABLE accounts DROP CONSTRAINT accounts_username_key`);
    await q.query(`ALTER TABLE accounts ADD CONSTRAINT accounts_username_key UNIQUE (username_key)`);
    // The columns rate-limiter-flexible's RateLimiterPostgres reads and writes (key, points, expire in ms).
    await q.query(`
      CREATE TABLE rate_limits (
        key varchar(255) NOT NULL,
        points integer NOT NULL DEFAULT 0,
        expire bigint,
        CONSTRAINT rate_limits_pk PRIMARY KEY (key)
      )`);
    await q.query(`CREATE INDEX rate_limits_expire_idx ON rate_limits (expire)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
    await q.query(`ALTER TABLE accounts DROP CONSTRAINT accounts_username_key`);
    await q.query(`ALTER TABLE accounts DROP COLUMN username_key`);
    await q.query(`ALTER TABLE accounts ADD CONSTRAINT accounts_username_key UNIQUE (username)`);
  }
}
