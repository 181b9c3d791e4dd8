import { RateLimiterMemory, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import { LeasedLimit } from './leased-limit.js';

/** A store wrapped as sharedLimiter wraps the PostgreSQL one (which hides its points), counting what it is asked. */
function countingStore(points: number) {
  const store = new RLWrapperTimeouts({ limiter: new RateLimiterMemory({ points, duration: 60 }), timeoutMs: 1000 });
  const asked = { consume: 0 };
  const consume = store.consume.bind(store);
  store.consume = (key, n) => {
    asked.consume++;
    return consume(key, n);
  };
  return { store, asked, points };
}

/** Requests alternating between the instances until one is refused: how many were allowed. */
async function allowedUntilRefused(instances: LeasedLimit[], key: string, atMost: number): Promise<number> {
  for (let i = 0; i < atMost; i++) {
    try {
      await instances[i % instances.length].consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) return i;
      throw err;
    }
  }
  return atMost;
}

describe('LeasedLimit', () => {
  it('allows exactly the limit across two instances when the limit is small', async () => {
    const { store, points } = countingStore(5);
    expect(await allowedUntilRefused([new LeasedLimit(store, points), new LeasedLimit(store, points)], 'office', 100)).toBe(5);
  });

  it('never allows more than the limit across three instances, and refuses at most a few leased points early', async () => {
    const { store, points } = countingStore(1200);
    const allowed = await allowedUntilRefused(
      [new LeasedLimit(store, points), new LeasedLimit(store, points), new LeasedLimit(store, points)],
      'office',
      5000,
    );
    expect(allowed).toBeLessThanOrEqual(1200);
    expect(allowed).toBeGreaterThanOrEqual(1200 - 2 * 60);
  });

  it('asks the store once per block of requests, not once per request', async () => {
    const { store, asked, points } = countingStore(1200);
    const limit = new LeasedLimit(store, points);
    for (let i = 0; i < 600; i++) await limit.consume('office');
    expect(asked.consume).toBeLessThanOrEqual(600 / 60 + 2);
  });

  it('takes one lease for requests that arrive together', async () => {
    const { store, asked, points } = countingStore(1200);
    const limit = new LeasedLimit(store, points);
    await limit.consume('office');
    await Promise.all(Array.from({ length: 50 }, () => limit.consume('office')));
    expect(asked.consume).toBe(2);
  });

  it('refuses in memory until the window ends once the store has refused, with the time to wait', async () => {
    const { store, asked, points } = countingStore(3);
    const limit = new LeasedLimit(store, points);
    for (let i = 0; i < 3; i++) await limit.consume('office');
    await expect(limit.consume('office')).rejects.toBeInstanceOf(RateLimiterRes);
    const askedWhenRefused = asked.consume;
    const refusal = await limit.consume('office').catch((err: RateLimiterRes) => err);
    expect(refusal).toBeInstanceOf(RateLimiterRes);
    expect((refusal as RateLimiterRes).msBeforeNext).toBeGreaterThan(0);
    expect(asked.consume).toBe(askedWhenRefused);
  });

  it('counts keys apart', async () => {
    const { store, points } = countingStore(2);
    const limit = new LeasedLimit(store, points);
    await limit.consume('one');
    await limit.consume('one');
    await expect(limit.consume('one')).rejects.toBeInstanceOf(RateLimiterRes);
    await expect(limit.consume('two')).resolves.toBeUndefined();
  });
});
