import { rateLimited } from '../common/domain-error.js';
import { toPageError } from './page-errors.js';

describe('a limit that refuses', () => {
  it('says in the API how long to wait, as Retry-After does', () => {
    const locked = rateLimited(3_467_000);
    expect(locked.retryAfterSeconds).toBe(3467);
    expect(locked.detail).toBe('Too many requests; try again in 58 minutes.');
    expect(rateLimited(12_300).detail).toBe('Too many requests; try again in 13 s.');
  });

  it('tells a person on the pages the wait in minutes, an hour-long lock not as "a minute"', () => {
    expect(toPageError(rateLimited(3_467_000)).message).toBe('操作太频繁，请58分钟后再试。');
    expect(toPageError(rateLimited(12_300)).message).toBe('操作太频繁，请1分钟后再试。');
  });
});
