import { isoOfTimestampText } from './timestamp-text.js';

describe('isoOfTimestampText', () => {
  it.each([
    ['2026-12-02 17:15:53.123456+00', '2026-12-02T17:15:53.123Z'],
    ['2026-12-02 17:15:53.9999+00', '2026-12-02T17:15:53.999Z'],
    ['2026-12-02 17:15:53.12+00', '2026-12-02T17:15:53.120Z'],
    ['2026-12-02 17:15:53.5+00', '2026-12-02T17:15:53.500Z'],
    ['2026-12-02 17:15:53+00', '2026-12-02T17:15:53.000Z'],
    ['2026-12-02T17:15:53.123456+00:00', '2026-12-02T17:15:53.123Z'],
    ['2026-12-02T17:15:53+00:00', '2026-12-02T17:15:53.000Z'],
  ])('writes %s as a Date would', (text, iso) => {
    expect(isoOfTimestampText(text)).toBe(iso);
    expect(new Date(text).toISOString()).toBe(iso);
  });

  it('reads another time zone through Date', () => {
    expect(isoOfTimestampText('2026-12-02 17:15:53.123+08')).toBe('2026-12-02T09:15:53.123Z');
    expect(isoOfTimestampText('2026-12-02T17:15:53+05:30')).toBe('2026-12-02T11:45:53.000Z');
  });
});
