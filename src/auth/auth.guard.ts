import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { CommonErrors } from '../common/domain-error.js';
import { type Actor, actorFromClaims, IS_PUBLIC, ROLES_KEY, type TokenClaims } from './actor.js';
import type { Role } from '../kernel/vocabulary.js';
import { bearerToken, requestClaims } from './token-verification.js';

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
    if (bearerToken(req.headers.authorization) === undefined) throw CommonErrors.UNAUTHENTICATED();
    // Forged, expired, without exp/iat, or with claims that do not fit its role (so not issued by us): no token at all.
    const claims = await requestClaims<TokenClaims>(this.jwt, req);
    const actor = claims && actorFromClaims(claims);
    if (!actor) throw CommonErrors.UNAUTHENTICATED('The bearer token is invalid or has expired.');
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // Default deny: a route that names no roles is open to none.
    if (!roles?.includes(actor.role)) throw CommonErrors.FORBIDDEN();
    return true;
  }
}
