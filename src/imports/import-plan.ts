/**
 * What an import would do, decided before anything is written: each row matched by its code to what
 * exists, created, updated or unchanged, and every problem of every row (duplicate codes, unknown
 * references, rows outside the admin's scope, a tree reshaped). Pure: the service loads what exists and
 * writes the plan only when it has no problem.
 */
import { linksFitRole, widensToWholeCity } from '../accounts/account-links.js';
import { normalizeUsername } from '../auth/username.js';
import { UNRESTRICTED_WEEK, type WeeklyWindow } from '../kernel/availability.js';
import {
  PARENT_LEVEL,
  type BranchKind,
  type LectureFormat,
  type LecturerCategory,
  type LecturerLevel,
  type RegionLevel,
  type Role,
} from '../kernel/vocabulary.js';
import { scopeCovers } from '../regions/region-scope.js';
import { sortWindows } from './cell-values.js';
import type { PartialRow, RowProblem, RowProblemCode, SheetRow } from './sheet-rows.js';
import { cellText, type ImportKind, headerOf } from './sheet-spec.js';

export interface KnownRegion {
  id: string;
  code: string | null;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  path: string[];
  latitude: number;
  longitude: number;
  border: boolean;
  remote: boolean;
  weak: boolean;
}
export interface KnownBranch {
  id: string;
  code: string | null;
  name: string;
  regionId: string;
  kind: BranchKind;
  memberCount: number;
  latitude: number;
  longitude: number;
}
export interface KnownLecturer {
  id: string;
  code: string | null;
  name: string;
  category: LecturerCategory;
  level: LecturerLevel;
  regionId: string;
  latitude: number;
  longitude: number;
  topics: string[];
  languages: string[];
  formats: string[];
  maxLecturesPerMonth: number;
  travelRadiusKm: number;
  weekly: WeeklyWindow[];
}
export interface KnownCourse {
  id: string;
  code: string | null;
  title: string;
  topic: string;
  description: string | null;
  durationMinutes: number;
  formats: LectureFormat[];
  lecturerIds: string[];
}
export interface KnownAccount {
  username: string;
  role: Role;
  branchId: string | null;
  lecturerId: string | null;
  regionId: string | null;
}

export interface Plan<T> {
  creates: T[];
  updates: T[];
  unchanged: number;
  problems: RowProblem[];
}

/** What a plan needs to know besides the rows: the admin's scope (null = the whole city), the region tree, new ids. */
export interface PlanContext {
  scope: string | null;
  regions: readonly KnownRegion[];
  newId: () => string;
}

const LEVEL_DEPTH: Record<RegionLevel, number> = { city: 0, banner: 1, township: 2, village: 3 };

class Problems {
  readonly list: RowProblem[] = [];
  constructor(private readonly kind: ImportKind) {}
  add(row: number, key: string, value: string | null, code: RowProblemCode): void {
    this.list.push({ row, column: headerOf(this.kind, key), value: cellText(this.kind, key, value ?? ''), code });
  }
}

/** Rows whose code an earlier row already has are reported, each of them; the first of each code goes on. */
function firstOfEachCode<T extends { code: string }>(
  rows: readonly { row: number; value: T }[],
  problems: Problems,
): Array<{ row: number; value: T }> {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const code = r.value.code.toLowerCase();
    if (!seen.has(code)) return seen.add(code);
    problems.add(r.row, 'code', r.value.code, 'IMPORT_CODE_DUPLICATE');
    return false;
  });
}

/**
 * How a sheet names a row: by its code, or by its id where it has none (a row made on a page or through the API),
 * so that an export goes back in unchanged and references to such a row hold.
 */
export const sheetCode = (r: { id: string; code: string | null }): string => r.code ?? r.id;

const byCode = <T extends { id: string; code: string | null }>(items: readonly T[]) =>
  new Map(items.map((i) => [sheetCode(i).toLowerCase(), i]));

/** The code a row keeps: a row named by its id still has none. */
const codeAfter = (before: { code: string | null } | undefined, code: string): string | null => (before?.code === null ? null : code);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
/**
 * The weekly pattern a lecturer's row gives: its cell's; for a new lecturer a blank cell or none says nothing, so no
 * hour is ruled out (as for one the API makes); for a known one a blank cell clears it and a missing column keeps it.
 */
