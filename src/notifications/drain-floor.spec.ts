import { DrainFloor } from './drain-floor.js';

describe('DrainFloor', () => {
  it('starts from the beginning until a scan came up short', () => {
    const floor = new DrainFloor(10_000);
    expect(floor.startAt(0)).toBeUndefined();
    floor.scanned('500', 200, 200);
    expect(floor.startAt(1)).toBeUndefined();
  });

  it('starts at the xmin a scan had in hand once it took fewer than it asked for', () => {
    const floor = new DrainFloor(10_000);
    floor.startAt(0);
    floor.scanned('500', 3, 200);
    expect(floor.startAt(1)).toBe('500');
  });

  it('never moves back when a drain that began earlier reports an older xmin', () => {
    const floor = new DrainFloor(10_000);
    floor.startAt(0);
    floor.scanned('900', 0, 200);
    floor.scanned('700', 0, 200);
    expect(floor.startAt(1)).toBe('900');
  });

  it('scans from the beginning again once the full-scan interval has passed', () => {
    const floor = new DrainFloor(10_000);
    floor.startAt(0);
    floor.scanned('500', 0, 200);
    expect(floor.startAt(9_999)).toBe('500');
    expect(floor.startAt(10_000)).toBeUndefined();
    expect(floor.startAt(10_001)).toBeUndefined();
  });

  it('keeps ids past 2^53 exact', () => {
    const floor = new DrainFloor(10_000);
    floor.startAt(0);
    floor.scanned('9007199254740993', 0, 200);
    expect(floor.startAt(1)).toBe('9007199254740993');
  });
});
