import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/**
 * A list's `total` on an offset page is read from counter rows the database keeps beside the orders (per
 * branch and status), not counted over every order: these tests hold it to the orders themselves while
 * orders are placed at once, move through every transition, and are seen by admins of different scopes.
 */
describe('order totals kept by the database', () => {
  let t: TestApp;
  let w: World;
  let lecturer: LecturerFixture;

  const total = async (query: string, token = w.adminToken): Promise<number> => {
    const res = await t.http().get(`${API}/orders${query}`).set(w.auth(token));
    expect(res.status).toBe(200);
    return res.body.total as number;
  };

  /** What the orders themselves say, by status, for one branch (or all). */
  const counted = async (branchId?: string): Promise<Record<string, number>> => {
    const rows: Array<{ status: string; n: number }> = await t.db.query(
      `SELECT status, count(*)::int AS n FROM orders WHERE $1::uuid IS NULL OR branch_id = $1 GROUP BY status`,
      [branchId ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };

  /** A window from yesterday, so that World#advance can offer it for today 00:30. */
  const place = (branch = w.branches.A) => w.post('/orders', World.customOrder(-1), branch.token);

  beforeAll(async () => {
    t = await startTestApp();
    w = await World.build(t);
    lecturer = await w.lecturer();
  });
  afterAll(async () => t?.close());

  it('counts every one of 40 orders a branch places at once', async () => {
    const before = await total('', w.branches.B.token);
    const placed = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t
          .http()
          .post(`${API}/orders`)
          .set(w.auth(w.branches.B.token))
          .send(World.customOrder(10 + (i % 5))),
      ),
    );
    expect(placed.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(await total('', w.branches.B.token)).toBe(before + 40);
    expect(await total('?status=pending', w.branches.B.token)).toBe((await counted(w.branches.B.id)).pending);
  });

  it('moves an order between the status totals as it is offered, accepted, completed, cancelled and rejected', async () => {
    const orders = [];
    for (let i = 0; i < 5; i++) orders.push(await place());
    await w.advance(orders[0].id, lecturer, 'offered');
    await w.advance(orders[1].id, lecturer, 'completed');
    await w.post(`/orders/${orders[2].id}/cancel`, { reason: '村里有事' }, w.branches.A.token);
    await w.post(`/orders/${orders[3].id}/reject`, { reason: '重复' });
    const truth = await counted(w.branches.A.id);
    for (const status of ['pending', 'offered', 'accepted', 'completed', 'cancelled', 'rejected']) {
      expect({ status, total: await total(`?status=${status}`, w.branches.A.token) }).toEqual({ status, total: truth[status] ?? 0 });
    }
    expect(await total('', w.branches.A.token)).toBe(Object.values(truth).reduce((a, b) => a + b, 0));
  });

  it('returns an expired offer to the pending total', async () => {
    const order = await place();
    await w.advance(order.id, await w.lecturer(), 'offered');
    const pendingBefore = await total('?status=pending', w.branches.A.token);
    await t.db.query(`UPDATE orders SET offer_expires_at = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    const read = await t.http().get(`${API}/orders/${order.id}`).set(w.auth(w.branches.A.token));
    expect(read.body.status).toBe('pending');
    expect(await total('?status=pending', w.branches.A.token)).toBe(pendingBefore + 1);
    expect(await total('?status=offered', w.branches.A.token)).toBe((await counted(w.branches.A.id)).offered ?? 0);
  });

  it("gives a banner admin its banner's total and the city admin the city's", async () => {
    await place(w.branches.A);
    await place(w.branches.B);
    const bannerA = await w.account({ role: 'admin', regionId: w.banners.A.id });
    const all = await counted();
    const inA = await counted(w.branches.A.id);
    const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    expect(await total('')).toBe(sum(all));
    expect(await total('?status=pending')).toBe(all.pending);
    expect(await total('', bannerA.token)).toBe(sum(inA));
    expect(await total(`?branchId=${w.branches.B.id}`, bannerA.token)).toBe(0);
    expect(await total(`?regionId=${w.banners.B.id}`)).toBe(sum(await counted(w.branches.B.id)));
  });
});
