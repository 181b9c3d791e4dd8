import { answerBy } from './template-filters.js';

describe(answerBy.name, () => {
  it('is when the offer expires, for a lecture after that', () => {
    expect(answerBy({ startsAt: '2026-12-10T01:30:00.000Z', expiresAt: '2026-12-05T15:23:00.000Z' })).toBe('2026-12-05T15:23:00.000Z');
  });

  it('is when the lecture begins, for one that begins before the offer would expire', () => {
    expect(answerBy({ startsAt: '2026-12-04T01:00:00.000Z', expiresAt: '2026-12-05T15:23:00.000Z' })).toBe('2026-12-04T01:00:00.000Z');
  });
});
