import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service.js';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import { BranchesService } from '../branches/branches.service.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transactions.js';
import { CoursesService } from '../courses/courses.service.js';
import { connectionHolding, unlockSession } from '../database/lock-keys.js';
import { MESSAGES_ZH } from '../i18n/messages-zh.js';
import {
  CATEGORY_ZH,
  FORMAT_ZH,
  BRANCH_KIND_ZH,
  LANGUAGE_ZH,
  LEVEL_ZH,
  REGION_LEVEL_ZH,
  ROLE_ZH,
  TOPIC_ZH,
  labelOf,
} from '../i18n/labels-zh.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import type { Region } from '../regions/region.entity.js';
import { scopeCovers } from '../regions/region-scope.js';
import { RegionsService } from '../regions/regions.service.js';
import { formatAvailability } from './cell-values.js';
import {
  type Plan,
  type PlanContext,
  planAccounts,
  planBranches,
  planCourses,
  planLecturers,
  planRegions,
  referenceProblems,
  sheetCode,
  duplicatesBesidePartialRows,
} from './import-plan.js';
import type { ImportReport } from './imports.dto.js';
import { ImportErrors } from './imports.errors.js';
import { sheetLines } from './sheet-reader.js';
import { type PartialRow, type RowProblem, type SheetRow, matchHeaders, readRow } from './sheet-rows.js';
import { type ImportKind, SHEET_COLUMNS, headerOf } from './sheet-spec.js';
import { kindWorkbook, type SheetCell } from './sheet-writer.js';

type Rows = SheetRow<ImportKind>[];

/** A plan of any kind, and how to write it. */
interface Planned {
  plan: Plan<{ id: string }>;
  write(manager: EntityManager): Promise<Array<{ username: string; temporaryPassword: string }> | void>;
}

const list = (labels: Readonly<Record<string, string>>, codes: readonly string[]) => codes.map((c) => labelOf(labels, c)).join('、');
const yesNo = (b: boolean) => (b ? '是' : '否');

/** A sheet's row: its cells by column. */
type SheetRecord = Record<string, SheetCell>;

/** Whose rows an export writes: the actor's scope, and every region's code to name references by. */
interface ExportScope {
  actor: Actor;
  scope: string | null;
  regions: Region[];
  regionCode: ReadonlyMap<string, string>;
}

/** How much of a cell a problem shows: enough to find it in the sheet (a 40,000-character cell pushed the reason out of view). */
const PREVIEW_CHARACTERS = 100;

/** A cell's value as a problem shows it: cut to PREVIEW_CHARACTERS, with an ellipsis where cut (whole characters only). */
export function preview(value: string): string {
  const characters = [...value];
  return characters.length <= PREVIEW_CHARACTERS ? value : `${characters.slice(0, PREVIEW_CHARACTERS).join('')}…`;
}

/**
 * An office's own spreadsheets: templates, exports in the same shape, and imports that check every row
 * before writing any (pure planning in import-plan.ts), then write them all in one transaction through
 * each feature's service.
 */

/** How long a real import waits for the one before it (a sheet of 30,000 rows takes a few seconds). */
const IMPORT_WAIT_MS = 60_000;
@Injectable()
export class ImportsService {
  constructor(
    private readonly db: DataSource,
    private readonly regions: RegionsService,
    private readonly branches: BranchesService,
    private readonly lecturers: LecturersService,
    private readonly courses: CoursesService,
    private readonly accounts: AccountsService,
  ) {}

  template(kind: ImportKind): Promise<Buffer> {
    return kindWorkbook(kind, 'example');
  }

  /** What the actor may import of `kind`, in the template's shape: an import of it changes nothing. */
  async export(actor: Actor, kind: ImportKind): Promise<Buffer> {
    const regions = await this.regions.findAll();
    const scope: ExportScope = {
      actor,
      scope: regionScopeOf(actor),
      regions,
      regionCode: new Map(regions.map((r) => [r.id, sheetCode(r)])),
    };
    const rowsOf: Record<ImportKind, (s: ExportScope) => Promise<SheetRecord[]>> = {
      regions: (s) => Promise.resolve(this.regionRows(s)),
      branches: (s) => this.branchRows(s),
      lecturers: (s) => this.lecturerRows(s),
      courses: () => this.courseRows(),
      accounts: (s) => this.accountRows(s),
    };
    return kindWorkbook(kind, await rowsOf[kind](scope));
  }

  private regionRows({ scope, regions, regionCode }: ExportScope): SheetRecord[] {
    return regions
      .filter((r) => scopeCovers(scope, r))
      .sort((a, b) => a.path.length - b.path.length || sheetCode(a).localeCompare(sheetCode(b)))
      .map((r) => ({
        code: sheetCode(r),
        name: r.name,
        level: REGION_LEVEL_ZH[r.level],
        parentCode: r.parentId === null ? '' : (regionCode.get(r.parentId) ?? ''),
        latitude: r.latitude,
        longitude: r.longitude,
        border: yesNo(r.border),
        remote: yesNo(r.remote),
        weak: yesNo(r.weak),
      }));
  }

