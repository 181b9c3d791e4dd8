import type { Role } from '../kernel/vocabulary.js';

/** Which links an account is given: its branch, its lecturer, its region (an admin's scope). */
export interface AccountLinks {
  branch: boolean;
  lecturer: boolean;
  region: boolean;
}

/**
 * A role takes exactly the link it needs: a branch account its branch, a lecturer account its lecturer, an
 * admin at most a region — and must have one unless it is made by a city-wide admin (`byCityAdmin`).
 */
export function linksFitRole(role: Role, links: AccountLinks, byCityAdmin: boolean): boolean {
  if (role === 'branch') return links.branch && !links.lecturer && !links.region;
  if (role === 'lecturer') return links.lecturer && !links.branch && !links.region;
  return !links.branch && !links.lecturer && (links.region || byCityAdmin);
}
