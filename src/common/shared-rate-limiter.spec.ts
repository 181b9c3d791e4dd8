import type { Request } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { clientAddress, sharedLimiter } from './shared-rate-limiter.js';

/** A DataSource whose pool answers every query with `answer` (rate-limiter-flexible reads `driver.master`). */
const databaseThat = (answer: () => Promise<unknown>) => ({ driver: { master: { query: answer } } }) as unknown as DataSource;

describe('sharedLimiter', () => {
  it.each([
    ['fails', () => Promise.reject(new Error('connection refused'))],
    ['hangs', () => new Promise<never>(() => undefined)],
  ])('still limits, in memory, when the database %s', async (_label, answer) => {
    const limiter = sharedLimiter(databaseThat(answer), 'public', { keyPrefix: 'test', points: 2, duration: 60 });
    await limiter.consume('someone');
    await limiter.consume('someone');
    await expect(limiter.consume('someone')).rejects.toBeInstanceOf(RateLimiterRes);
  });
});

describe('clientAddress', () => {
  const from = (ip: string) => ({ ip, socket: {} }) as unknown as Request;

  it('takes an IPv4 address out of its IPv6 wrapping', () => {
    expect(clientAddress(from('::ffff:203.0.113.7'))).toBe('203.0.113.7');
  });

  it('counts an IPv6 address as its /64, however it is written', () => {
    expect(clientAddress(from('2001:db8:0:1::abcd'))).toBe('2001:db8:0:1::/64');
    expect(clientAddress(from('2001:0db8:0000:0001:ffff:0:0:1'))).toBe('2001:db8:0:1::/64');
  });
});
