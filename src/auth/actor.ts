import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../kernel/vocabulary.js';

/** Who is making the request, from the verified bearer token. */
export interface Actor {
  accountId: string;
  username: string;
  role: Role;
  branchId: string | null;
  lecturerId: string | null;
  /** An admin's scope: the root of the region subtree it sees; null = the whole city. */
  regionId: string | null;
}

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The roles that may call a route; ownership is then checked by the feature's service. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);
