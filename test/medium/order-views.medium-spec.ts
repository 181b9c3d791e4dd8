import { AccountsModule } from '../../src/accounts/accounts.module.js';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import { BranchesModule } from '../../src/branches/branches.module.js';
import { BranchesService } from '../../src/branches/branches.service.js';
import { asciiJson, escapeNonAscii } from '../../src/common/ascii-json.js';
import { LecturersModule } from '../../src/lecturers/lecturers.module.js';
import { LecturersService } from '../../src/lecturers/lecturers.service.js';
import { BranchOrder } from '../../src/orders/branch-order.entity.js';
import { OrderHistoryEntry } from '../../src/orders/order-history.entity.js';
import { toOrderView } from '../../src/orders/order-view.js';
import type { OrderView } from '../../src/orders/orders.dto.js';
import { OrdersModule } from '../../src/orders/orders.module.js';
import { OrdersService } from '../../src/orders/orders.service.js';
import { QueueModule } from '../../src/queue/queue.module.js';
import { RegionsModule } from '../../src/regions/regions.module.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { branchBody, buildSmallCity, lecturerBody } from '../support/generators.js';
import { actors, type MediumTest, startMedium } from '../support/medium.js';

/**
 * The views lists write out as stored (`order_views`, kept by triggers) against toOrderView, the reference, after
 * every kind of change: each column of the view, the active booking coming and going, history entries with and
 * without lecturer and reason, and times with microseconds.
 */
