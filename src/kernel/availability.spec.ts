import { leaveDuring } from './availability.js';

describe(leaveDuring.name, () => {
  const availability = {
    weekly: [],
    exceptions: [{ from: '2026-12-09T00:00:00+08:00', to: '2026-12-12T00:00:00+08:00', reason: '生病' }],
  };
  const at = (iso: string) => Date.parse(iso);

  it('finds the leave a lecture falls in', () => {
    expect(leaveDuring(availability, at('2026-12-10T09:30:00+08:00'), at('2026-12-10T11:00:00+08:00'))?.reason).toBe('生病');
  });

  it('finds none for a lecture that ends as the leave begins or begins as it ends', () => {
    expect(leaveDuring(availability, at('2026-12-08T22:30:00+08:00'), at('2026-12-09T00:00:00+08:00'))).toBeUndefined();
    expect(leaveDuring(availability, at('2026-12-12T00:00:00+08:00'), at('2026-12-12T01:30:00+08:00'))).toBeUndefined();
  });
});
