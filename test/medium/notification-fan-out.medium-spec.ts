import { AccountsModule } from '../../src/accounts/accounts.module.js';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import type { Actor } from '../../src/auth/actor.js';
import { BranchesModule } from '../../src/branches/branches.module.js';
import { BranchesService } from '../../src/branches/branches.service.js';
import { LecturersModule } from '../../src/lecturers/lecturers.module.js';
import { LecturersService } from '../../src/lecturers/lecturers.service.js';
import { InboxQuery } from '../../src/notifications/notifications.dto.js';
import { NotificationsModule } from '../../src/notifications/notifications.module.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { WebhooksService } from '../../src/notifications/webhooks.service.js';
import { OrdersModule } from '../../src/orders/orders.module.js';
import { OrdersService } from '../../src/orders/orders.service.js';
import type { PlaceOrderDto } from '../../src/orders/orders.dto.js';
import { QueueModule } from '../../src/queue/queue.module.js';
import { RegionsModule } from '../../src/regions/regions.module.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { branchBody, buildSmallCity, lecturerBody, nextSeq } from '../support/generators.js';
import { actors, type MediumTest, query, startMedium } from '../support/medium.js';
import { World } from '../support/world.js';

/**
 * The outbox's fan-out, as the database does it in the transaction of each order change: which inboxes an
 * event reaches, which webhooks get a delivery, and that a change rolled back leaves nothing behind.
 */