function weeklyOf(cell: WeeklyWindow[] | null, before: { weekly: WeeklyWindow[] } | undefined): WeeklyWindow[] {
  if (before) return cell ?? before.weekly;
  return cell === null || cell.length === 0 ? [...UNRESTRICTED_WEEK] : cell;
}

const sameWeekly = (a: readonly WeeklyWindow[], b: readonly WeeklyWindow[]) =>
  JSON.stringify(sortWindows(a).map(({ weekday, from, to }) => [weekday, from, to])) ===
  JSON.stringify(sortWindows(b).map(({ weekday, from, to }) => [weekday, from, to]));
const sameCoordinate = (a: number, b: number) => Math.abs(a - b) < 1e-9;

function split<T extends { id: string }>(plans: Array<{ item: T; existed: boolean; changed: boolean }>, problems: Problems): Plan<T> {
  return {
    creates: plans.filter((p) => !p.existed).map((p) => p.item),
    updates: plans.filter((p) => p.existed && p.changed).map((p) => p.item),
    unchanged: plans.filter((p) => p.existed && !p.changed).length,
    problems: problems.list,
  };
}

export function planRegions(rows: readonly SheetRow<'regions'>[], ctx: PlanContext): Plan<KnownRegion> {
  const problems = new Problems('regions');
  const unique = firstOfEachCode(rows, problems);
  const known = byCode(ctx.regions);
  const inFile = new Map(unique.map((r) => [r.value.code.toLowerCase(), r]));
  const placed = new Map<string, KnownRegion>(); // by lower-case code, as this import leaves them
  const plans: Array<{ item: KnownRegion; existed: boolean; changed: boolean }> = [];
  // Top of the tree first, so that a parent in the same file is placed before its children.
  for (const { row, value: r } of [...unique].sort((a, b) => LEVEL_DEPTH[a.value.level] - LEVEL_DEPTH[b.value.level])) {
    const existing = known.get(r.code.toLowerCase());
    const wantedParent = PARENT_LEVEL[r.level];
    let parent: KnownRegion | undefined;
    if (wantedParent === null) {
      if (r.parentCode !== null) problems.add(row, 'parentCode', r.parentCode, 'IMPORT_PARENT_INVALID');
    } else if (r.parentCode === null) {
      problems.add(row, 'parentCode', '', 'IMPORT_VALUE_REQUIRED');
      continue;
    } else {
      parent = placed.get(r.parentCode.toLowerCase()) ?? nameableParent(ctx, known, r.code, r.parentCode);
      if (!parent) {
        problems.add(
          row,
          'parentCode',
          r.parentCode,
          inFile.has(r.parentCode.toLowerCase()) ? 'IMPORT_PARENT_INVALID' : 'IMPORT_REFERENCE_UNKNOWN',
        );
        continue;
      }
      if (parent.level !== wantedParent) {
        problems.add(row, 'parentCode', r.parentCode, 'IMPORT_PARENT_INVALID');
        continue;
      }
    }
    if (existing) {
      if (!scopeCovers(ctx.scope, existing)) {
        problems.add(row, 'code', r.code, 'IMPORT_OUT_OF_SCOPE');
        continue;
      }
      // The tree's shape is fixed once made, as PATCH /regions has it.
      if (existing.level !== r.level) problems.add(row, 'level', r.level, 'IMPORT_TREE_FIXED');
      if ((parent?.id ?? null) !== existing.parentId) problems.add(row, 'parentCode', r.parentCode, 'IMPORT_TREE_FIXED');
      const item = { ...existing, ...pick(r, existing), level: existing.level };
      const changed =
        existing.name !== item.name ||
        !sameCoordinate(existing.latitude, item.latitude) ||
        !sameCoordinate(existing.longitude, item.longitude) ||
        existing.border !== item.border ||
        existing.remote !== item.remote ||
        existing.weak !== item.weak;
      placed.set(r.code.toLowerCase(), item);
      plans.push({ item, existed: true, changed });
      continue;
    }
    // A new region hangs inside the scope: a banner admin adds townships and villages of its banner only.
    if (ctx.scope !== null && !(parent && scopeCovers(ctx.scope, parent))) {
      problems.add(row, parent ? 'parentCode' : 'level', parent ? r.parentCode : r.level, 'IMPORT_OUT_OF_SCOPE');
      continue;
    }
    const id = ctx.newId();
    const item: KnownRegion = { id, code: r.code, parentId: parent?.id ?? null, path: [...(parent?.path ?? []), id], ...pick(r) };
    placed.set(r.code.toLowerCase(), item);
    plans.push({ item, existed: false, changed: true });
  }
  return split(plans, problems);
}

