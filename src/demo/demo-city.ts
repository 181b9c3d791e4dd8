/**
 * The demo city, generated as plain rows (no database): Hulunbuir's 14 banners with generated townships,
 * villages and party branches, a pool of lecturers, the course menu and a year of orders in every state.
 * Everything is drawn from one seeded PRNG, so the city is the same on every run relative to `now`
 * (only the ids differ, when `newId` makes random ones).
 */
import { loadBanners } from '../kernel/banners.js';
import { travelKm } from '../kernel/geo.js';
import { localDay } from '../kernel/time.js';
import { buildBranches, buildRegions } from './city.js';
import { Draws } from './draws.js';
import type { AccountRow, BranchRow, DemoCity, LecturerRow, NewId, RegionRow } from './model.js';
import { buildOrders } from './orders.js';
import { buildCourses, buildLecturers } from './roster.js';

const SEED = 20_251_126;

export function generateDemoCity(now: number, newId: NewId): DemoCity {
  const draws = new Draws(SEED);
  const regions = buildRegions(draws, loadBanners(), newId);
  const branches = buildBranches(draws, regions, newId);
  const { lecturers, demo } = buildLecturers(draws, regions, localDay(now), newId);
  const courses = buildCourses(draws, lecturers, demo, newId);
  const demoBranch = chooseDemoBranch(regions, branches, demo);
  const accounts = buildAccounts(branches, lecturers, demoBranch, demo, newId);
  const orders = buildOrders(draws, now, { branches, lecturers, courses, adminId: accounts[0].id, demoLecturer: demo, demoBranch }, newId);
  return { regions, branches, lecturers, courses, accounts, ...orders };
}

/** The `branch` login's branch: a gacha branch in a remote region of 新巴尔虎左旗 within the demo lecturer's reach, or the nearest to that. */
function chooseDemoBranch(regions: RegionRow[], branches: BranchRow[], demo: LecturerRow): BranchRow {
  const newBaragLeft = regions.find((r) => r.level === 'banner' && r.name === '新巴尔虎左旗')?.id;
  const remoteVillage = (b: BranchRow): boolean => b.kind === 'village' && b.region.remote;
  const gacha = (b: BranchRow): boolean => remoteVillage(b) && b.region.villageType === 'gacha';
  const near = (b: BranchRow): boolean => travelKm(b, demo) < 240;
  const byPreference = [
    (b: BranchRow) => gacha(b) && b.region.path[1] === newBaragLeft && near(b),
    (b: BranchRow) => gacha(b) && near(b),
    (b: BranchRow) => remoteVillage(b) && near(b),
    remoteVillage,
  ];
  for (const test of byPreference) {
    const found = branches.find(test);
    if (found) return found;
  }
  return branches[0];
}

/** The three demo logins, then an account for every other branch and lecturer that nobody can log in with. */
function buildAccounts(
  branches: BranchRow[],
  lecturers: LecturerRow[],
  demoBranch: BranchRow,
  demo: LecturerRow,
  newId: NewId,
): AccountRow[] {
  const accounts: AccountRow[] = [{ id: newId(), username: 'admin', role: 'admin', demoLogin: true, branchId: null, lecturerId: null }];
  demoBranch.accountId = newId();
  accounts.push({
    id: demoBranch.accountId,
    username: 'branch',
    role: 'branch',
    demoLogin: true,
    branchId: demoBranch.id,
    lecturerId: null,
  });
  demo.accountId = newId();
  accounts.push({ id: demo.accountId, username: 'lecturer', role: 'lecturer', demoLogin: true, branchId: null, lecturerId: demo.id });
  let n = 0;
  for (const b of branches.filter((x) => x !== demoBranch)) {
    b.accountId = newId();
    accounts.push({ id: b.accountId, username: `branch-${++n}`, role: 'branch', demoLogin: false, branchId: b.id, lecturerId: null });
  }
  n = 0;
  for (const l of lecturers.filter((x) => x !== demo)) {
    l.accountId = newId();
    accounts.push({ id: l.accountId, username: `lecturer-${++n}`, role: 'lecturer', demoLogin: false, branchId: null, lecturerId: l.id });
  }
  return accounts;
}
