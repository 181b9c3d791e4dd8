import { ReceiverRests } from './receiver-rests.js';

const A = 'http://a.example:8080';
const B = 'http://b.example';

/** Rests of 10 s, twice as long after each failed probe up to 40 s; a probe is waited for 12 s. */
const rests = (): ReceiverRests => new ReceiverRests(10_000, 40_000, 12_000);

describe('ReceiverRests', () => {
  it('lets every call go ahead while no call failed', () => {
    const r = rests();
    expect(r.any()).toBe(false);
    expect(r.restOf(A, 0)).toBeUndefined();
  });

  it('keeps calls to a receiver that failed from being made for the first rest, and says why and until when', () => {
    const r = rests();
    r.failed(A, 0, 1_000, 'HTTP 503');
    expect(r.any()).toBe(true);
    expect(r.restOf(A, 10_999)).toEqual({ since: 1_000, until: 11_000, error: 'HTTP 503' });
    expect(r.restOf(B, 2_000)).toBeUndefined();
  });

  it('lets one call go ahead after the rest and holds the others back while it is under way', () => {
    const r = rests();
    r.failed(A, 0, 1_000, 'HTTP 503');
    expect(r.restOf(A, 11_000)).toBeUndefined();
    expect(r.restOf(A, 11_001)?.until).toBe(23_000);
    expect(r.restOf(A, 23_000)).toBeUndefined();
  });

  it('ends the rest once the probe is answered', () => {
    const r = rests();
    r.failed(A, 0, 1_000, 'HTTP 503');
    r.restOf(A, 11_000);
    r.answered(A, 11_000);
    expect(r.any()).toBe(false);
    expect(r.restOf(A, 11_500)).toBeUndefined();
  });

  it('rests twice as long after each failed probe, up to the longest rest', () => {
    const r = rests();
    r.failed(A, 0, 1_000, 'timed out');
    const untilAfterProbe = (at: number): number | undefined => {
      r.restOf(A, at);
      r.failed(A, at, at + 100, 'timed out');
      return r.restOf(A, at + 100)?.until;
    };
    expect(untilAfterProbe(11_000)).toBe(11_100 + 20_000);
    expect(untilAfterProbe(31_100)).toBe(31_200 + 40_000);
    expect(untilAfterProbe(71_200)).toBe(71_300 + 40_000);
  });

  it('learns nothing from calls that were under way when the rest began', () => {
    const r = rests();
    r.failed(A, 0, 1_000, 'first');
    r.failed(A, 500, 1_200, 'in flight too');
    r.answered(A, 900);
    expect(r.restOf(A, 5_000)).toEqual({ since: 1_000, until: 11_000, error: 'first' });
  });
});
