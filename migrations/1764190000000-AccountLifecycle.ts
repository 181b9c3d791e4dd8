import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account lifecycle: an account can be disabled, must change a temporary password, and its tokens can
 * be ended. A token carries its session id and the account's token version when issued: bumping the
 * version ends every token of the account (but the one kept by a password change), and an ended session
 * ends one token (logout). Every change of an account or of its ended sessions is announced on the
 * `gpl_account_changed` channel by a trigger, whoever writes it, so that every instance drops what it
 * remembered of the account before the next request.
 */
export class AccountLifecycle1764190000000 implements MigrationInterface {
  name = 'AccountLifecycle1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts
      ADD COLUMN disabled_at timestamptz,
      ADD COLUMN token_version integer NOT NULL DEFAULT 0,
      ADD COLUMN kept_session_id uuid,
      ADD COLUMN password_change_required boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE ended_sessions (
        session_id uuid NOT NULL,
        account_id uuid NOT NULL,
        -- the token's own expiry: past it, the row is no longer needed
        expires_at timestamptz NOT NULL,
        CONSTRAINT ended_sessions_pk PRIMARY KEY (session_id),
        CONSTRAINT ended_sessions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ended_sessions_account_idx ON ended_sessions (account_id, expires_at)`);
    // Two functions: a row of each table names its account through a column of its own.
    await q.query(`
      CREATE FUNCTION announce_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gpl_account_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION announce_ended_session() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gpl_account_changed', NEW.account_id::text);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER accounts_announce_change AFTER UPDATE OR DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION announce_account_change()`,
    );
    await q.query(
      `CREATE TRIGGER ended_sessions_announce AFTER INSERT ON ended_sessions FOR EACH ROW EXECUTE FUNCTION announce_ended_session()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER ended_sessions_announce ON ended_sessions`);
    await q.query(`DROP TRIGGER accounts_announce_change ON accounts`);
    await q.query(`DROP FUNCTION announce_ended_session()`);
    await q.query(`DROP FUNCTION announce_account_change()`);
    await q.query(`DROP TABLE ended_sessions`);
    await q.query(
      `ALTER TABLE accounts DROP COLUMN password_change_required, DROP COLUMN kept_session_id, DROP COLUMN token_version, DROP COLUMN disabled_at`,
    );
  }
}
