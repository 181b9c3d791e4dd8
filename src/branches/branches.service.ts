import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import { insertInChunks } from '../common/bulk.js';
import type { Actor } from '../auth/actor.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import { withinSubtreeSql } from '../regions/region-scope.js';
import { RegionsService } from '../regions/regions.service.js';
import { Branch } from './branch.entity.js';
import type { BranchQuery, BranchView, CreateBranchDto } from './branches.dto.js';
import { BranchErrors } from './branches.errors.js';

export function toBranchView(b: Branch): BranchView {
  return {
    id: b.id,
    ...(b.code !== null ? { code: b.code } : {}),
    name: b.name,
    regionId: b.regionId,
    kind: b.kind,
    memberCount: b.memberCount,
    latitude: b.latitude,
    longitude: b.longitude,
  };
}

/** A branch with the region facts the scheduler and the ownership checks need. */
export interface BranchWithRegion extends Branch {
  regionPath: string[];
  regionLevel: string;
  regionBorder: boolean;
  regionRemote: boolean;
  regionWeak: boolean;
}

/** By name; the id breaks ties. */
const BRANCH_SORT: SortColumn[] = [
  { sql: 'b.name', kind: 'text' },
  { sql: 'b.id', kind: 'uuid' },
];

@Injectable()
export class BranchesService {
  constructor(
    @InjectRepository(Branch) private readonly branches: Repository<Branch>,
    private readonly regions: RegionsService,
  ) {}

  async create(actor: Actor, dto: CreateBranchDto): Promise<BranchView> {
    const region = await this.regions.findVisible(actor, dto.regionId);
    const saved = await this.branches.save(
      this.branches.create({
        name: dto.name,
        code: dto.code ?? null,
        regionId: region.id,
        kind: dto.kind,
        memberCount: dto.memberCount,
        latitude: dto.latitude ?? region.latitude,
        longitude: dto.longitude ?? region.longitude,
      }),
    );
    return toBranchView(saved);
  }

  /** Every branch the actor may see, for exports. */
  findAllVisible(actor: Actor): Promise<Branch[]> {
    return this.scoped(actor).orderBy('b.code').addOrderBy('b.name').getMany();
  }

  /** Branches by their codes (without case), for imports. */
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
          .where('lower(b.code) = ANY(:codes)', { codes: codes.map((c) => c.toLowerCase()) })
          .getRawMany();
  }

  /** Writes an import's branches in the caller's transaction. */
  async writeImported(
    manager: EntityManager,
    creates: readonly Omit<Branch, 'createdAt'>[],
    updates: readonly Omit<Branch, 'createdAt'>[],
  ): Promise<void> {
    await insertInChunks(manager, Branch, creates);
    for (const { id, ...changes } of updates) await manager.update(Branch, { id }, changes);
  }

  private scoped(actor: Actor) {
    const qb = this.branches.createQueryBuilder('b').innerJoin('regions', 'r', 'r.id = b.region_id');
    if (actor.role === 'branch') qb.andWhere('b.id = :own', { own: actor.branchId });
    else if (actor.role !== 'admin') qb.andWhere('false');
    else if (actor.regionId !== null) qb.andWhere(withinSubtreeSql('r.path', ':scope'), { scope: actor.regionId });
    return qb;
  }

  async list(actor: Actor, q: BranchQuery): Promise<Page<BranchView>> {
    const qb = this.scoped(actor);
    if (q.regionId !== undefined) qb.andWhere(withinSubtreeSql('r.path', ':within'), { within: q.regionId });
    if (q.kind !== undefined) qb.andWhere('b.kind = :kind', { kind: q.kind });
    const page = await pageOfEntities(qb, q, BRANCH_SORT, (b) => [b.name, b.id]);
    return { ...page, items: page.items.map(toBranchView) };
  }

  async get(actor: Actor, id: string): Promise<BranchView> {
    return toBranchView(await this.findVisible(actor, id));
  }

  /** The branch if the actor may see it (its own branch, or inside an admin's scope); else not found. */
  async findVisible(actor: Actor, id: string): Promise<BranchWithRegion> {
    return this.withRegion(this.scoped(actor).andWhere('b.id = :id', { id }));
  }

  /** Any branch with its region's facts, for features acting on the branch's behalf (orders, scheduling). */
  async findWithRegion(id: string, manager = this.branches.manager): Promise<BranchWithRegion> {
    return this.withRegion(
      manager.getRepository(Branch).createQueryBuilder('b').innerJoin('regions', 'r', 'r.id = b.region_id').where('b.id = :id', { id }),
    );
  }

  private async withRegion(qb: SelectQueryBuilder<Branch>): Promise<BranchWithRegion> {
    const row = await qb
      .addSelect([
        'r.path AS region_path',
        'r.level AS region_level',
        'r.border AS region_border',
        'r.remote AS region_remote',
        'r.weak AS region_weak',
      ])
      .getRawAndEntities();
    const branch = row.entities[0];
    if (!branch) throw BranchErrors.BRANCH_NOT_FOUND();
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
