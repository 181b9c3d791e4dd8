import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { CommonErrors } from '../common/domain-error.js';
import type { Role } from '../kernel/vocabulary.js';

interface ActorBase {
  accountId: string;
  username: string;
}

export interface AdminActor extends ActorBase {
  role: 'admin';
  /** An admin's scope: the root of the region subtree it sees; null = the whole city. */
  regionId: string | null;
}

export interface BranchActor extends ActorBase {
  role: 'branch';
  branchId: string;
}

export interface LecturerActor extends ActorBase {
  role: 'lecturer';
  lecturerId: string;
}

/** Who is making the request, from the verified bearer token: each role with the link it acts through. */
export type Actor = AdminActor | BranchActor | LecturerActor;

/** What a token says about its account (short names keep the token small). */
export interface TokenClaims {
  sub: string;
  usr: string;
  role: Role;
  bid: string | null;
  lid: string | null;
  rid: string | null;
  /** The session (one login): logging out ends it. */
  sid: string;
  /** The account's token version when the token was issued (see AccountState). */
  ver: number;
}

/** An id as we issue them (a UUID): what a token's claims hold, or it was never ours. */
const isId = (value: unknown): value is string => typeof value === 'string' && isUUID(value);

/**
 * The Actor a verified token speaks for, or undefined when its claims do not fit its role (as the
 * accounts table's role check has it): such a token was never issued by us and is refused.
 */
export function actorFromClaims(c: TokenClaims): Actor | undefined {
  if (!isId(c.sub) || typeof c.usr !== 'string' || !isId(c.sid) || !Number.isSafeInteger(c.ver)) return undefined;
  const who = { accountId: c.sub, username: c.usr };
  switch (c.role) {
    case 'admin':
      return c.bid === null && c.lid === null && (c.rid === null || isId(c.rid)) ? { ...who, role: 'admin', regionId: c.rid } : undefined;
    case 'branch':
      return isId(c.bid) && c.lid === null && c.rid === null ? { ...who, role: 'branch', branchId: c.bid } : undefined;
    case 'lecturer':
      return isId(c.lid) && c.bid === null && c.rid === null ? { ...who, role: 'lecturer', lecturerId: c.lid } : undefined;
    default:
      return undefined;
  }
}

/** The branch a branch actor acts for; null for the other roles. */
export const branchIdOf = (actor: Actor): string | null => (actor.role === 'branch' ? actor.branchId : null);
/** The lecturer a lecturer actor is; null for the other roles. */
export const lecturerIdOf = (actor: Actor): string | null => (actor.role === 'lecturer' ? actor.lecturerId : null);
/** The branch of a branch-only route's actor (the role guard lets no one else this far: anyone else is forbidden). */
export function requireBranchId(actor: Actor): string {
  if (actor.role !== 'branch') throw CommonErrors.FORBIDDEN();
  return actor.branchId;
}
/** The lecturer of a lecturer-only route's actor (the role guard lets no one else this far: anyone else is forbidden). */
export function requireLecturerId(actor: Actor): string {
  if (actor.role !== 'lecturer') throw CommonErrors.FORBIDDEN();
  return actor.lecturerId;
}
/** The region subtree an actor is confined to: an admin's scope; null (no region limit) for the other roles. */
export const regionScopeOf = (actor: Actor): string | null => (actor.role === 'admin' ? actor.regionId : null);

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const BEFORE_PASSWORD_CHANGE = 'auth:before-password-change';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The roles that may call a route; ownership is then checked by the feature's service. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Open to an account that must still change its temporary password (changing it, logging out, who am I). */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);

/** The Actor the auth guard put on the request. */
export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ actor: Actor }>().actor,
);