/**
 * The region a row of code `code` names as its parent, if the admin may name it. A region outside the admin's scope
 * is not theirs to know of: as a parent its code is unknown, but for the top of the scope itself, which names the
 * parent it has (as the admin's own export writes it): that is no change.
 */
function nameableParent(ctx: PlanContext, known: Map<string, KnownRegion>, code: unknown, parentCode: string): KnownRegion | undefined {
  const parent = known.get(parentCode.toLowerCase());
  if (parent === undefined || scopeCovers(ctx.scope, parent)) return parent;
  const own = typeof code === 'string' ? known.get(code.toLowerCase()) : undefined;
  return own !== undefined && own.parentId === parent.id && scopeCovers(ctx.scope, own) ? parent : undefined;
}

/** A region's fields as a row gives them; a flag whose column the sheet lacks stays as it was (a new region's: not set). */
function pick(r: SheetRow<'regions'>['value'], before?: Pick<KnownRegion, 'border' | 'remote' | 'weak'>) {
  return {
    name: r.name,
    level: r.level,
    latitude: r.latitude,
    longitude: r.longitude,
    border: r.border ?? before?.border ?? false,
    remote: r.remote ?? before?.remote ?? false,
    weak: r.weak ?? before?.weak ?? false,
  };
}

/** Whether a region, by id, lies in the admin's scope: what lies outside is not the admin's to know of, or to change. */
function regionInScope(ctx: PlanContext): (regionId: string) => boolean {
  const regionById = new Map(ctx.regions.map((r) => [r.id, r]));
  return (regionId) => {
    const region = regionById.get(regionId);
    return region !== undefined && scopeCovers(ctx.scope, region);
  };
}

/** A region a row names by code, in the scope; one outside it is as unknown as one that does not exist. */
function regionIn(ctx: PlanContext, regions: Map<string, KnownRegion>, regionCode: string): KnownRegion | RowProblemCode {
  const region = regions.get(regionCode.toLowerCase());
  return region && scopeCovers(ctx.scope, region) ? region : 'IMPORT_REFERENCE_UNKNOWN';
}

/**
 * A place is both its coordinates or neither (then the region's): one alone would be paired with the region's other,
 * a point nobody gave. The one missing is required, as the API refuses a latitude without a longitude.
 */
function coordinatesPaired(problems: Problems, row: number, r: { latitude: number | null; longitude: number | null }): boolean {
  if ((r.latitude === null) === (r.longitude === null)) return true;
  problems.add(row, r.latitude === null ? 'latitude' : 'longitude', '', 'IMPORT_VALUE_REQUIRED');
  return false;
}

export function planBranches(rows: readonly SheetRow<'branches'>[], existing: readonly KnownBranch[], ctx: PlanContext): Plan<KnownBranch> {
  const problems = new Problems('branches');
  const regions = byCode(ctx.regions);
  const inScope = regionInScope(ctx);
  const known = byCode(existing);
  const plans: Array<{ item: KnownBranch; existed: boolean; changed: boolean }> = [];
  for (const { row, value: b } of firstOfEachCode(rows, problems)) {
    const region = regionIn(ctx, regions, b.regionCode);
    const before = known.get(b.code.toLowerCase());
    if (before && !inScope(before.regionId)) problems.add(row, 'code', b.code, 'IMPORT_OUT_OF_SCOPE');
    if (typeof region === 'string') {
      problems.add(row, 'regionCode', b.regionCode, region);
      continue;
    }
    if (!coordinatesPaired(problems, row, b)) continue;
    const item: KnownBranch = {
      id: before?.id ?? ctx.newId(),
      code: codeAfter(before, b.code),
      name: b.name,
      regionId: region.id,
      kind: b.kind,
      memberCount: b.memberCount,
      latitude: b.latitude ?? before?.latitude ?? region.latitude,
      longitude: b.longitude ?? before?.longitude ?? region.longitude,
    };
    const changed =
      !before ||
      before.name !== item.name ||
      before.regionId !== item.regionId ||
      before.kind !== item.kind ||
      before.memberCount !== item.memberCount ||
      !sameCoordinate(before.latitude, item.latitude) ||
      !sameCoordinate(before.longitude, item.longitude);
    plans.push({ item, existed: before !== undefined, changed });
  }
  return split(plans, problems);
}

