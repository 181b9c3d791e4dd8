import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { CommonErrors } from '../common/domain-error.js';
import { type Actor, actorFromClaims, IS_PUBLIC, ROLES_KEY, type TokenClaims } from './actor.js';
import type { Role } from '../kernel/vocabulary.js';

/** Verifies the bearer token on every route not marked @Public, then the route's @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<{ headers: { authorization?: unknown }; actor?: Actor }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([\w.-]+)$/i.exec(header) : null;
    if (!match) throw CommonErrors.UNAUTHENTICATED();
    // Forged, expired, or with claims that do not fit its role (so not issued by us): no token at all.
    const actor = await this.jwt.verifyAsync<TokenClaims>(match[1], { algorithms: ['HS256'] }).then(actorFromClaims, () => undefined);
    if (!actor) throw CommonErrors.UNAUTHENTICATED('The bearer token is invalid or has expired.');
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // Default deny: a route that names no roles is open to none.
    if (!roles?.includes(actor.role)) throw CommonErrors.FORBIDDEN();
    return true;
  }
}
