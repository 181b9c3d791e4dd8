import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from './domain-error.js';

/** Marks a route limited per username (login), on top of the general limit. */
export const LIMIT_PER_USERNAME = 'rate-limit:per-username';
export const LimitPerUsername = () => SetMetadata(LIMIT_PER_USERNAME, true);

/** Per account when a token is sent (a whole office may share one address), else per address. */
function accountOrAddress(req: Request): string {
  const auth = req.headers.authorization;
  return typeof auth === 'string' && auth.length > 20
    ? 'tok:' + createHash('sha256').update(auth).digest('base64url').slice(0, 22)
    : 'ip:' + (req.ip ?? '?');
}

/**
 * Request limits (rate-limiter-flexible, per instance): a generous one per account or address, and a
 * strict one per username on login against password guessing. A refusal is a 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly general: RateLimiterMemory;
  private readonly perUsername: RateLimiterMemory;

  constructor(
    config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.general = new RateLimiterMemory({ points: config.REQUESTS_PER_MINUTE, duration: 60 });
    this.perUsername = new RateLimiterMemory({ points: config.LOGIN_ATTEMPTS_PER_MINUTE, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    try {
      await this.general.consume(accountOrAddress(req));
      if (this.reflector.get<boolean>(LIMIT_PER_USERNAME, context.getHandler())) {
        const username = typeof req.body?.username === 'string' ? req.body.username.toLowerCase() : '';
        await this.perUsername.consume('login:' + username);
      }
      return true;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      http.getResponse<Response>().setHeader('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
      throw CommonErrors.RATE_LIMITED();
    }
  }
}
