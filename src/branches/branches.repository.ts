import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import { insertInChunks } from '../common/bulk.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import { weakOnPathSql, withinSubtreeSql } from '../regions/region-scope.js';
import { Branch } from './branch.entity.js';
import type { BranchQuery } from './branches.dto.js';
import { namedInSheetSql } from '../common/sql.js';

/** A branch with the region facts the scheduler and the ownership checks need. */
export interface BranchWithRegion extends Branch {
  regionPath: string[];
  regionLevel: string;
  regionBorder: boolean;
  regionRemote: boolean;
  regionWeak: boolean;
}

/** Which branches a reader sees: one branch, a region's subtree (null = the whole city), or none. */
export type BranchScope = { branchId: string } | { regionId: string | null } | 'none';

/** By name; the id breaks ties. */
const BRANCH_SORT: SortColumn[] = [
  { sql: 'b.name', kind: 'text' },
  { sql: 'b.id', kind: 'uuid' },
];

/** Every statement on branches. An import's writes and reads for a transition run in the caller's transaction (`manager`). */
@Injectable()
export class BranchesRepository {
  constructor(@InjectRepository(Branch) private readonly branches: Repository<Branch>) {}

  /** Inserts a new branch and returns it as stored. */
  create(branch: Omit<Branch, 'id' | 'createdAt'>): Promise<Branch> {
    return this.branches.save(this.branches.create(branch));
  }

  /** Writes only the given columns. */
  async update(id: string, changes: Partial<Omit<Branch, 'id' | 'createdAt'>>): Promise<void> {
    await this.branches.update({ id }, changes);
  }

  /** Every branch in the scope, by code, then name. */
  findAllIn(scope: BranchScope): Promise<Branch[]> {
    return this.within(scope).orderBy('b.code').addOrderBy('b.name').getMany();
  }

  /** The rows a sheet names, without case (a row without a code by its id). */
  findByCodes(codes: readonly string[]): Promise<Array<Omit<Branch, 'createdAt'>>> {
    // Up to 50,000 rows at a time: plain rows of the columns an import compares, not entities (half the garbage).
    return codes.length === 0
      ? Promise.resolve([])
      : this.branches
          .createQueryBuilder('b')
          .select([
            'b.id AS id',
            'b.code AS code',
            'b.name AS name',
            'b.kind AS kind',
            'b.latitude AS latitude',
            'b.longitude AS longitude',
          ])
          .addSelect(['b.region_id AS "regionId"', 'b.member_count AS "memberCount"'])
          .where(namedInSheetSql('b'), { codes: codes.map((c) => c.toLowerCase()) })
          .getRawMany();
  }

  async writeImported(
    manager: EntityManager,
    creates: readonly Omit<Branch, 'createdAt'>[],
    updates: readonly Omit<Branch, 'createdAt'>[],
  ): Promise<void> {
    await insertInChunks(manager, Branch, creates);
    for (const { id, ...changes } of updates) await manager.update(Branch, { id }, changes);
  }

  /** A page of the branches in the scope, narrowed by the query. */
  page(scope: BranchScope, q: BranchQuery): Promise<Page<Branch>> {
    const qb = this.within(scope);
    if (q.regionId !== undefined) qb.andWhere(withinSubtreeSql('r.path', ':within'), { within: q.regionId });
    if (q.kind !== undefined) qb.andWhere('b.kind = :kind', { kind: q.kind });
    return pageOfEntities(qb, q, BRANCH_SORT, (b) => [b.name, b.id]);
  }

  /** The branch with its region's facts if it lies in the scope; null if not. */
  findInScope(scope: BranchScope, id: string): Promise<BranchWithRegion | null> {
    return this.withRegion(this.within(scope).andWhere('b.id = :id', { id }));
  }

  /** Any branch with its region's facts; null if there is none. */
  findWithRegion(id: string, manager = this.branches.manager): Promise<BranchWithRegion | null> {
    return this.withRegion(this.joined(manager).where('b.id = :id', { id }));
  }

  /** Branches `b` joined to their regions `r`. */
  private joined(manager = this.branches.manager): SelectQueryBuilder<Branch> {
    return manager.getRepository(Branch).createQueryBuilder('b').innerJoin('regions', 'r', 'r.id = b.region_id');
  }

  /** Branches `b` joined to their regions `r`, narrowed to the scope. */
  private within(scope: BranchScope): SelectQueryBuilder<Branch> {
    const qb = this.joined();
    if (scope === 'none') qb.andWhere('false');
    else if ('branchId' in scope) qb.andWhere('b.id = :own', { own: scope.branchId });
    else if (scope.regionId !== null) qb.andWhere(withinSubtreeSql('r.path', ':scope'), { scope: scope.regionId });
    return qb;
  }

  /** The one branch the builder finds, with its region's facts added to the select; null if none. */
  private async withRegion(qb: SelectQueryBuilder<Branch>): Promise<BranchWithRegion | null> {
    const row = await qb
      .addSelect([
        'r.path AS region_path',
        'r.level AS region_level',
        'r.border AS region_border',
        'r.remote AS region_remote',
        `${weakOnPathSql('r.path')} AS region_weak`,
      ])
      .getRawAndEntities();
    const branch = row.entities[0];
    if (!branch) return null;
    const raw = row.raw[0] as {
      region_path: string[];
      region_level: string;
      region_border: boolean;
      region_remote: boolean;
      region_weak: boolean;
    };
    return Object.assign(branch, {
      regionPath: raw.region_path,
      regionLevel: raw.region_level,
      regionBorder: raw.region_border,
      regionRemote: raw.region_remote,
      regionWeak: raw.region_weak,
    });
  }
}
