import { blockedSpan, bookingDriveMinutes, MAX_TRAVEL_RADIUS_KM, readAroundMs } from './geo.js';

describe(bookingDriveMinutes.name, () => {
  it('blocks the drive, rounded up to the minute, for every on-site form', () => {
    for (const format of ['on_site', 'field', 'mobile']) expect(bookingDriveMinutes(format, 60.1, 60)).toBe(61);
  });

  it('blocks no drive for an online lecture, however far the branch', () => {
    expect(bookingDriveMinutes('online', 400, 60)).toBe(0);
  });
});

describe(blockedSpan.name, () => {
  it('is the lecture with the drive either side', () => {
    const start = Date.parse('2026-12-10T09:00:00+08:00');
    expect(blockedSpan(start, 90, 45)).toEqual({
      start: Date.parse('2026-12-10T08:15:00+08:00'),
      end: Date.parse('2026-12-10T11:15:00+08:00'),
    });
  });
});

describe(readAroundMs.name, () => {
  it('reaches past the longest drive a booking may block and a lecture of up to a day, at any speed', () => {
    for (const speed of [10, 60, 200]) {
      const longestDrive = bookingDriveMinutes('on_site', MAX_TRAVEL_RADIUS_KM, speed) * 60_000;
      expect(readAroundMs(speed)).toBeGreaterThanOrEqual(longestDrive + 24 * 3_600_000);
    }
  });
});
