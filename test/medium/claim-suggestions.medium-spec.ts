import { randomUUID } from 'node:crypto';
import { AccountsModule } from '../../src/accounts/accounts.module.js';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import { BranchesModule } from '../../src/branches/branches.module.js';
import { BranchesService } from '../../src/branches/branches.service.js';
import { monthKeyOfIndex, localMonthIndex } from '../../src/kernel/time.js';
import { LecturersModule } from '../../src/lecturers/lecturers.module.js';
import { LecturersService } from '../../src/lecturers/lecturers.service.js';
import type { Actor } from '../../src/auth/actor.js';
import { OrdersModule } from '../../src/orders/orders.module.js';
import { OrdersService } from '../../src/orders/orders.service.js';
import { QueueModule } from '../../src/queue/queue.module.js';
import { RegionsModule } from '../../src/regions/regions.module.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { ALL_WEEK, branchBody, buildSmallCity, lecturerBody } from '../support/generators.js';
import { actors, type MediumTest, startMedium } from '../support/medium.js';

/**
 * The claim forms of a page of open orders are filled in together: the lecturer's bookings and lectures per month
 * are read once for all the orders, and each order still gets the first start the rules allow it.
 */
describe('claim suggestions for several open orders', () => {
  let medium: MediumTest;
  let lecturer: Actor;
  let branch: Actor;
  /** Day `day` of the month `ahead` months from now, at `time`, Asia/Shanghai. */
  const inMonth = (ahead: number, day: number, time = '19:30') =>
    `${monthKeyOfIndex(localMonthIndex(Date.now()) + ahead)}-${String(day).padStart(2, '0')}T${time}:00+08:00`;
  const place = async (ahead: number, fromDay: number, toDay: number) =>
    (
      await medium.get(OrdersService).place(branch, {
        topic: 'policy',
        title: '草原生态补奖政策解读',
        format: 'online',
        earliestStart: inMonth(ahead, fromDay),
        latestStart: inMonth(ahead, toDay),
        durationMinutes: 90,
        expectedAudience: 30,
        language: 'mn',
      })
    ).body.id;

  beforeAll(async () => {
    medium = await startMedium([QueueModule, RegionsModule, BranchesModule, LecturersModule, AccountsModule, OrdersModule]);
    const admin = actors.cityAdmin();
    const city = await buildSmallCity((body) => medium.get(RegionsService).create(admin, body));
    const branchId = (await medium.get(BranchesService).create(admin, branchBody(city.banners.A.villageId))).id;
    const account = await medium
      .get(AccountsService)
      .create(admin, { username: 'claims-branch', password: 'grassland-pw-2024', role: 'branch', branchId });
    branch = { ...actors.branch(branchId), accountId: account.id };
    // One lecture a month at most.
    const lecturerId = (
      await medium.get(LecturersService).create(admin, lecturerBody(city.banners.A.townshipId, { maxLecturesPerMonth: 1 }))
    ).id;
    const lecturerAccount = await medium
      .get(AccountsService)
      .create(admin, { username: 'claims-lecturer', password: 'grassland-pw-2024', role: 'lecturer', lecturerId });
    lecturer = { ...actors.lecturer(lecturerId), accountId: lecturerAccount.id };
    await medium.get(LecturersService).setAvailability(admin, lecturerId, ALL_WEEK);
  });

  afterAll(() => medium.close());

  it("suggests no start in a month whose lectures have reached the lecturer's cap, and the first start in the next", async () => {
    const booked = await place(2, 3, 8);
    await medium.get(OrdersService).accept(lecturer, booked, { startsAt: inMonth(2, 5) });
    const [sameMonth, nextMonth] = [await place(2, 10, 20), await place(3, 10, 20)];
    const tries = (id: string, ahead: number) => ({ id, candidates: [Date.parse(inMonth(ahead, 12)), Date.parse(inMonth(ahead, 13))] });

    const starts = await medium.get(OrdersService).firstClaimableStarts(lecturer, [tries(sameMonth, 2), tries(nextMonth, 3)]);

    expect(starts).toEqual([undefined, Date.parse(inMonth(3, 12))]);
  });

  it('suggests nothing for an order that does not exist, and still suggests for the others', async () => {
    const open = await place(4, 10, 20);

    const starts = await medium.get(OrdersService).firstClaimableStarts(lecturer, [
      { id: randomUUID(), candidates: [Date.parse(inMonth(4, 11))] },
      { id: open, candidates: [Date.parse(inMonth(4, 11))] },
    ]);

    expect(starts).toEqual([undefined, Date.parse(inMonth(4, 11))]);
  });
});
