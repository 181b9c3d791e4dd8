import { toursByDay } from './admin-scheduling.controller.js';

const tour = (startsAt: string) => ({ stops: [{ orderId: 'o', branchId: 'b', startsAt }] });

describe(toursByDay.name, () => {
  it("numbers a run's tours by the day of their first stop, whatever order the plan gave them", () => {
    expect(toursByDay([tour('2026-12-20T01:00:00.000Z'), tour('2026-12-10T01:00:00.000Z'), tour('2026-12-15T01:00:00.000Z')])).toEqual([
      1, 2, 0,
    ]);
  });
});
