import type { MigrationInterface, QueryRunner } from 'typeorm';

// The values that get a column of their own in `coverage_months`, as of this migration (the coverage
// repository's SUMMARY_COLUMNS mirror them; a unit test checks that they still cover the app's lists).
const CATEGORIES = [
  'party_government_leader',
  'branch_secretary',
  'party_affairs_worker',
  'expert_scholar',
  'model_figure',
  'practical_technician',
  'five_elders',
];
const LEVELS = ['city', 'banner', 'township'];
const FORMATS = ['on_site', 'online', 'field', 'mobile'];
const MENU_TOPICS = ['theory', 'party_history', 'policy', 'rural_revitalization', 'practical_skills', 'ethnic_unity', 'border_security'];

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/** `coverage_months` column → the condition on a fact row that counts in it. */
const DIMENSION_COLUMNS: Array<[string, string]> = [
  ...CATEGORIES.map((v): [string, string] => [`category_${v}`, `category = '${v}'`]),
  ['category_unknown', `category NOT IN (${list(CATEGORIES)})`],
  ...LEVELS.map((v): [string, string] => [`level_${v}`, `level = '${v}'`]),
  ['level_unknown', `level NOT IN (${list(LEVELS)})`],
  ...FORMATS.map((v): [string, string] => [`format_${v}`, `format = '${v}'`]),
  ...MENU_TOPICS.map((v): [string, string] => [`topic_${v}`, `topic = '${v}'`]),
  ['topic_custom', `topic NOT IN (${list(MENU_TOPICS)})`],
];

/**
 * Coverage summaries, campaigns and lecturers' calendar tokens.
 *
 * Three tables, each derived from the one before by triggers, so that the orders code needs no change,
 * nothing can bypass them, and every completion, cancellation and correction (completed → cancelled)
 * is reflected in the same transaction:
 * - `lecture_facts`: one narrow row per lecture that counts (an order in status `completed`): its
 *   Asia/Shanghai day, the ordering branch with its region and banner, the lecturer's category and level
 *   as they were when it was given, format, topic and attendance. Kept by triggers on `orders`.
 * - `coverage_months`: per region and month, the lectures, attendance and counts by category, level,
 *   format and topic of the branches of that region (not rolled up): a year of a whole city is a few
 *   ten thousand rows instead of hundreds of thousands of lectures.
 * - `branch_reach`: per branch and year, a bit per day with a lecture, so "reached in the period"
 *   (a distinct count) is a mask test on one row per branch.
 * Both summaries are kept by statement triggers on `lecture_facts`, set-based: one completion over the
 * API and a million loaded at once each cost one pass.
 */
export class CoverageAndCalendars1764130000000 implements MigrationInterface {
  name = 'CoverageAndCalendars1764130000000';