  private async branchRows({ actor, regionCode }: ExportScope): Promise<SheetRecord[]> {
    return (await this.branches.findAllVisible(actor)).map((b) => ({
      code: sheetCode(b),
      name: b.name,
      regionCode: regionCode.get(b.regionId) ?? '',
      kind: BRANCH_KIND_ZH[b.kind],
      memberCount: b.memberCount,
      latitude: b.latitude,
      longitude: b.longitude,
    }));
  }

  private async lecturerRows({ scope, regionCode }: ExportScope): Promise<SheetRecord[]> {
    return (await this.lecturers.findAllManagedWithin(scope)).map((l) => ({
      code: sheetCode(l),
      name: l.name,
      category: CATEGORY_ZH[l.category],
      level: LEVEL_ZH[l.level],
      regionCode: regionCode.get(l.regionId) ?? '',
      latitude: l.latitude,
      longitude: l.longitude,
      topics: list(TOPIC_ZH, l.topics),
      languages: list(LANGUAGE_ZH, l.languages),
      formats: list(FORMAT_ZH, l.formats),
      maxLecturesPerMonth: l.maxLecturesPerMonth,
      travelRadiusKm: l.travelRadiusKm,
      availability: formatAvailability(l.availability.weekly),
    }));
  }

  private async courseRows(): Promise<SheetRecord[]> {
    return (await this.courses.findAll()).map((c) => ({
      code: sheetCode(c),
      title: c.title,
      topic: labelOf(TOPIC_ZH, c.topic),
      description: c.description ?? '',
      durationMinutes: c.durationMinutes,
      formats: list(FORMAT_ZH, c.formats),
      lecturerCodes: c.lecturers.map(sheetCode).sort().join('、'),
    }));
  }

  private async accountRows({ actor, scope, regionCode }: ExportScope): Promise<SheetRecord[]> {
    const [accounts, branches, lecturers] = await Promise.all([
      this.accounts.findAllInScope(actor),
      this.branches.findAllVisible(actor),
      this.lecturers.findAllManagedWithin(scope),
    ]);
    const branchCode = new Map(branches.map((b) => [b.id, sheetCode(b)]));
    const lecturerCode = new Map(lecturers.map((l) => [l.id, sheetCode(l)]));
    return accounts.map((a) => ({
      username: a.username,
      role: ROLE_ZH[a.role],
      branchCode: a.branchId === null ? '' : (branchCode.get(a.branchId) ?? ''),
      lecturerCode: a.lecturerId === null ? '' : (lecturerCode.get(a.lecturerId) ?? ''),
      regionCode: a.regionId === null ? '' : (regionCode.get(a.regionId) ?? ''),
    }));
  }

  /**
   * Reads every row, checks them all, and — when not a dry run and nothing is wrong — writes them in one
   * transaction under the imports' advisory lock (planned again inside it, against what is there then).
   */
  async import(actor: Actor, kind: ImportKind, file: Buffer | undefined, dryRun: boolean): Promise<ImportReport> {
    if (!file) throw ImportErrors.IMPORT_FILE_MISSING();
    // The menu is the city's, as POST /courses has it.
    if (kind === 'courses' && !(await this.courses.keepsMenu(actor)))
      throw CommonErrors.FORBIDDEN('The course menu is city-wide: only a city-wide admin can import it.');
    const { rows, partial, problems, ignoredColumns } = await this.readRows(kind, file);
    const report = (plan: Plan<{ id: string }>, extra: Partial<ImportReport> = {}): ImportReport => {
      const errors = [...problems, ...plan.problems]
        .sort(byRowThenColumn(kind))
        .map((p) => ({ ...p, value: preview(p.value), message: MESSAGES_ZH[p.code] }));
      const clean = errors.length === 0;
      return {
        kind,
        dryRun,
        rows: rows.length + new Set(problems.map((p) => p.row)).size,
        created: clean ? plan.creates.length : 0,
        updated: clean ? plan.updates.length : 0,
        unchanged: plan.unchanged,
        errors,
        ignoredColumns,
        ...extra,
      };
    };
    if (dryRun || problems.length > 0) return report((await this.plan(actor, kind, rows, partial)).plan);
    // One real import at a time, planned against what is there once it holds the lock: one waiting holds no
    // connection (20 at once had held the whole pool, each waiting for the lock, while the holder waited for a
    // connection to plan with: every request of the app stalled for 10 s, then 503).
    const runner = await connectionHolding(this.db, 'imports', IMPORT_WAIT_MS);
    if (!runner) throw ImportErrors.IMPORT_IN_PROGRESS();
    try {
      return await inTransaction(runner.manager, async (manager) => {
        const planned = await this.plan(actor, kind, rows, []);
        if (planned.plan.problems.length > 0) return report(planned.plan);
        const passwords = await planned.write(manager);
        return report(planned.plan, passwords ? { passwords } : {});
      });
    } finally {
      await unlockSession(runner, 'imports');
      await runner.release();
    }
  }

