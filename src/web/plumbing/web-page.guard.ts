import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Actor, BEFORE_PASSWORD_CHANGE, Public, ROLES_KEY, Roles } from '../../auth/actor.js';
import { CommonErrors } from '../../common/domain-error.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { StorablePageInput } from './storable-page-input.js';
import { PageLanguageInterceptor } from './page-language.js';
import { WebErrorFilter } from './web-error.filter.js';
import { csrfInvalid, PasswordChangeRequired, SessionRequired } from '../web.errors.js';
import { WebSessionService } from './web-session.service.js';
import type { Role } from '../../kernel/vocabulary.js';
import type { PageRequest } from './page-request.js';

export type { PageRequest } from './page-request.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The pages' own gate, in place of the API's bearer guard (page routes are @Public to it): the
 * session cookie gives the Actor, the route's @Roles are checked as the API checks them (a page
 * without @Roles, such as the login and sign-in pages, is open to anyone), and every state-changing
 * request must carry the session's CSRF token. Ownership is then the services' business, as in the API.
 */
@Injectable()
export class WebPageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly session: WebSessionService,
    private readonly notifications: NotificationsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PageRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const session = await this.session.sessionOf(req);
    // A form sent after the session ended (its cookie expired, or the session was ended elsewhere) leads to the
    // login page, and from there back to the form, rather than to a CSRF refusal (the token is bound to the session's
    // cookie: an expired cookie's form no longer matches).
    if (roles !== undefined && !session) throw new SessionRequired();
    if (!SAFE_METHODS.has(req.method) && !this.session.csrfValid(req)) throw csrfInvalid();
    if (session) await this.recognise(req, session.actor);
    if (roles === undefined || !session) return true; // the login page and the like: open to anyone
    if (!roles.includes(session.actor.role)) throw CommonErrors.FORBIDDEN();
    // A temporary password: the password page first, as the API answers 403 PASSWORD_CHANGE_REQUIRED.
    if (session.passwordChangeRequired && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)) {
      throw new PasswordChangeRequired();
    }
    return true;
  }

  /**
   * Puts the signed-in person on a page request, with what every page's header shows of them (a form refused and
   * shown again as much as any other). Also for pages no route serves (pageNotFound), which never pass the guard.
   */
  async recognise(req: PageRequest, actor?: Actor): Promise<void> {
    const who = actor ?? (await this.session.sessionOf(req))?.actor;
    if (!who) return;
    req.actor = who;
    req.unreadNotifications = await this.notifications.unreadBadge(who);
  }
}

/**
 * A controller (or route) of pages: invisible to the API's bearer guard, guarded by the session
 * instead, its errors shown as pages, in the page's language. With no roles given it is open to anyone.
 */
export const WebPages = (...roles: Role[]) =>
  applyDecorators(
    Public(),
    ...(roles.length > 0 ? [Roles(...roles)] : []),
    UseGuards(WebPageGuard),
    UseInterceptors(PageLanguageInterceptor, StorablePageInput),
    UseFilters(WebErrorFilter),
  );

/** The logged-in person of a page guarded by @WebPages(roles). */
export function actorOf(req: PageRequest): Actor {
  if (!req.actor) throw new SessionRequired();
  return req.actor;
}
