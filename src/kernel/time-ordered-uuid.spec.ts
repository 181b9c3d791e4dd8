import { timeOrderedUuid } from './time-ordered-uuid.js';

describe('timeOrderedUuid', () => {
  const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is a version 7 UUID whose first 48 bits are the milliseconds given', () => {
    const ms = Date.UTC(2026, 11, 3, 2, 30, 0, 123);
    const id = timeOrderedUuid(ms);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts by time, and differs within one millisecond', () => {
    const ms = Date.UTC(2026, 11, 3);
    const ids = [timeOrderedUuid(ms + 1), timeOrderedUuid(ms), timeOrderedUuid(ms)];
    expect(ids[0] > ids[1] && ids[0] > ids[2]).toBe(true);
    expect(ids[1]).not.toBe(ids[2]);
  });
});