describe('notification fan-out', () => {
  let medium: MediumTest;
  let inboxes: NotificationsService;
  let orders: OrdersService;
  /** The accounts an event may reach: admins of the city and of each banner, both branches, a lecturer. */
  const told = {} as Record<'cityAdmin' | 'adminA' | 'adminB' | 'branchA' | 'branchB' | 'lecturer', Actor>;
  let hooks: Record<'placedA' | 'placedB' | 'cancelledA', string>;

  beforeAll(async () => {
    medium = await startMedium([
      QueueModule,
      RegionsModule,
      BranchesModule,
      LecturersModule,
      AccountsModule,
      OrdersModule,
      NotificationsModule,
    ]);
    inboxes = medium.get(NotificationsService);
    orders = medium.get(OrdersService);
    const setUp = actors.cityAdmin();
    const city = await buildSmallCity((body) => medium.get(RegionsService).create(setUp, body));
    const branchA = await medium.get(BranchesService).create(setUp, branchBody(city.banners.A.villageId));
    const branchB = await medium.get(BranchesService).create(setUp, branchBody(city.banners.B.villageId));
    const lecturer = await medium.get(LecturersService).create(setUp, lecturerBody(city.banners.A.townshipId));
    const accounts = medium.get(AccountsService);
    /** An account of the actor's kind (its links given as to the API), with the actor's id made real. */
    const account = async (actor: Actor, link: { regionId?: string; branchId?: string; lecturerId?: string } = {}): Promise<Actor> => {
      const created = await accounts.create(setUp, {
        username: `told-${nextSeq()}`,
        password: 'grassland-pw-2024',
        role: actor.role,
        ...link,
      });
      return { ...actor, accountId: created.id };
    };
    told.cityAdmin = await account(actors.cityAdmin());
    told.adminA = await account(actors.scopedAdmin(city.banners.A.id), { regionId: city.banners.A.id });
    told.adminB = await account(actors.scopedAdmin(city.banners.B.id), { regionId: city.banners.B.id });
    told.branchA = await account(actors.branch(branchA.id), { branchId: branchA.id });
    told.branchB = await account(actors.branch(branchB.id), { branchId: branchB.id });
    told.lecturer = await account(actors.lecturer(lecturer.id), { lecturerId: lecturer.id });
    const webhooks = medium.get(WebhooksService);
    const hook = async (admin: Actor, event: 'order.placed' | 'order.cancelled') =>
      (await webhooks.create(admin, { url: 'http://127.0.0.1:9/hook', events: [event] })).id;
    hooks = {
      placedA: await hook(told.adminA, 'order.placed'),
      placedB: await hook(told.adminB, 'order.placed'),
      cancelledA: await hook(told.adminA, 'order.cancelled'),
    };
  });

  afterAll(() => medium.close());

  const place = async (branch: Actor): Promise<string> =>
    (await orders.place(branch, World.customOrder(10) as unknown as PlaceOrderDto)).body.id;

  /** Who among the accounts has a notification of the order in the inbox, and of which events. */
  const toldOf = async (orderId: string): Promise<Record<string, string[]>> => {
    const result: Record<string, string[]> = {};
    for (const [name, actor] of Object.entries(told)) {
      const events = (await inboxes.inbox(actor, query(InboxQuery))).items.filter((n) => n.orderId === orderId).map((n) => n.event);
      if (events.length > 0) result[name] = events;
    }
    return result;
  };

  const webhookDeliveriesOf = async (orderId: string): Promise<string[]> =>
    (
      await medium.db.query<Array<{ webhook_id: string }>>(
        `SELECT d.webhook_id FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
         WHERE e.order_id = $1 AND d.channel = 'webhook' ORDER BY d.webhook_id`,
        [orderId],
      )
    ).map((r) => r.webhook_id);

  it("tells an order placed to the admins whose scope holds the branch, and to nobody else's inbox", async () => {
    const id = await place(told.branchA);
    await expect(toldOf(id)).resolves.toEqual({ cityAdmin: ['order.placed'], adminA: ['order.placed'] });
  });

  it("writes a webhook delivery for the webhooks of the branch's scope that asked for the event, and for no other", async () => {
    const id = await place(told.branchB);
    await expect(webhookDeliveriesOf(id)).resolves.toEqual([hooks.placedB]);
  });

  it('gives an event, its inbox rows and its deliveries ids that grow with time (UUID version 7: the time in the first 48 bits)', async () => {
    const before = Date.now();
    const id = await place(told.branchA);
    const ids = await medium.db.query<Array<{ id: string }>>(
      `SELECT e.id FROM notification_events e WHERE e.order_id = $1
       UNION ALL SELECT n.id FROM notifications n JOIN notification_events e ON e.id = n.event_id WHERE e.order_id = $1
       UNION ALL SELECT d.id FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id WHERE e.order_id = $1`,
      [id],
    );
    expect(ids).toHaveLength(4); // the event, two admins' inbox rows, one webhook delivery
    for (const { id: uuid } of ids) {
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const millis = parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);
      expect(millis).toBeGreaterThanOrEqual(before - 1_000);
      expect(millis).toBeLessThanOrEqual(Date.now() + 1_000);
    }
  });

  it('writes no event, notification or delivery of a change that rolls back', async () => {
    const id = await place(told.branchA);
    const seenInside = await medium.db
      .transaction(async (manager) => {
        await manager.query(`UPDATE orders SET status = 'cancelled' WHERE id = $1`, [id]);
        await manager.query(
          `INSERT INTO order_history (order_id, at, actor_id, from_status, to_status, reason) VALUES ($1, now(), $2, 'pending', 'cancelled', '撤回')`,
          [id, told.branchA.accountId],
        );
        const [inside] = await manager.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM notifications n JOIN notification_events e ON e.id = n.event_id
           WHERE e.order_id = $1 AND e.type = 'order.cancelled'`,
          [id],
        );
        throw Object.assign(new Error('rolled back'), { inside: inside.n });
      })
      .catch((err: { inside: number }) => err.inside);
    // Inside the transaction the change had told the branch; rolled back, it told nobody anything.
    expect(seenInside).toBe(1);
    await expect(toldOf(id)).resolves.toEqual({ cityAdmin: ['order.placed'], adminA: ['order.placed'] });
    await expect(webhookDeliveriesOf(id)).resolves.toEqual([hooks.placedA]);
  });
});