  private async readRows(
    kind: ImportKind,
    file: Buffer,
  ): Promise<{ rows: Rows; partial: PartialRow[]; problems: RowProblem[]; ignoredColumns: string[] }> {
    const rows: Rows = [];
    const partial: PartialRow[] = [];
    const problems: RowProblem[] = [];
    let headers: ReturnType<typeof matchHeaders> | undefined;
    for await (const line of sheetLines(file)) {
      if (!headers) {
        headers = matchHeaders(kind, line.cells);
        if (headers.missing.length > 0) {
          throw new DomainError(
            'IMPORT_COLUMNS_MISSING',
            400,
            `Missing columns: ${headers.missing.join(', ')}.`,
            headers.missing.map((field) => ({ field, message: MESSAGES_ZH.IMPORT_COLUMNS_MISSING })),
          );
        }
        if (headers.repeated.length > 0) {
          throw new DomainError(
            'IMPORT_COLUMNS_REPEATED',
            400,
            `Columns named twice: ${headers.repeated.join(', ')}.`,
            headers.repeated.map((field) => ({ field, message: MESSAGES_ZH.IMPORT_COLUMNS_REPEATED })),
          );
        }
        continue;
      }
      const read = readRow(kind, headers, line.row, line.cells);
      if (!read) continue;
      if (read.value) rows.push({ row: line.row, value: read.value });
      if (read.partial) partial.push(read.partial);
      problems.push(...read.problems);
    }
    if (rows.length === 0 && problems.length === 0) throw ImportErrors.IMPORT_FILE_EMPTY();
    return { rows, partial, problems, ignoredColumns: headers?.ignored ?? [] };
  }

  /** The plan of the rows that read well, with the reference problems of those that did not (`partial`). */
  private async plan(actor: Actor, kind: ImportKind, rows: Rows, partial: readonly PartialRow[]): Promise<Planned> {
    const ctx: PlanContext = { scope: regionScopeOf(actor), regions: await this.regions.findAll(), newId: randomUUID };
    const values = [...rows.map((r) => r.value as unknown as Record<string, unknown>), ...partial.map((p) => p.value)];
    const codes = (key: string) => values.flatMap((v) => [v[key]].flat().filter((c): c is string => typeof c === 'string'));
    const [branches, lecturers] = await Promise.all([
      kind === 'accounts' ? this.branches.findByCodes(codes('branchCode')) : [],
      kind === 'accounts' || kind === 'courses'
        ? this.lecturers.findByCodes(codes(kind === 'accounts' ? 'lecturerCode' : 'lecturerCodes'))
        : [],
    ]);
    const planned = await this.planValid(kind, rows, ctx, codes, { branches, lecturers });
    const more = referenceProblems(kind, partial, ctx, {
      fileCodes: new Set(codes('code').map((c) => c.toLowerCase())),
      branches,
      lecturers,
    });
    const repeated = duplicatesBesidePartialRows(kind, rows, partial);
    return { ...planned, plan: { ...planned.plan, problems: [...planned.plan.problems, ...more, ...repeated] } };
  }

  private async planValid(
    kind: ImportKind,
    rows: Rows,
    ctx: PlanContext,
    codes: (key: string) => string[],
    found: {
      branches: Awaited<ReturnType<BranchesService['findByCodes']>>;
      lecturers: Awaited<ReturnType<LecturersService['findByCodes']>>;
    },
  ): Promise<Planned> {
    switch (kind) {
      case 'regions': {
        const plan = planRegions(rows as SheetRow<'regions'>[], ctx);
        return { plan, write: (m) => this.regions.writeImported(m, plan.creates, plan.updates) };
      }
      case 'branches': {
        const plan = planBranches(rows as SheetRow<'branches'>[], await this.branches.findByCodes(codes('code')), ctx);
        return { plan, write: (m) => this.branches.writeImported(m, plan.creates, plan.updates) };
      }
      case 'lecturers': {
        const existing = (await this.lecturers.findByCodes(codes('code'))).map((l) => ({ ...l, weekly: l.availability.weekly }));
        const plan = planLecturers(rows as SheetRow<'lecturers'>[], existing, ctx);
        return { plan, write: (m) => this.lecturers.writeImported(m, plan.creates, plan.updates) };
      }
      case 'courses': {
        const plan = planCourses(rows as SheetRow<'courses'>[], await this.courses.findByCodes(codes('code')), found.lecturers, ctx);
        return { plan, write: (m) => this.courses.writeImported(m, plan.creates, plan.updates) };
      }
      case 'accounts': {
        const plan = planAccounts(rows as SheetRow<'accounts'>[], await this.accounts.findByUsernames(codes('username')), found, ctx);
        return { plan, write: (m) => this.accounts.createImported(m, plan.creates) };
      }
    }
  }
}

/** Errors in the sheet's order: by row, then by the column's place in the template. */
function byRowThenColumn(kind: ImportKind): (a: RowProblem, b: RowProblem) => number {
  const order = new Map(SHEET_COLUMNS[kind].map((c, i) => [headerOf(kind, c.key), i]));
  return (a, b) => a.row - b.row || (order.get(a.column) ?? 99) - (order.get(b.column) ?? 99);
}
