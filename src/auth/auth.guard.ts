import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { CommonErrors } from '../common/domain-error.js';
import { type Actor, BEFORE_PASSWORD_CHANGE, IS_PUBLIC, ROLES_KEY, type TokenClaims } from './actor.js';
import type { Role } from '../kernel/vocabulary.js';
import { AuthErrors } from './auth.errors.js';
import { LiveAccounts } from './live-accounts.js';
import { bearerToken, requestClaims } from './token-verification.js';

/** What the guard found of the token's session beside its actor, for the routes allowed before a password change. */
export interface SessionFlags {
  passwordChangeRequired?: boolean;
}

/** Verifies the bearer token on every route not marked @Public, that its session still lives, then the route's @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: LiveAccounts,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<{ headers: { authorization?: unknown }; actor?: Actor } & SessionFlags>();
    if (bearerToken(req.headers.authorization) === undefined) throw CommonErrors.UNAUTHENTICATED();
    // Forged, expired, without exp/iat, with claims that do not fit its role, or its session over: no token at all.
    const claims = await requestClaims<TokenClaims>(this.jwt, req);
    const session = claims && (await this.accounts.sessionOf(claims));
    if (!session) throw CommonErrors.UNAUTHENTICATED('The bearer token is invalid or has expired.');
    req.actor = session.actor;
    req.passwordChangeRequired = session.passwordChangeRequired;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // Default deny: a route that names no roles is open to none.
    if (!roles?.includes(session.actor.role)) throw CommonErrors.FORBIDDEN();
    if (session.passwordChangeRequired && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)) {
      throw AuthErrors.PASSWORD_CHANGE_REQUIRED();
    }
    return true;
  }
}
