import { ReceiverRests } from './receiver-rests.js';

const A = 'http://a.example:8080';
const B = 'http://b.example';

/** Rests of 10 s, twice as long after each failed probe up to 40 s; a probe is waited for 12 s; a failure is slow after 5 s. */
const rests = (): ReceiverRests => new ReceiverRests({ first: 10_000, longest: 40_000, probe: 12_000, slow: 5_000 });

describe('ReceiverRests', () => {
  it('lets every call go ahead while no call failed', () => {
    const r = rests();
    expect(r.any(0)).toBe(false);
    expect(r.restOf(A, 0)).toBeUndefined();
  });

  it('keeps calls to a receiver whose call failed slowly from being made for the first rest, and says why and until when', () => {
    const r = rests();
    r.failed(A, 0, 6_000, 'timed out');
    expect(r.any(6_000)).toBe(true);
    expect(r.restOf(A, 15_999)).toEqual({ since: 6_000, until: 16_000, error: 'timed out' });
    expect(r.restOf(B, 7_000)).toBeUndefined();
  });

  it('rests nobody for a call that failed at once', () => {
    const r = rests();
    r.failed(A, 0, 4_999, 'HTTP 503');
    expect(r.any(5_000)).toBe(false);
    expect(r.restOf(A, 5_000)).toBeUndefined();
  });

  it('lets one call go ahead after the rest and holds the others back while it is under way', () => {
    const r = rests();
    r.failed(A, 0, 6_000, 'timed out');
    expect(r.restOf(A, 16_000)).toBeUndefined();
    expect(r.restOf(A, 16_001)?.until).toBe(28_000);
    expect(r.restOf(A, 28_000)).toBeUndefined();
  });

  it('ends the rest once the probe is answered', () => {
    const r = rests();
    r.failed(A, 0, 6_000, 'timed out');
    r.restOf(A, 16_000);
    r.answered(A, 16_000);
    expect(r.any(16_500)).toBe(false);
    expect(r.restOf(A, 16_500)).toBeUndefined();
  });

  it('rests twice as long after each failed probe, slow or not, up to the longest rest', () => {
    const r = rests();
    r.failed(A, 0, 6_000, 'timed out');
    const untilAfterProbe = (at: number): number | undefined => {
      r.restOf(A, at);
      r.failed(A, at, at + 100, 'HTTP 503');
      return r.restOf(A, at + 100)?.until;
    };
    expect(untilAfterProbe(16_000)).toBe(16_100 + 20_000);
    expect(untilAfterProbe(36_100)).toBe(36_200 + 40_000);
    expect(untilAfterProbe(76_200)).toBe(76_300 + 40_000);
  });

  it('learns nothing from calls that were under way when the rest began', () => {
    const r = rests();
    r.failed(A, 0, 6_000, 'first');
    r.failed(A, 500, 6_200, 'under way too');
    r.answered(A, 900);
    expect(r.restOf(A, 7_000)).toEqual({ since: 6_000, until: 16_000, error: 'first' });
  });

  it('forgets a rest nobody asked about for the longest rest after its end', () => {
    const r = rests();
    r.failed(A, 0, 6_000, 'timed out');
    expect(r.any(16_000 + 39_999)).toBe(true);
    expect(r.any(16_000 + 40_000)).toBe(false);
  });
});
