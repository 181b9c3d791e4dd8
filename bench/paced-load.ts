/**
 * Load at a set rate, as many independent clients make it: request i is due at i ÷ rate seconds after the start
 * and is sent then, whether or not earlier ones have been answered (an open loop), on the pool's kept-alive
 * connections; a request waiting for a free connection is still late. Its latency runs from the
 * instant it was due, so a stall counts against every request it held back (coordinated omission corrected by
 * construction).
 *
 * Why not autocannon's `overallRate`: it lets each connection send its share of a second back to back as the
 * second begins, then idle until the next, and corrects latencies with an expected interval of `ceil(1 ÷ rate)`,
 * i.e. 1 ms. Against a server that answers every request in 20 ms, at 500 req/s on 50 connections, it sent the
 * whole second's requests within its first 300 ms and reported p50 12 ms, p99 43 ms.
 */
import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';

export interface PacedRequest {
  /** The path and query on the origin. */
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface PacedResult {
  /** Requests due within the run (rate × seconds). */
  due: number;
  /** Answered with 2xx. */
  ok: number;
  /** Answered otherwise, by status; `error` for a failed connection. */
  notOk: Record<string, number>;
  /** Milliseconds from due to answered, of the 2xx answers. */
  p50: number;
  p99: number;
  max: number;
  /** From the first request sent to the last answer: longer than the run's seconds when answers fall behind. */
  elapsedSeconds: number;
  /** The most requests sent in one 100 ms, against rate ÷ 10 if the pacing held (the load generator had the CPU). */
  mostSentIn100ms: number;
}

const percentile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];

/**
 * Sends `next()`'s request on `pool` (undici's: it costs the shared cores less per request than Node's http
 * client) `rate` times a second for `seconds` seconds, each when due; resolves once all are answered.
 */
export async function pacedLoad(pool: Pool, next: () => PacedRequest, opts: { rate: number; seconds: number }): Promise<PacedResult> {
  const due = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  const notOk: Record<string, number> = {};
  const sentPer100ms = new Array<number>(Math.ceil(opts.seconds * 10) + 1).fill(0);
  let answered = 0;
  let sent = 0;
  const start = performance.now();

  await new Promise<void>((allAnswered) => {
    const settle = (status: string, dueAt: number) => {
      if (status.startsWith('2')) latencies.push(performance.now() - dueAt);
      else notOk[status] = (notOk[status] ?? 0) + 1;
      if (++answered === due) allAnswered();
    };
    const send = (dueAt: number) => {
      const r = next();
      sentPer100ms[Math.min(sentPer100ms.length - 1, Math.floor((performance.now() - start) / 100))]++;
      pool.request(r).then(
        async (res) => {
          await res.body.dump();
          settle(String(res.statusCode), dueAt);
        },
        () => settle('error', dueAt),
      );
    };
    // Every millisecond or so, send what has fallen due since the last look.
    const tick = () => {
      const elapsed = performance.now() - start;
      const dueNow = Math.min(due, Math.floor((elapsed * opts.rate) / 1000) + 1);
      while (sent < dueNow) send(start + (sent++ * 1000) / opts.rate);
      if (sent < due) setTimeout(tick, 1);
    };
    if (due === 0) allAnswered();
    else tick();
  });
  const elapsedSeconds = (performance.now() - start) / 1000;

  latencies.sort((a, b) => a - b);
  return {
    due,
    ok: latencies.length,
    notOk,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    elapsedSeconds,
    mostSentIn100ms: Math.max(...sentPer100ms),
  };
}
