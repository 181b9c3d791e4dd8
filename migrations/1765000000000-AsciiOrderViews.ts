import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stored views that hold a character beyond ASCII (in UTF-8 such text has more bytes than characters). */
const NON_ASCII_VIEWS = 'octet_length(body::text) <> length(body::text)';

/**
 * Order views stored in ASCII: every character beyond it as a `\uXXXX` escape (`src/common/ascii-json.ts`
 * writes the same text in the app, a medium test compares the two). A list page writes 50 views out as they
 * stand; in ASCII the app copies them from PostgreSQL to the socket instead of decoding UTF-8 into a two-byte
 * string and encoding it back, ~0.1 ms of its single thread per page (the bench's first page 0.96–1.00 →
 * 0.84–0.89 ms of app CPU). `order_view_json` keeps its body under a new name and escapes what it returns, so
 * every trigger that refreshes a view writes the ASCII text.
 */
export class AsciiOrderViews1765000000000 implements MigrationInterface {
  name = 'AsciiOrderViews1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // No view may be refreshed with the old text while the stored ones are rewritten (another instance may be running).
    await q.query(`LOCK TABLE orders, order_history, bookings IN SHARE ROW EXCLUSIVE MODE`);
    // Each distinct character beyond ASCII replaced once: ~9 µs for a view with a Chinese title and history.
    await q.query(`
      CREATE FUNCTION json_ascii(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        ch text;
        cp int;
      BEGIN
        IF octet_length(t) = length(t) THEN RETURN t; END IF;
        FOR ch IN SELECT DISTINCT m[1] FROM regexp_matches(t, '([^\\x01-\\x7f])', 'g') m LOOP
          cp := ascii(ch);
          t := replace(t, ch, CASE WHEN cp < 65536 THEN '\\u' || lpad(to_hex(cp), 4, '0')
            ELSE '\\u' || to_hex(55296 + ((cp - 65536) >> 10)) || '\\u' || to_hex(56320 + ((cp - 65536) & 1023)) END);
        END LOOP;
        RETURN t;
      END $$`);
    await q.query(`ALTER FUNCTION order_view_json(uuid) RENAME TO order_view_json_utf8`);
    // VOLATILE like the function it wraps (see OrderViews): each call reads what is committed by then.
    await q.query(`
      CREATE FUNCTION order_view_json(p_order uuid) RETURNS json LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RETURN json_ascii(order_view_json_utf8(p_order)::text)::json;
      END $$`);
    await q.query(`UPDATE order_views SET body = json_ascii(body::text)::json WHERE ${NON_ASCII_VIEWS}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE orders, order_history, bookings IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`DROP FUNCTION order_view_json(uuid)`);
    await q.query(`ALTER FUNCTION order_view_json_utf8(uuid) RENAME TO order_view_json`);
    await q.query(`UPDATE order_views SET body = order_view_json(order_id) WHERE position('\\u' IN body::text) > 0`);
    await q.query(`DROP FUNCTION json_ascii(text)`);
  }
}