  async up(q: QueryRunner): Promise<void> {
    // ---- lecture_facts, from orders ------------------------------------------------------------------
    await q.query(`
      CREATE TABLE lecture_facts (
        order_id uuid NOT NULL,
        branch_id uuid NOT NULL,
        region_id uuid NOT NULL,
        -- the banner above the branch (path[2]); null for a branch directly under the city
        banner_id uuid,
        -- the Asia/Shanghai date the lecture was given (started_at): the counting rule's date
        day date NOT NULL,
        lecturer_id uuid,
        -- the lecturer's category and level when the lecture was given ('unknown' without a booking)
        category text NOT NULL,
        level text NOT NULL,
        format text NOT NULL,
        topic text NOT NULL,
        attendance integer NOT NULL,
        -- No foreign key to orders: the rows are derived and kept by the triggers below (a deleted order
        -- takes its fact along), and a per-row key check would double the cost of a bulk completion.
        CONSTRAINT lecture_facts_pk PRIMARY KEY (order_id),
        CONSTRAINT lecture_facts_attendance_check CHECK (attendance >= 0)
      )`);
    // Partial months and lecturers' load read a day range: the whole city's, or one banner's.
    await q.query(`CREATE INDEX lecture_facts_day_idx ON lecture_facts (day)`);
    await q.query(`CREATE INDEX lecture_facts_banner_day_idx ON lecture_facts (banner_id, day)`);
    // Whether a branch still has a lecture on a day, when one is taken back.
    await q.query(`CREATE INDEX lecture_facts_branch_day_idx ON lecture_facts (branch_id, day)`);
    // Custom topics (not on the menu) are few: counted from the facts, found through this index.
    await q.query(
      `CREATE INDEX lecture_facts_custom_topic_idx ON lecture_facts (day) INCLUDE (topic, region_id, banner_id) WHERE topic NOT IN (${list(MENU_TOPICS)})`,
    );

    // The facts of the completed orders among `source` (orders, or a trigger's transition table of them).
    // Run through EXECUTE from the triggers, so each statement is planned for the rows it really has.
    await q.query(`
      CREATE FUNCTION lecture_facts_upsert_sql(source text, only_changed boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT format($f$
          INSERT INTO lecture_facts (order_id, branch_id, region_id, banner_id, day, lecturer_id, category, level, format, topic, attendance)
          SELECT n.id, n.branch_id, b.region_id, r.path[2],
                 (coalesce(n.started_at, n.completed_at) AT TIME ZONE 'Asia/Shanghai')::date,
                 bk.lecturer_id, coalesce(l.category, 'unknown'), coalesce(l.level, 'unknown'), n.format, n.topic, coalesce(n.attendance, 0)
          FROM %s n
          JOIN branches b ON b.id = n.branch_id
          JOIN regions r ON r.id = b.region_id
          LEFT JOIN bookings bk ON bk.order_id = n.id
          LEFT JOIN lecturers l ON l.id = bk.lecturer_id
          WHERE n.status = 'completed' %s
          -- a counted lecture whose date or attendance is corrected keeps its lecturer as recorded
          ON CONFLICT (order_id) DO UPDATE SET branch_id = EXCLUDED.branch_id, region_id = EXCLUDED.region_id, banner_id = EXCLUDED.banner_id,
            day = EXCLUDED.day, format = EXCLUDED.format, topic = EXCLUDED.topic, attendance = EXCLUDED.attendance
        $f$, source, CASE WHEN only_changed THEN $c$
            AND NOT EXISTS (SELECT 1 FROM old_orders o WHERE o.id = n.id AND o.status = 'completed'
              AND (o.started_at, o.completed_at, o.attendance, o.branch_id, o.format, o.topic)
                  IS NOT DISTINCT FROM (n.started_at, n.completed_at, n.attendance, n.branch_id, n.format, n.topic))$c$ ELSE '' END)
      $$`);
    await q.query(`
      CREATE FUNCTION lecture_facts_on_orders_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_orders WHERE status = 'completed') THEN
          EXECUTE lecture_facts_upsert_sql('new_orders', false);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION lecture_facts_on_orders_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Most order updates (offers, accepts, their expiry) touch no completed order: nothing to do.
        IF EXISTS (SELECT 1 FROM old_orders WHERE status = 'completed') THEN
          -- left 'completed' (a correction): it no longer counts
          EXECUTE $d$DELETE FROM lecture_facts f USING old_orders o JOIN new_orders n ON n.id = o.id
                     WHERE f.order_id = o.id AND o.status = 'completed' AND n.status <> 'completed'$d$;
        END IF;
        IF EXISTS (SELECT 1 FROM new_orders WHERE status = 'completed') THEN
          EXECUTE lecture_facts_upsert_sql('new_orders', true);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION lecture_facts_on_orders_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM old_orders WHERE status = 'completed') THEN
          EXECUTE $d$DELETE FROM lecture_facts f USING old_orders o WHERE f.order_id = o.id$d$;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER lecture_facts_orders_delete_trg AFTER DELETE ON orders
      REFERENCING OLD TABLE AS old_orders FOR EACH STATEMENT EXECUTE FUNCTION lecture_facts_on_orders_delete()`);
    await q.query(`
      CREATE TRIGGER lecture_facts_orders_insert_trg AFTER INSERT ON orders
      REFERENCING NEW TABLE AS new_orders FOR EACH STATEMENT EXECUTE FUNCTION lecture_facts_on_orders_insert()`);
    await q.query(`
      CREATE TRIGGER lecture_facts_orders_update_trg AFTER UPDATE ON orders
      REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders FOR EACH STATEMENT EXECUTE FUNCTION lecture_facts_on_orders_update()`);
    // An order written as completed before its booking (a data import, the demo seed) gets its lecturer
    // when the booking arrives; a lecturer once recorded is never replaced.
    await q.query(`
      CREATE FUNCTION lecture_facts_on_bookings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE $u$UPDATE lecture_facts f SET lecturer_id = n.lecturer_id, category = l.category, level = l.level
                   FROM new_bookings n JOIN lecturers l ON l.id = n.lecturer_id
                   WHERE f.order_id = n.order_id AND f.lecturer_id IS NULL$u$;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER lecture_facts_bookings_insert_trg AFTER INSERT ON bookings
      REFERENCING NEW TABLE AS new_bookings FOR EACH STATEMENT EXECUTE FUNCTION lecture_facts_on_bookings_insert()`);
    // A branch moved to another region takes its lectures along.
    await q.query(`
      CREATE FUNCTION lecture_facts_on_branch_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE lecture_facts f SET region_id = NEW.region_id, banner_id = r.path[2]
        FROM regions r WHERE r.id = NEW.region_id AND f.branch_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER lecture_facts_branch_move_trg AFTER UPDATE OF region_id ON branches
      FOR EACH ROW WHEN (OLD.region_id IS DISTINCT FROM NEW.region_id) EXECUTE FUNCTION lecture_facts_on_branch_move()`);

    // ---- coverage_months and branch_reach, from lecture_facts -----------------------------------------
    await q.query(`
      CREATE TABLE coverage_months (
        region_id uuid NOT NULL,
        banner_id uuid,
        -- the first day of the month
        month date NOT NULL,
        lectures integer NOT NULL,
        attendance bigint NOT NULL,
        ${DIMENSION_COLUMNS.map(([column]) => `${column} integer NOT NULL`).join(',\n        ')},
        CONSTRAINT coverage_months_pk PRIMARY KEY (region_id, month),
        -- No CHECK on the counts: a correction arrives as an upsert of a negative delta, and PostgreSQL
        -- checks the proposed row before it finds the conflict that turns it into an update.
        CONSTRAINT coverage_months_month_check CHECK (extract(day FROM month) = 1)
      )`);
    await q.query(`CREATE INDEX coverage_months_month_idx ON coverage_months (month)`);
    await q.query(`CREATE INDEX coverage_months_banner_month_idx ON coverage_months (banner_id, month)`);
    await q.query(`
      CREATE TABLE branch_reach (
        branch_id uuid NOT NULL,
        year smallint NOT NULL,
        banner_id uuid,
        -- bit d (from 0) is set when the branch had a lecture on day d of the year (January 1 is 0)
        days bit(366) NOT NULL,
        CONSTRAINT branch_reach_pk PRIMARY KEY (branch_id, year)
      )`);
    await q.query(`CREATE INDEX branch_reach_year_idx ON branch_reach (year)`);
    await q.query(`CREATE INDEX branch_reach_banner_year_idx ON branch_reach (banner_id, year)`);

    // The statements that carry rows added to and removed from lecture_facts into the summaries.
    const delta = (added: string, removed: string) => `
      SELECT region_id, banner_id, day, attendance, category, level, format, topic, 1 AS s FROM ${added}
      UNION ALL SELECT region_id, banner_id, day, attendance, category, level, format, topic, -1 FROM ${removed}`;
    const dayBit = `set_bit(B'0'::bit(366), day - make_date(extract(year FROM day)::int, 1, 1), 1)`;
    await q.query(`
      CREATE FUNCTION coverage_summaries_sql(added text, removed text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
        SELECT ARRAY[
          format($m$
            INSERT INTO coverage_months AS m (region_id, banner_id, month, lectures, attendance, ${DIMENSION_COLUMNS.map(([c]) => c).join(', ')})
            SELECT region_id, banner_id, date_trunc('month', day)::date, sum(s), sum(s * attendance),
                   ${DIMENSION_COLUMNS.map(([, cond]) => `coalesce(sum(s) FILTER (WHERE ${cond}), 0)`).join(',\n                   ')}
            FROM (${delta('%1$s', '%2$s')}) d
            GROUP BY region_id, banner_id, date_trunc('month', day)
            ON CONFLICT (region_id, month) DO UPDATE SET banner_id = EXCLUDED.banner_id,
              lectures = m.lectures + EXCLUDED.lectures, attendance = m.attendance + EXCLUDED.attendance,
              ${DIMENSION_COLUMNS.map(([c]) => `${c} = m.${c} + EXCLUDED.${c}`).join(',\n              ')}
          $m$, coalesce(added, '(SELECT * FROM lecture_facts WHERE false) AS none'), coalesce(removed, '(SELECT * FROM lecture_facts WHERE false) AS none')),
          -- a day stays marked while the branch has any lecture left on it
          CASE WHEN removed IS NOT NULL THEN format($c$
            UPDATE branch_reach r SET days = r.days & ~x.gone
            FROM (
              SELECT branch_id, extract(year FROM day)::smallint AS year, bit_or(${dayBit}) AS gone
              FROM (SELECT DISTINCT branch_id, day FROM %s) o
              WHERE NOT EXISTS (SELECT 1 FROM lecture_facts f WHERE f.branch_id = o.branch_id AND f.day = o.day)
              GROUP BY 1, 2
            ) x
            WHERE r.branch_id = x.branch_id AND r.year = x.year
          $c$, removed) END,
          CASE WHEN added IS NOT NULL THEN format($a$
            INSERT INTO branch_reach AS r (branch_id, year, banner_id, days)
            SELECT branch_id, extract(year FROM day)::smallint, (array_agg(banner_id))[1], bit_or(${dayBit})
            FROM %s GROUP BY 1, 2
            ON CONFLICT (branch_id, year) DO UPDATE SET days = r.days | EXCLUDED.days, banner_id = EXCLUDED.banner_id
          $a$, added) END]
      $$`);
    for (const [op, refs, added, removed] of [
      ['insert', 'NEW TABLE AS new_facts', `'new_facts'`, 'NULL'],
      ['update', 'OLD TABLE AS old_facts NEW TABLE AS new_facts', `'new_facts'`, `'old_facts'`],
      ['delete', 'OLD TABLE AS old_facts', 'NULL', `'old_facts'`],
    ]) {
      await q.query(`
        CREATE FUNCTION coverage_on_facts_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE statement text;
        BEGIN
          IF EXISTS (SELECT 1 FROM ${op === 'delete' ? 'old_facts' : 'new_facts'}) THEN
            FOREACH statement IN ARRAY array_remove(coverage_summaries_sql(${added}, ${removed}), NULL) LOOP
              EXECUTE statement;
            END LOOP;
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER coverage_facts_${op}_trg AFTER ${op.toUpperCase()} ON lecture_facts
        REFERENCING ${refs} FOR EACH STATEMENT EXECUTE FUNCTION coverage_on_facts_${op}()`);
    }

    // Lectures completed before this migration count too (and flow into the summaries by the triggers).
    await q.query(`DO $$ BEGIN EXECUTE lecture_facts_upsert_sql('orders', false); END $$`);

    // ---- campaigns ---------------------------------------------------------------------------------
    await q.query(`
      CREATE TABLE campaigns (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        region_id uuid NOT NULL,
        -- Asia/Shanghai calendar dates, both inclusive
        period_from date NOT NULL,
        period_to date NOT NULL,
        target_lectures integer NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaigns_pk PRIMARY KEY (id),
        CONSTRAINT campaigns_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
        CONSTRAINT campaigns_created_by_fk FOREIGN KEY (created_by) REFERENCES accounts (id),
        CONSTRAINT campaigns_period_check CHECK (period_to >= period_from),
        CONSTRAINT campaigns_target_check CHECK (target_lectures BETWEEN 1 AND 1000000)
      )`);
    await q.query(`CREATE INDEX campaigns_region_idx ON campaigns (region_id)`);
    await q.query(`CREATE INDEX campaigns_created_idx ON campaigns (created_at DESC, id)`);

    // ---- lecturers' calendar feeds -------------------------------------------------------------------
    // The feed URL must be shown to its owner again, so the secret itself is kept (256 random bits);
    // rotating replaces it, and the old URL then matches nothing.
    await q.query(`
      CREATE TABLE lecturer_calendar_tokens (
        lecturer_id uuid NOT NULL,
        token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lecturer_calendar_tokens_pk PRIMARY KEY (lecturer_id),
        CONSTRAINT lecturer_calendar_tokens_token_key UNIQUE (token),
        CONSTRAINT lecturer_calendar_tokens_lecturer_fk FOREIGN KEY (lecturer_id) REFERENCES lecturers (id) ON DELETE CASCADE,
        CONSTRAINT lecturer_calendar_tokens_token_check CHECK (token ~ '^[A-Za-z0-9_-]{43}$')
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lecturer_calendar_tokens`);
    await q.query(`DROP TABLE campaigns`);
    await q.query(`DROP TRIGGER lecture_facts_branch_move_trg ON branches`);
    await q.query(`DROP TRIGGER lecture_facts_bookings_insert_trg ON bookings`);
    await q.query(`DROP TRIGGER lecture_facts_orders_update_trg ON orders`);
    await q.query(`DROP TRIGGER lecture_facts_orders_insert_trg ON orders`);
    await q.query(`DROP TRIGGER lecture_facts_orders_delete_trg ON orders`);
    // Dropping lecture_facts drops its own triggers.
    await q.query(`DROP TABLE lecture_facts`);
    await q.query(`DROP TABLE branch_reach`);
    await q.query(`DROP TABLE coverage_months`);
    for (const fn of [
      'coverage_on_facts_insert()',
      'coverage_on_facts_update()',
      'coverage_on_facts_delete()',
      'coverage_summaries_sql(text, text)',
      'lecture_facts_on_branch_move()',
      'lecture_facts_on_bookings_insert()',
      'lecture_facts_on_orders_update()',
      'lecture_facts_on_orders_insert()',
      'lecture_facts_on_orders_delete()',
      'lecture_facts_upsert_sql(text, boolean)',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
  }
}