export function planLecturers(
  rows: readonly SheetRow<'lecturers'>[],
  existing: readonly KnownLecturer[],
  ctx: PlanContext,
): Plan<KnownLecturer> {
  const problems = new Problems('lecturers');
  const regions = byCode(ctx.regions);
  const inScope = regionInScope(ctx);
  const known = byCode(existing);
  const plans: Array<{ item: KnownLecturer; existed: boolean; changed: boolean }> = [];
  for (const { row, value: l } of firstOfEachCode(rows, problems)) {
    const region = regionIn(ctx, regions, l.regionCode);
    const before = known.get(l.code.toLowerCase());
    if (before && !inScope(before.regionId)) problems.add(row, 'code', l.code, 'IMPORT_OUT_OF_SCOPE');
    if (typeof region === 'string') {
      problems.add(row, 'regionCode', l.regionCode, region);
      continue;
    }
    if (!coordinatesPaired(problems, row, l)) continue;
    const item: KnownLecturer = {
      id: before?.id ?? ctx.newId(),
      code: codeAfter(before, l.code),
      name: l.name,
      category: l.category,
      level: l.level,
      regionId: region.id,
      latitude: l.latitude ?? before?.latitude ?? region.latitude,
      longitude: l.longitude ?? before?.longitude ?? region.longitude,
      topics: l.topics ?? before?.topics ?? [],
      languages: l.languages,
      formats: l.formats,
      maxLecturesPerMonth: l.maxLecturesPerMonth,
      travelRadiusKm: l.travelRadiusKm,
      weekly: weeklyOf(l.availability, before),
    };
    const changed =
      !before ||
      before.name !== item.name ||
      before.category !== item.category ||
      before.level !== item.level ||
      before.regionId !== item.regionId ||
      !sameCoordinate(before.latitude, item.latitude) ||
      !sameCoordinate(before.longitude, item.longitude) ||
      !sameSet(before.topics, item.topics) ||
      !sameSet(before.languages, item.languages) ||
      !sameSet(before.formats, item.formats) ||
      before.maxLecturesPerMonth !== item.maxLecturesPerMonth ||
      before.travelRadiusKm !== item.travelRadiusKm ||
      !sameWeekly(before.weekly, item.weekly);
    plans.push({ item, existed: before !== undefined, changed });
  }
  return split(plans, problems);
}

export function planCourses(
  rows: readonly SheetRow<'courses'>[],
  existing: readonly KnownCourse[],
  lecturers: readonly Pick<KnownLecturer, 'id' | 'code'>[],
  ctx: Pick<PlanContext, 'newId'>,
): Plan<KnownCourse> {
  const problems = new Problems('courses');
  const known = byCode(existing);
  const lecturerByCode = byCode(lecturers);
  const plans: Array<{ item: KnownCourse; existed: boolean; changed: boolean }> = [];
  for (const { row, value: c } of firstOfEachCode(rows, problems)) {
    const unknown = (c.lecturerCodes ?? []).filter((code) => !lecturerByCode.has(code.toLowerCase()));
    for (const code of unknown) problems.add(row, 'lecturerCodes', code, 'IMPORT_REFERENCE_UNKNOWN');
    if (unknown.length > 0) continue;
    const before = known.get(c.code.toLowerCase());
    const item: KnownCourse = {
      id: before?.id ?? ctx.newId(),
      code: codeAfter(before, c.code),
      title: c.title,
      topic: c.topic,
      description: c.description === undefined ? (before?.description ?? null) : c.description,
      durationMinutes: c.durationMinutes,
      formats: c.formats,
      lecturerIds:
        c.lecturerCodes === undefined
          ? (before?.lecturerIds ?? [])
          : [...new Set(c.lecturerCodes.map((code) => (lecturerByCode.get(code.toLowerCase()) as { id: string }).id))],
    };
    const changed =
      !before ||
      before.title !== item.title ||
      before.topic !== item.topic ||
      (before.description ?? null) !== item.description ||
      before.durationMinutes !== item.durationMinutes ||
      !sameSet(before.formats, item.formats) ||
      !sameSet(before.lecturerIds, item.lecturerIds);
    plans.push({ item, existed: before !== undefined, changed });
  }
  return split(plans, problems);
}

