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
  if (role === 'branch') return links.branch && !links.lecturer && !links.region;
  if (role === 'lecturer') return links.lecturer && !links.branch && !links.region;
  return !links.branch && !links.lecturer;
}

/** An admin without a region sees the whole city: only an admin who already does (`byCityAdmin`) may make one. */
export function widensToWholeCity(role: Role, links: Pick<AccountLinks, 'region'>, byCityAdmin: boolean): boolean {
  return role === 'admin' && !links.region && !byCityAdmin;
}
