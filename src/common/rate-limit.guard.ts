import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { LoginThrottle } from '../auth/login-throttle.js';
import { requestClaims } from '../auth/token-verification.js';
import { AppConfig } from '../config/app-config.js';
import { rateLimited } from './domain-error.js';
import { LeasedLimit } from './leased-limit.js';
import { clientAddress, sharedLimiter } from './shared-rate-limiter.js';

/** Marks a login route: its attempts are limited per username × address and per address (LoginThrottle), on top of the general limit. */
export const LIMIT_PER_USERNAME = 'rate-limit:per-username';
export const LimitPerUsername = () => SetMetadata(LIMIT_PER_USERNAME, true);

/**
 * Request limits, shared by every instance (PostgreSQL, in leases: see LeasedLimit): a generous one per account (a whole office may
 * share one address) or, without a valid token, per address; and LoginThrottle's on logins against
 * password guessing. A refusal is a 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly general: LeasedLimit;

  constructor(
    config: AppConfig,
    db: DataSource,
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly logins: LoginThrottle,
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
      if (this.reflector.get<boolean>(LIMIT_PER_USERNAME, context.getHandler())) {
        const username: unknown = (req.body as { username?: unknown } | undefined)?.username;
        await this.logins.attempt(typeof username === 'string' ? username : '', clientAddress(req));
      }
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