/** An account to create, with the links its role takes. */
export interface PlannedAccount {
  id: string;
  username: string;
  role: Role;
  branchId: string | null;
  lecturerId: string | null;
  regionId: string | null;
}

/**
 * Accounts are matched by username: one that exists with the same role and link is unchanged (an import
 * never changes an account, nor its password); one that exists otherwise is a problem.
 */
export function planAccounts(
  rows: readonly SheetRow<'accounts'>[],
  existing: readonly KnownAccount[],
  links: {
    branches: readonly Pick<KnownBranch, 'id' | 'code' | 'regionId'>[];
    lecturers: readonly Pick<KnownLecturer, 'id' | 'code' | 'regionId'>[];
  },
  ctx: PlanContext,
): Plan<PlannedAccount> {
  const problems = new Problems('accounts');
  const known = new Map(existing.map((a) => [normalizeUsername(a.username), a]));
  const regions = byCode(ctx.regions);
  const inScope = regionInScope(ctx);
  const branches = byCode(links.branches);
  const lecturers = byCode(links.lecturers);
  const seen = new Set<string>();
  const plans: Array<{ item: PlannedAccount; existed: boolean; changed: boolean }> = [];
  for (const { row, value: a } of rows) {
    if (seen.has(normalizeUsername(a.username))) {
      problems.add(row, 'username', a.username, 'IMPORT_CODE_DUPLICATE');
      continue;
    }
    seen.add(normalizeUsername(a.username));
    const given = { branch: a.branchCode !== null, lecturer: a.lecturerCode !== null, region: a.regionCode !== null };
    if (!linksFitRole(a.role, given)) {
      problems.add(row, 'role', a.role, 'IMPORT_LINK_INVALID');
      continue;
    }
    if (widensToWholeCity(a.role, given, ctx.scope === null)) {
      problems.add(row, 'regionCode', '', 'IMPORT_OUT_OF_SCOPE');
      continue;
    }
    let link: Pick<PlannedAccount, 'branchId' | 'lecturerId' | 'regionId'> = { branchId: null, lecturerId: null, regionId: null };
    // Branches and regions outside the scope are not the admin's to know of (an unknown code); the lecturers'
    // roster is city-wide, so a lecturer homed outside it is named as such.
    const linkProblem = (column: string, value: string, found: { regionId: string } | undefined): boolean => {
      const nameable = found !== undefined && (column === 'lecturerCode' || inScope(found.regionId));
      if (!nameable) problems.add(row, column, value, 'IMPORT_REFERENCE_UNKNOWN');
      else if (!inScope(found.regionId)) problems.add(row, column, value, 'IMPORT_OUT_OF_SCOPE');
      return !found || !inScope(found.regionId);
    };
    if (a.branchCode !== null) {
      const branch = branches.get(a.branchCode.toLowerCase());
      if (linkProblem('branchCode', a.branchCode, branch)) continue;
      link = { ...link, branchId: (branch as { id: string }).id };
    } else if (a.lecturerCode !== null) {
      const lecturer = lecturers.get(a.lecturerCode.toLowerCase());
      if (linkProblem('lecturerCode', a.lecturerCode, lecturer)) continue;
      link = { ...link, lecturerId: (lecturer as { id: string }).id };
    } else if (a.regionCode !== null) {
      const region = regions.get(a.regionCode.toLowerCase());
      if (linkProblem('regionCode', a.regionCode, region && { regionId: region.id })) continue;
      link = { ...link, regionId: (region as KnownRegion).id };
    }
    const before = known.get(normalizeUsername(a.username));
    if (before) {
      const same =
        before.role === a.role &&
        before.branchId === link.branchId &&
        before.lecturerId === link.lecturerId &&
        before.regionId === link.regionId;
      if (!same) problems.add(row, 'username', a.username, 'IMPORT_ACCOUNT_EXISTS');
      else plans.push({ item: { id: '', username: a.username, role: a.role, ...link }, existed: true, changed: false });
      continue;
    }
    plans.push({ item: { id: ctx.newId(), username: a.username, role: a.role, ...link }, existed: false, changed: true });
  }
  return split(plans, problems);
}

