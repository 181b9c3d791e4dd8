import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A banner admin's inbox holds only its banner's orders, as the orders themselves are seen: moved to another banner,
 * the admin's notifications of orders outside it go (their links led to "not found"), and so do every banner admin's
 * of a branch moved out of their banner. Kept by triggers, so that no way of changing a scope or a branch leaves
 * them behind; those left behind before are cleared once here. Only the inbox: an SMS or e-mail already waiting
 * about such an order still goes out.
 */
export class InboxFollowsScope1766100000000 implements MigrationInterface {
  name = 'InboxFollowsScope1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notifications_follow_admin_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- By the account's inbox index, each event and its branch's region by key.
        DELETE FROM notifications n
        USING notification_events e, branches b, regions r
        WHERE n.account_id = NEW.id AND e.id = n.event_id AND b.id = e.branch_id AND r.id = b.region_id
          AND NOT (NEW.region_id = ANY(r.path));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER accounts_scope_inbox_trg AFTER UPDATE OF region_id ON accounts
      FOR EACH ROW WHEN (NEW.role = 'admin' AND NEW.region_id IS NOT NULL AND NEW.region_id IS DISTINCT FROM OLD.region_id)
      EXECUTE FUNCTION notifications_follow_admin_scope()`);
    await q.query(`
      CREATE FUNCTION notifications_follow_branch_region() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_path uuid[] := (SELECT r.path FROM regions r WHERE r.id = OLD.region_id);
        new_path uuid[] := (SELECT r.path FROM regions r WHERE r.id = NEW.region_id);
      BEGIN
        -- The admins over where the branch was and not over where it is (one or two), through their inboxes' index.
        DELETE FROM notifications n
        USING accounts a, notification_events e
        WHERE a.role = 'admin' AND a.region_id = ANY(old_path) AND NOT (a.region_id = ANY(new_path))
          AND n.account_id = a.id AND e.id = n.event_id AND e.branch_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER branches_region_inbox_trg AFTER UPDATE OF region_id ON branches
      FOR EACH ROW WHEN (NEW.region_id IS DISTINCT FROM OLD.region_id)
      EXECUTE FUNCTION notifications_follow_branch_region()`);
    // What earlier moves left behind.
    await q.query(`
      DELETE FROM notifications n
      USING accounts a, notification_events e, branches b, regions r
      WHERE a.role = 'admin' AND a.region_id IS NOT NULL AND n.account_id = a.id
        AND e.id = n.event_id AND b.id = e.branch_id AND r.id = b.region_id AND NOT (a.region_id = ANY(r.path))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER branches_region_inbox_trg ON branches`);
    await q.query(`DROP FUNCTION notifications_follow_branch_region()`);
    await q.query(`DROP TRIGGER accounts_scope_inbox_trg ON accounts`);
    await q.query(`DROP FUNCTION notifications_follow_admin_scope()`);
  }
}
