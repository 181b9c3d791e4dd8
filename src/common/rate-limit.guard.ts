import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { requestClaims } from '../auth/token-verification.js';
import { AppConfig } from '../config/app-config.js';
import { rateLimited } from './domain-error.js';
import { LeasedLimit } from './leased-limit.js';
import { clientAddress, sharedLimiter } from './shared-rate-limiter.js';

/**
 * Request limits, shared by every instance (PostgreSQL, in leases: see LeasedLimit): a generous one per account (a whole office may
 * share one address) or, without a valid token, per address. A refusal is a 429 with Retry-After. Logins have
 * limits of their own against password guessing (the auth feature's LoginThrottle).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly general: LeasedLimit;

  constructor(
    config: AppConfig,
    db: DataSource,
    private readonly jwt: JwtService,
  ) {
    // Counted in leases: the request limit is checked on every request, and must not cost each one a database write.
    this.general = new LeasedLimit(
      sharedLimiter(db, config.DATABASE_SCHEMA, { keyPrefix: 'requests', points: config.REQUESTS_PER_MINUTE, duration: 60 }),
      config.REQUESTS_PER_MINUTE,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    try {
      await this.general.consume(await this.requester(req));
      return true;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw rateLimited(err.msBeforeNext);
    }
  }

  /**
   * Whom a request counts against: the account of a valid token, else the address. Keyed on the header as
   * sent, every spelling of "Bearer" and every made-up token would open an allowance of its own.
   */
  private async requester(req: Request): Promise<string> {
    const claims = await requestClaims<{ sub?: unknown }>(this.jwt, req);
    return typeof claims?.sub === 'string' ? `account:${claims.sub}` : `address:${clientAddress(req)}`;
  }
}