/** What the references of rows are checked against, besides the region tree. */
export interface ReferenceLookups {
  /** Every code of the file's rows (a region's parent may be a row of the same file). */
  fileCodes: ReadonlySet<string>;
  branches: readonly Pick<KnownBranch, 'id' | 'code' | 'regionId'>[];
  lecturers: readonly Pick<KnownLecturer, 'id' | 'code' | 'regionId'>[];
}

/**
 * The references of rows whose own cells are wrong, checked all the same, so that one pass reports every
 * problem: a region's parent, a branch's or lecturer's region, a course's lecturers, an account's links.
 */
export function referenceProblems(
  kind: ImportKind,
  rows: readonly PartialRow[],
  ctx: PlanContext,
  lookups: ReferenceLookups,
): RowProblem[] {
  const problems = new Problems(kind);
  const regions = byCode(ctx.regions);
  const branches = byCode(lookups.branches);
  const lecturers = byCode(lookups.lecturers);
  const inScope = regionInScope(ctx);
  const check = (row: number, key: string, code: unknown, found: (code: string) => { regionId: string } | 'file' | undefined) => {
    if (typeof code !== 'string') return;
    const hit = found(code.toLowerCase());
    if (hit === undefined) problems.add(row, key, code, 'IMPORT_REFERENCE_UNKNOWN');
    else if (hit !== 'file' && !inScope(hit.regionId)) problems.add(row, key, code, 'IMPORT_OUT_OF_SCOPE');
  };
  // Regions and branches outside the scope are not the admin's to know of: named, they are unknown codes.
  const region = (code: string) => {
    const r = regions.get(code);
    return r && inScope(r.id) ? { regionId: r.id } : undefined;
  };
  const branch = (code: string) => {
    const b = branches.get(code);
    return b && inScope(b.regionId) ? b : undefined;
  };
  for (const { row, value } of rows) {
    if (kind === 'regions') {
      if (
        typeof value.parentCode === 'string' &&
        !lookups.fileCodes.has(value.parentCode.toLowerCase()) &&
        nameableParent(ctx, regions, value.code, value.parentCode) === undefined
      ) {
        problems.add(row, 'parentCode', value.parentCode, 'IMPORT_REFERENCE_UNKNOWN');
      }
    } else if (kind === 'branches' || kind === 'lecturers') {
      check(row, 'regionCode', value.regionCode, region);
    } else if (kind === 'courses') {
      for (const code of Array.isArray(value.lecturerCodes) ? (value.lecturerCodes as string[]) : []) {
        if (!lecturers.has(code.toLowerCase())) problems.add(row, 'lecturerCodes', code, 'IMPORT_REFERENCE_UNKNOWN');
      }
    } else {
      check(row, 'branchCode', value.branchCode, branch);
      check(row, 'lecturerCode', value.lecturerCode, (code) => lecturers.get(code));
      check(row, 'regionCode', value.regionCode, region);
    }
  }
  return problems.list;
}

/**
 * Codes (usernames for accounts) that a row with wrong cells shares with another row. The plans report
 * repeats among well-read rows (firstOfEachCode) and never see the others, so that one pass still reports
 * every problem: a row is reported when an earlier row holds its code and it has wrong cells itself, or it
 * is the first well-read row of that code (a later well-read one the plans report).
 */
export function duplicatesBesidePartialRows(
  kind: ImportKind,
  rows: readonly { row: number; value: object }[],
  partial: readonly PartialRow[],
): RowProblem[] {
  const key = kind === 'accounts' ? 'username' : 'code';
  const problems = new Problems(kind);
  const all = [...rows.map((r) => ({ ...r, wellRead: true })), ...partial.map((p) => ({ ...p, wellRead: false }))].sort(
    (a, b) => a.row - b.row,
  );
  const seen = new Set<string>();
  const seenWellRead = new Set<string>();
  for (const { row, value, wellRead } of all) {
    const code: unknown = (value as Record<string, unknown>)[key];
    if (typeof code !== 'string') continue;
    const folded = code.toLowerCase();
    if (seen.has(folded) && (!wellRead || !seenWellRead.has(folded))) problems.add(row, key, code, 'IMPORT_CODE_DUPLICATE');
    seen.add(folded);
    if (wellRead) seenWellRead.add(folded);
  }
  return problems.list;
}
