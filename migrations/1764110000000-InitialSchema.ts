import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's first schema: regions, branches, lecturers, courses, accounts, orders with their
 * history, bookings and idempotency records. Every constraint is named by hand so that errors can
 * be mapped by name.
 */
export class InitialSchema1764110000000 implements MigrationInterface {
  name = 'InitialSchema1764110000000';

  async up(q: QueryRunner): Promise<void> {
    // Extensions are database-wide; keep them in public so that dropping a test schema never drops them.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`);

    await q.query(`
      CREATE TABLE regions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        level text NOT NULL,
        parent_id uuid,
        -- ids from the root down to this node, itself included: a subtree is "WHERE $1 = ANY(path)".
        path uuid[] NOT NULL,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        border boolean NOT NULL DEFAULT false,
        remote boolean NOT NULL DEFAULT false,
        weak boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT regions_pk PRIMARY KEY (id),
        CONSTRAINT regions_parent_fk FOREIGN KEY (parent_id) REFERENCES regions (id),
        CONSTRAINT regions_level_check CHECK (level IN ('city', 'banner', 'township', 'village')),
        CONSTRAINT regions_root_is_city_check CHECK ((parent_id IS NULL) = (level = 'city')),
        CONSTRAINT regions_latitude_check CHECK (latitude BETWEEN -90 AND 90),
        CONSTRAINT regions_longitude_check CHECK (longitude BETWEEN -180 AND 180)
      )`);
    await q.query(`CREATE INDEX regions_path_idx ON regions USING gin (path)`);
    await q.query(`CREATE INDEX regions_parent_idx ON regions (parent_id)`);

    await q.query(`
      CREATE TABLE branches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        region_id uuid NOT NULL,
        kind text NOT NULL,
        member_count integer NOT NULL,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT branches_pk PRIMARY KEY (id),
        CONSTRAINT branches_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
        CONSTRAINT branches_kind_check CHECK (kind IN ('village', 'community', 'enterprise', 'institution', 'border_joint')),
        CONSTRAINT branches_member_count_check CHECK (member_count >= 0)
      )`);
    await q.query(`CREATE INDEX branches_region_idx ON branches (region_id)`);

    await q.query(`
      CREATE TABLE lecturers (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        category text NOT NULL,
        level text NOT NULL,
        region_id uuid NOT NULL,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        topics text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        formats text[] NOT NULL DEFAULT '{}',
        max_lectures_per_month integer NOT NULL,
        travel_radius_km integer NOT NULL,
        -- {weekly: [{weekday, from, to}], exceptions: [{from, to, reason?}]} in Asia/Shanghai local time
        availability jsonb NOT NULL DEFAULT '{"weekly": [], "exceptions": []}',
        rating_sum integer NOT NULL DEFAULT 0,
        rating_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lecturers_pk PRIMARY KEY (id),
        CONSTRAINT lecturers_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
        CONSTRAINT lecturers_category_check CHECK (category IN ('party_government_leader', 'branch_secretary',
          'party_affairs_worker', 'expert_scholar', 'model_figure', 'practical_technician', 'five_elders')),
        CONSTRAINT lecturers_level_check CHECK (level IN ('city', 'banner', 'township')),
        CONSTRAINT lecturers_cap_check CHECK (max_lectures_per_month BETWEEN 0 AND 100),
        CONSTRAINT lecturers_radius_check CHECK (travel_radius_km BETWEEN 0 AND 2000),
        CONSTRAINT lecturers_rating_check CHECK (rating_count >= 0 AND rating_sum BETWEEN rating_count AND 5 * rating_count)
      )`);
    await q.query(`CREATE INDEX lecturers_region_idx ON lecturers (region_id)`);

    await q.query(`
      CREATE TABLE courses (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title varchar(200) NOT NULL,
        topic text NOT NULL,
        description varchar(2000),
        duration_minutes integer NOT NULL,
        formats text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT courses_pk PRIMARY KEY (id),
        CONSTRAINT courses_duration_check CHECK (duration_minutes BETWEEN 15 AND 600)
      )`);
    await q.query(`
      CREATE TABLE course_lecturers (
        course_id uuid NOT NULL,
        lecturer_id uuid NOT NULL,
        CONSTRAINT course_lecturers_pk PRIMARY KEY (course_id, lecturer_id),
        CONSTRAINT course_lecturers_course_fk FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
        CONSTRAINT course_lecturers_lecturer_fk FOREIGN KEY (lecturer_id) REFERENCES lecturers (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX course_lecturers_lecturer_idx ON course_lecturers (lecturer_id)`);

    await q.query(`
      CREATE TABLE accounts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username varchar(100) NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        branch_id uuid,
        lecturer_id uuid,
        region_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_pk PRIMARY KEY (id),
        CONSTRAINT accounts_username_key UNIQUE (username),
        CONSTRAINT accounts_branch_fk FOREIGN KEY (branch_id) REFERENCES branches (id),
        CONSTRAINT accounts_lecturer_fk FOREIGN KEY (lecturer_id) REFERENCES lecturers (id),
        CONSTRAINT accounts_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
        CONSTRAINT accounts_role_check CHECK (
          (role = 'admin' AND branch_id IS NULL AND lecturer_id IS NULL) OR
          (role = 'branch' AND branch_id IS NOT NULL AND lecturer_id IS NULL AND region_id IS NULL) OR
          (role = 'lecturer' AND lecturer_id IS NOT NULL AND branch_id IS NULL AND region_id IS NULL))
      )`);

    await q.query(`
      CREATE TABLE orders (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        branch_id uuid NOT NULL,
        course_id uuid,
        topic text NOT NULL,
        title varchar(200) NOT NULL,
        format text NOT NULL,
        earliest_start timestamptz NOT NULL,
        latest_start timestamptz NOT NULL,
        duration_minutes integer NOT NULL,
        expected_audience integer NOT NULL,
        language text NOT NULL,
        preferred_lecturer_id uuid,
        notes varchar(2000),
        status text NOT NULL DEFAULT 'pending',
        offered_lecturer_id uuid,
        offered_starts_at timestamptz,
        offer_expires_at timestamptz,
        attendance integer,
        started_at timestamptz,
        summary varchar(2000),
        completed_at timestamptz,
        rating_score smallint,
        rating_comment varchar(2000),
        rated_at timestamptz,
        placed_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_pk PRIMARY KEY (id),
        CONSTRAINT orders_branch_fk FOREIGN KEY (branch_id) REFERENCES branches (id),
        CONSTRAINT orders_course_fk FOREIGN KEY (course_id) REFERENCES courses (id),
        CONSTRAINT orders_preferred_lecturer_fk FOREIGN KEY (preferred_lecturer_id) REFERENCES lecturers (id),
        CONSTRAINT orders_offered_lecturer_fk FOREIGN KEY (offered_lecturer_id) REFERENCES lecturers (id),
        CONSTRAINT orders_placed_by_fk FOREIGN KEY (placed_by) REFERENCES accounts (id),
        CONSTRAINT orders_status_check CHECK (status IN ('pending', 'offered', 'accepted', 'completed', 'cancelled', 'rejected')),
        CONSTRAINT orders_format_check CHECK (format IN ('on_site', 'online', 'field', 'mobile')),
        CONSTRAINT orders_window_check CHECK (latest_start >= earliest_start),
        CONSTRAINT orders_duration_check CHECK (duration_minutes BETWEEN 15 AND 600),
        CONSTRAINT orders_audience_check CHECK (expected_audience BETWEEN 1 AND 100000),
        CONSTRAINT orders_offer_check CHECK ((status = 'offered') = (offered_lecturer_id IS NOT NULL AND offered_starts_at IS NOT NULL AND offer_expires_at IS NOT NULL)),
        -- A completed order has its report; a corrected one (completed → cancelled) keeps it as evidence.
        CONSTRAINT orders_completion_check CHECK (status <> 'completed' OR completed_at IS NOT NULL),
        CONSTRAINT orders_rating_check CHECK (rating_score IS NULL OR (rating_score BETWEEN 1 AND 5 AND completed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX orders_branch_created_idx ON orders (branch_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX orders_status_idx ON orders (status, latest_start)`);
    await q.query(`CREATE INDEX orders_offered_lecturer_idx ON orders (offered_lecturer_id) WHERE status = 'offered'`);
    await q.query(`CREATE INDEX orders_offer_expiry_idx ON orders (offer_expires_at) WHERE status = 'offered'`);

    await q.query(`
      CREATE TABLE order_history (
        id bigint GENERATED ALWAYS AS IDENTITY,
        order_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        from_status text,
        to_status text NOT NULL,
        lecturer_id uuid,
        reason varchar(2000),
        CONSTRAINT order_history_pk PRIMARY KEY (id),
        CONSTRAINT order_history_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
        CONSTRAINT order_history_actor_fk FOREIGN KEY (actor_id) REFERENCES accounts (id),
        CONSTRAINT order_history_lecturer_fk FOREIGN KEY (lecturer_id) REFERENCES lecturers (id)
      )`);
    await q.query(`CREATE INDEX order_history_order_idx ON order_history (order_id, id)`);
    // The history is evidence: the database itself refuses to change or delete it.
    await q.query(`
      CREATE FUNCTION order_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'order history is append-only' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER order_history_append_only_trg BEFORE UPDATE OR DELETE ON order_history
      FOR EACH ROW EXECUTE FUNCTION order_history_append_only()`);

    // A lecturer who declined an order is not offered it again.
    await q.query(`
      CREATE TABLE order_declines (
        order_id uuid NOT NULL,
        lecturer_id uuid NOT NULL,
        declined_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT order_declines_pk PRIMARY KEY (order_id, lecturer_id),
        CONSTRAINT order_declines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
        CONSTRAINT order_declines_lecturer_fk FOREIGN KEY (lecturer_id) REFERENCES lecturers (id)
      )`);

    await q.query(`
      CREATE TABLE bookings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL,
        lecturer_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        -- the lecture plus the travel before and after it: the time the lecturer is taken
        blocked tstzrange NOT NULL,
        released_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bookings_pk PRIMARY KEY (id),
        CONSTRAINT bookings_order_key UNIQUE (order_id),
        CONSTRAINT bookings_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
        CONSTRAINT bookings_lecturer_fk FOREIGN KEY (lecturer_id) REFERENCES lecturers (id),
        CONSTRAINT bookings_time_check CHECK (ends_at > starts_at AND blocked @> tstzrange(starts_at, ends_at)),
        CONSTRAINT bookings_no_overlap EXCLUDE USING gist (lecturer_id WITH =, blocked WITH &&) WHERE (released_at IS NULL)
      )`);
    await q.query(`CREATE INDEX bookings_lecturer_starts_idx ON bookings (lecturer_id, starts_at) WHERE released_at IS NULL`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        account_id uuid NOT NULL,
        key varchar(255) NOT NULL,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_pk PRIMARY KEY (account_id, key),
        CONSTRAINT idempotency_keys_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'bookings',
      'order_declines',
      'order_history',
      'orders',
      'accounts',
      'course_lecturers',
      'courses',
      'lecturers',
      'branches',
      'regions',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION order_history_append_only()`);
  }
}
