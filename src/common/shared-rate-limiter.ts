import type { Request } from 'express';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

export interface LimitOptions {
  /** Names the limit: keys of different limits never meet in the one table. */
  keyPrefix: string;
  points: number;
  /** Seconds a count is kept. */
  duration: number;
}

/** Longer than a healthy database ever takes to count; past it a request is counted in memory instead. */
const STORE_TIMEOUT_MS = 1000;

/**
 * A limit every instance counts against together: rate-limiter-flexible's PostgreSQL store, in the
 * `rate_limits` table its migration made (the library is told not to create it). When the database
 * fails or is slow, each instance falls back on a limit of its own in memory rather than failing or waiting.
 */
export function sharedLimiter(db: DataSource, schema: string, options: LimitOptions): RateLimiterAbstract {
  const insuranceLimiter = new RateLimiterMemory(options);
  const store = new RateLimiterPostgres({
    ...options,
    storeClient: db,
    storeType: 'typeorm',
    schemaName: schema,
    tableName: 'rate_limits',
    tableCreated: true,
    insuranceLimiter,
  });
  return new RLWrapperTimeouts({ limiter: store, timeoutMs: STORE_TIMEOUT_MS, insuranceLimiter });
}

/**
 * The client's address as limits count it: `req.ip` (the connection's, or X-Forwarded-For from a proxy
 * TRUST_PROXY names), IPv4 without its IPv6 wrapping, and an IPv6 address as its /64: one subscriber
 * holds all of it, so keyed per address each of its 2^64 addresses would get an allowance of its own.
 */
export function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1];
  return ip.includes(':') ? ipv6Prefix64(ip) : ip;
}

function ipv6Prefix64(ip: string): string {
  const [head, tail] = ip.split('%')[0].split('::');
  const first = head ? head.split(':') : [];
  const last = tail ? tail.split(':') : [];
  const groups = tail === undefined ? first : [...first, ...Array<string>(Math.max(0, 8 - first.length - last.length)).fill('0'), ...last];
  const prefix = groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
