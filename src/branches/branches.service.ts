import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { Page } from '../common/pagination.js';
import { givenFields } from '../kernel/given-fields.js';
import { placeOnMove } from '../regions/place-on-move.js';
import { RegionsService } from '../regions/regions.service.js';
import type { Branch } from './branch.entity.js';
import type { BranchQuery, BranchView, CreateBranchDto, UpdateBranchDto } from './branches.dto.js';
import { BranchErrors } from './branches.errors.js';
import { type BranchScope, type BranchWithRegion, BranchesRepository } from './branches.repository.js';

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

/** What of the branches the actor sees: a branch its own, an admin its region subtree, anyone else none. */
function scopeOf(actor: Actor): BranchScope {
  if (actor.role === 'branch') return { branchId: actor.branchId };
  return actor.role === 'admin' ? { regionId: actor.regionId } : 'none';
}

function found(branch: BranchWithRegion | null): BranchWithRegion {
  if (!branch) throw BranchErrors.BRANCH_NOT_FOUND();
  return branch;
}

@Injectable()
export class BranchesService {
  constructor(
    private readonly branches: BranchesRepository,
    private readonly regions: RegionsService,
  ) {}

  async create(actor: Actor, dto: CreateBranchDto): Promise<BranchView> {
    const region = await this.regions.findVisible(actor, dto.regionId);
    const saved = await this.branches.create({
      name: dto.name,
      code: dto.code ?? null,
      regionId: region.id,
      kind: dto.kind,
      memberCount: dto.memberCount,
      latitude: dto.latitude ?? region.latitude,
      longitude: dto.longitude ?? region.longitude,
    });
    return toBranchView(saved);
  }

  /**
   * Corrects a branch in the admin's scope (a name, its members, its place; moved, within the scope only). Only the
   * given columns are written. Its orders stay its own; coverage follows it to its new region (the move's trigger).
   */
  async update(actor: Actor, id: string, dto: UpdateBranchDto): Promise<BranchView> {
    const branch = await this.findVisible(actor, id);
    const region = dto.regionId === undefined ? undefined : await this.regions.findVisible(actor, dto.regionId);
    const changes: Partial<Branch> = { ...givenFields(dto), ...placeOnMove(region, branch.regionId, dto.latitude) };
    if (Object.keys(changes).length > 0) await this.branches.update(branch.id, changes);
    return toBranchView(await this.findWithRegion(branch.id));
  }

  /** Every branch the actor may see, for exports. */
  findAllVisible(actor: Actor): Promise<Branch[]> {
    return this.branches.findAllIn(scopeOf(actor));
  }

  /** Branches by their codes (without case), for imports. */
  findByCodes(codes: readonly string[]): Promise<Array<Omit<Branch, 'createdAt'>>> {
    return this.branches.findByCodes(codes);
  }

  /** Writes an import's branches in the caller's transaction. */
  async writeImported(
    manager: EntityManager,
    creates: readonly Omit<Branch, 'createdAt'>[],
    updates: readonly Omit<Branch, 'createdAt'>[],
  ): Promise<void> {
    await this.branches.writeImported(manager, creates, updates);
  }

  async list(actor: Actor, q: BranchQuery): Promise<Page<BranchView>> {
    const page = await this.branches.page(scopeOf(actor), q);
    return { ...page, items: page.items.map(toBranchView) };
  }

  async get(actor: Actor, id: string): Promise<BranchView> {
    return toBranchView(await this.findVisible(actor, id));
  }

  /** The branch if the actor may see it (its own branch, or inside an admin's scope); else not found. */
  async findVisible(actor: Actor, id: string): Promise<BranchWithRegion> {
    return found(await this.branches.findInScope(scopeOf(actor), id));
  }

  /** Any branch with its region's facts, for features acting on the branch's behalf (orders, scheduling). */
  async findWithRegion(id: string, manager?: EntityManager): Promise<BranchWithRegion> {
    return found(await this.branches.findWithRegion(id, manager));
  }
}