describe('stored order views', () => {
  let medium: MediumTest;
  let orderId: string;
  let lecturerId: string;
  const sql = (text: string, values: unknown[] = []) => medium.db.query(text, values);

  beforeAll(async () => {
    medium = await startMedium([QueueModule, RegionsModule, BranchesModule, LecturersModule, AccountsModule, OrdersModule]);
    const admin = actors.cityAdmin();
    const city = await buildSmallCity((body) => medium.get(RegionsService).create(admin, body));
    const branch = await medium.get(BranchesService).create(admin, branchBody(city.banners.A.villageId));
    lecturerId = (await medium.get(LecturersService).create(admin, lecturerBody(city.banners.A.townshipId))).id;
    const account = await medium
      .get(AccountsService)
      .create(admin, { username: 'views-branch', password: 'grassland-pw-2024', role: 'branch', branchId: branch.id });
    const placed = await medium.get(OrdersService).place(
      { ...actors.branch(branch.id), accountId: account.id },
      {
        topic: 'policy',
        title: '草原生态补奖政策解读',
        format: 'on_site',
        earliestStart: '2027-03-01T01:00:00.000Z',
        latestStart: '2027-03-10T01:00:00.000Z',
        durationMinutes: 90,
        expectedAudience: 30,
        language: 'mn',
      },
    );
    orderId = placed.body.id;
  });

  afterAll(() => medium.close());

  /** The view as toOrderView makes it from the order's rows, and as stored. */
  async function bothViews(): Promise<{ reference: OrderView; stored: unknown; storedText: string }> {
    const order = await medium.db.getRepository(BranchOrder).findOneByOrFail({ id: orderId });
    const history = await medium.db.getRepository(OrderHistoryEntry).find({ where: { orderId }, order: { id: 'ASC' } });
    const [booking] = (await sql(
      `SELECT lecturer_id AS "lecturerId", starts_at AS "startsAt", ends_at AS "endsAt" FROM bookings WHERE order_id = $1 AND released_at IS NULL`,
      [orderId],
    )) as Array<{ lecturerId: string; startsAt: Date; endsAt: Date }>;
    const [{ body }] = (await sql(`SELECT body::text AS body FROM order_views WHERE order_id = $1`, [orderId])) as Array<{ body: string }>;
    return { reference: toOrderView(order, booking ?? null, history), stored: JSON.parse(body), storedText: body };
  }

  const history = (to: string, lecturer: string | null, reason: string | null, actor: string | null = null) =>
    sql(
      `INSERT INTO order_history (order_id, at, actor_id, from_status, to_status, lecturer_id, reason)
       SELECT id, '2027-02-01 08:00:00.123999+00', $2, status, $3, $4, $5 FROM orders WHERE id = $1`,
      [orderId, actor, to, lecturer, reason],
    );

  it('is stored as placed, in the very text asciiJson makes of the reference', async () => {
    const { reference, storedText } = await bothViews();
    expect(reference.status).toBe('pending');
    expect(storedText).toBe(asciiJson(reference));
  });

  it('is, worked out again, the very text asciiJson makes of the reference (compact, keys in order, ASCII only)', async () => {
    await history('pending', lecturerId, 'a "quoted"\n reason \\ 草原 ᠮᠣᠩᠭᠣᠯ 😀');
    const { reference, storedText } = await bothViews();
    expect(storedText).toBe(asciiJson(reference));
    expect(storedText).toMatch(/^[\x20-\x7e]*$/);
  });

  it('escapes in the database exactly as the app does', async () => {
    const texts = ['草原生态', 'é ü ÿ Ā 龥', 'ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ', '😀𝄞 and 草', 'plain \\u0041 ascii', '\u007f', '草a原b', 'a草原', ''];
    const [row] = (await sql(`SELECT array_agg(json_ascii(t) ORDER BY n) AS escaped FROM unnest($1::text[]) WITH ORDINALITY u(t, n)`, [
      texts,
    ])) as Array<{ escaped: string[] }>;
    expect(row.escaped).toEqual(texts.map(escapeNonAscii));
  });

  it('shows an offer with its expiry, and the history entry naming the lecturer with an empty reason left out', async () => {
    await sql(
      `UPDATE orders SET status = 'offered', offered_lecturer_id = $2, offered_starts_at = '2027-03-02 01:00+00',
         offer_expires_at = '2027-02-02 01:00:00.5+00', updated_at = '2027-02-01 08:00:00.123456+00' WHERE id = $1`,
      [orderId, lecturerId],
    );
    await history('offered', lecturerId, '');
    const { reference, stored } = await bothViews();
    expect(reference.offer).toMatchObject({ lecturerId, expiresAt: '2027-02-02T01:00:00.500Z' });
    expect(stored).toEqual(reference);
  });

  it('shows the booking once accepted, the order and its booking written by one statement', async () => {
    await sql(
      `WITH accepted AS (
         UPDATE orders SET status = 'accepted', offered_lecturer_id = NULL, offered_starts_at = NULL, offer_expires_at = NULL, updated_at = now()
         WHERE id = $1 RETURNING id
       )
       INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked)
       SELECT id, $2, '2027-03-02 01:00+00', '2027-03-02 02:30+00', tstzrange('2027-03-02 00:00+00', '2027-03-02 03:30+00') FROM accepted`,
      [orderId, lecturerId],
    );
    const { reference, stored } = await bothViews();
    expect(reference).toMatchObject({ status: 'accepted', offer: null, booking: { lecturerId, startsAt: '2027-03-02T01:00:00.000Z' } });
    expect(stored).toEqual(reference);
  });

  it('drops the booking when it is released, and keeps a reason and a system actor in the history', async () => {
    await sql(`UPDATE orders SET status = 'pending' WHERE id = $1`, [orderId]);
    await sql(`UPDATE bookings SET released_at = now() WHERE order_id = $1`, [orderId]);
    await history('pending', null, '讲师临时有事');
    const { reference, stored } = await bothViews();
    expect(reference.booking).toBeNull();
    expect(reference.history.at(-1)).toMatchObject({ actorId: null, reason: '讲师临时有事' });
    expect(stored).toEqual(reference);
  });

  it('shows the completion (started when completed if no start was given) and the rating', async () => {
    await sql(
      `UPDATE orders SET status = 'completed', attendance = 41, summary = '按时完成 "全体党员"', completed_at = '2027-03-02 03:00+00',
         rating_score = 5, rating_comment = NULL, rated_at = '2027-03-03 03:00+00' WHERE id = $1`,
      [orderId],
    );
    const { reference, stored } = await bothViews();
    expect(reference.completion).toMatchObject({ attendance: 41, startedAt: '2027-03-02T03:00:00.000Z' });
    expect(reference.rating).toMatchObject({ score: 5, comment: null });
    expect(stored).toEqual(reference);
  });

  it('holds both of two concurrent changes to one order, the second refreshed after the first committed', async () => {
    const first = medium.db.createQueryRunner();
    const second = medium.db.createQueryRunner();
    try {
      await first.startTransaction();
      await first.query(`UPDATE orders SET summary = '第一个事务' WHERE id = $1`, [orderId]);
      await second.startTransaction();
      // Its refresh waits for the view row the first transaction holds, then works the view out afresh.
      const secondDone = second.query(
        `INSERT INTO order_history (order_id, at, actor_id, from_status, to_status, reason)
         VALUES ($1, '2027-03-04 00:00+00', NULL, 'completed', 'completed', '第二个事务')`,
        [orderId],
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.commitTransaction();
      await secondDone;
      await second.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    const { reference, stored } = await bothViews();
    expect(reference.completion?.summary).toBe('第一个事务');
    expect(reference.history.at(-1)).toMatchObject({ reason: '第二个事务' });
    expect(stored).toEqual(reference);
  });

  it('works out the view of an order written without one, and of one whose view lacks its first history entry', async () => {
    const insert = (withView: string) =>
      sql(
        `WITH o AS (
           INSERT INTO orders (branch_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience, language,
             status, placed_by, created_at, updated_at)
           SELECT branch_id, topic, '导入的订单', format, earliest_start, latest_start, 60, 12, 'zh', 'pending', placed_by, now(), now()
           FROM orders WHERE id = $1 RETURNING id
         ), h AS (
           INSERT INTO order_history (order_id, at, actor_id, from_status, to_status) SELECT id, now(), NULL, NULL, 'pending' FROM o
         ), v AS (${withView})
         SELECT id FROM o`,
        [orderId],
      ) as Promise<Array<{ id: string }>>;
    const [bare] = await insert('SELECT 1');
    const [wrong] = await insert(`INSERT INTO order_views (order_id, body) SELECT id, '{"status":"completed","history":[]}' FROM o`);
    for (const { id } of [bare, wrong]) {
      const [{ body }] = (await sql(`SELECT body::text AS body FROM order_views WHERE order_id = $1`, [id])) as Array<{ body: string }>;
      expect(JSON.parse(body)).toMatchObject({ id, title: '导入的订单', status: 'pending', history: [{ from: null, to: 'pending' }] });
    }
  });

  it('keeps a view for every order, and a change rolled back leaves the view as it was', async () => {
    const before = (await bothViews()).stored;
    await medium.db
      .transaction(async (m) => {
        await m.query(`UPDATE orders SET summary = '改过' WHERE id = $1`, [orderId]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect((await bothViews()).stored).toEqual(before);
    const [{ missing }] = (await sql(
      `SELECT count(*)::int AS missing FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_views v WHERE v.order_id = o.id)`,
    )) as Array<{ missing: number }>;
    expect(missing).toBe(0);
  });
});
