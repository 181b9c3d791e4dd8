import { Injectable } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { rateLimited } from '../common/domain-error.js';
import { sharedLimiter } from '../common/shared-rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { normalizeUsername } from './username.js';

const MINUTE = 60;
const HOUR = 3600;
/** Wrong passwords on a name are remembered this long unless a right one comes first. */
const FAILURES_KEPT = 24 * HOUR;

/**
 * Password guessing, limited as OWASP's authentication cheat sheet says: by username × address and by
 * address, never by username alone, so that someone guessing from one address cannot lock the account's
 * owner out from another. Each attempt counts before its password is checked (parallel guesses count
 * too); a right password clears its username × address and gives its address's attempt back.
 *
 * A username × address has LOGIN_ATTEMPTS_PER_MINUTE attempts; then it waits a minute, and after each
 * further attempt twice as long as before (up to an hour). An address has
 * LOGIN_FAILURES_PER_ADDRESS_PER_HOUR failed attempts an hour over all usernames. Only attempts that check a
 * password count against the address: one refused for its username's wait, or a request that is no login at all
 * (refused by validation before it gets here), guesses nothing, and must not lock an office's other accounts out.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures: RateLimiterAbstract;
  /** One attempt per waiting time once the failures are used up; its window is the waiting time. */
  private readonly backoff: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;
  private readonly attempts: number;
  private readonly addressFailures: number;

  constructor(config: AppConfig, db: DataSource) {
    const schema = config.DATABASE_SCHEMA;
    this.attempts = config.LOGIN_ATTEMPTS_PER_MINUTE;
    this.addressFailures = config.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR;
    this.failures = sharedLimiter(db, schema, { keyPrefix: 'login-fail', points: this.attempts, duration: FAILURES_KEPT });
    this.backoff = sharedLimiter(db, schema, { keyPrefix: 'login-wait', points: 1, duration: MINUTE });
    this.byAddress = sharedLimiter(db, schema, {
      keyPrefix: 'login-addr',
      points: this.addressFailures,
      duration: HOUR,
    });
  }

  /** Counts a login attempt; throws RATE_LIMITED (with the wait) when it must wait. */
  async attempt(username: string, address: string): Promise<void> {
    // The address is looked at first without counting: an attempt it refuses checks no password, and must not put
    // the username (an office colleague's, with the right password) into its wait as well.
    const used = await this.byAddress.get(address);
    if (used !== null && used.consumedPoints >= this.addressFailures) throw rateLimited(used.msBeforeNext);
    try {
      await this.waitOfUsername(nameAtAddress(username, address));
      await this.byAddress.consume(address);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw rateLimited(err.msBeforeNext);
    }
  }

  private async waitOfUsername(key: string): Promise<void> {
    const n = (await this.failures.penalty(key)).consumedPoints;
    if (n < this.attempts) return;
    // The last free attempt opens the first minute's wait; every later one must find the wait over and doubles it.
    const wait = Math.min(HOUR, MINUTE * 2 ** (n - this.attempts));
    await this.backoff.consume(key, 1, { customDuration: wait });
  }

  async succeeded(username: string, address: string): Promise<void> {
    const key = nameAtAddress(username, address);
    await Promise.all([this.failures.delete(key), this.backoff.delete(key), this.byAddress.reward(address)]);
  }
}

function nameAtAddress(username: string, address: string): string {
  return `${normalizeUsername(username)}@${address}`;
}
