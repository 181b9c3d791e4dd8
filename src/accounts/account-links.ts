import type { Role } from '../kernel/vocabulary.js';

/** Which links an account is given: its branch, its lecturer, its region (an admin's scope). */
export interface AccountLinks {
  branch: boolean;
  lecturer: boolean;
  region: boolean;
}

/**
 * A role takes exactly the link it needs: a branch account its branch, a lecturer account its lecturer, an
 * admin at most a region (none: the whole city, which only a city-wide admin may give; see AccountsService).
 */
export function linksFitRole(role: Role, links: AccountLinks): boolean {
  return linkAmiss(role, links) === undefined;
}

/** The link that makes the account not fit its role: its own one missing, else the first it may not take. */
export function linkAmiss(role: Role, links: AccountLinks): 'branchId' | 'lecturerId' | 'regionId' | undefined {
  const own = role === 'branch' ? 'branch' : role === 'lecturer' ? 'lecturer' : undefined;
  if (own !== undefined && !links[own]) return `${own}Id`;
  const allowed = new Set([own, role === 'admin' ? 'region' : undefined]);
  return (['branch', 'lecturer', 'region'] as const).filter((l) => links[l] && !allowed.has(l)).map((l) => `${l}Id` as const)[0];
}

/** An admin without a region sees the whole city: only an admin who already does (`byCityAdmin`) may make one. */
export function widensToWholeCity(role: Role, links: Pick<AccountLinks, 'region'>, byCityAdmin: boolean): boolean {
  return role === 'admin' && !links.region && !byCityAdmin;
}
