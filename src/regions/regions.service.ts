import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import type { Page } from '../common/pagination.js';
import type { Region } from './region.entity.js';
import { scopeCovers } from './region-scope.js';
import type { CreateRegionDto, RegionQuery, RegionView, UpdateRegionDto } from './regions.dto.js';
import { RegionErrors } from './regions.errors.js';
import { RegionsRepository } from './regions.repository.js';
import { PARENT_LEVEL } from '../kernel/vocabulary.js';
import { givenFields } from '../kernel/given-fields.js';

export function toRegionView(r: Region): RegionView {
  return {
    id: r.id,
    ...(r.code !== null ? { code: r.code } : {}),
    name: r.name,
    level: r.level,
    parentId: r.parentId,
    latitude: r.latitude,
    longitude: r.longitude,
    border: r.border,
    remote: r.remote,
    weak: r.weak,
  };
}

@Injectable()
export class RegionsService {
  constructor(private readonly regions: RegionsRepository) {}

  /** A region the actor may see; anything outside an admin's subtree is "not found". */
  async findVisible(actor: Actor, id: string): Promise<Region> {
    const region = await this.regions.findById(id);
    if (!region || !scopeCovers(regionScopeOf(actor), region)) throw RegionErrors.REGION_NOT_FOUND();
    return region;
  }

  /** The city set up first (a city-wide admin's default root), or 404 while there is none. */
  async firstCity(): Promise<Region> {
    const city = await this.regions.firstCity();
    if (!city) throw RegionErrors.REGION_NOT_FOUND('There is no city yet.');
    return city;
  }

  /** Whether an admin scope covers the whole city: no region, or the city itself while it is the only one. */
  async isWholeCity(scope: string | null): Promise<boolean> {
    if (scope === null) return true;
    return (await this.regions.findById(scope))?.parentId === null && (await this.regions.countCities()) === 1;
  }

  /** Any region, whatever the actor's scope: for checks that scope it themselves. */
  async findById(id: string): Promise<Region> {
    const region = await this.regions.findById(id);
    if (!region) throw RegionErrors.REGION_NOT_FOUND();
    return region;
  }

  async create(actor: Actor, dto: CreateRegionDto): Promise<RegionView> {
    const expectedParent = PARENT_LEVEL[dto.level];
    if ((expectedParent === null) !== (dto.parentId === undefined)) throw RegionErrors.REGION_PARENT_INVALID();
    let path: string[] = [];
    if (dto.parentId !== undefined) {
      const parent = await this.findVisible(actor, dto.parentId);
      if (parent.level !== expectedParent) throw RegionErrors.REGION_PARENT_INVALID();
      path = parent.path;
    } else if (regionScopeOf(actor) !== null) {
      throw RegionErrors.REGION_PARENT_INVALID('Only a city-wide admin can create a city.');
    }
    const id = crypto.randomUUID();
    const saved = await this.regions.create({
      id,
      name: dto.name,
      code: dto.code ?? null,
      level: dto.level,
      parentId: dto.parentId ?? null,
      path: [...path, id],
      latitude: dto.latitude,
      longitude: dto.longitude,
      border: dto.border ?? false,
      remote: dto.remote ?? false,
      weak: dto.weak ?? false,
    });
    return toRegionView(saved);
  }

  /** The whole tree, for imports (which match regions by code and place new ones under their parents). */
  findAll(): Promise<Region[]> {
    return this.regions.findAll();
  }

  /** Writes an import's regions in the caller's transaction: new ones (parents first) and changed ones (their shape stays). */
  async writeImported(
    manager: EntityManager,
    creates: readonly Omit<Region, 'createdAt'>[],
    updates: readonly Omit<Region, 'createdAt'>[],
  ): Promise<void> {
    await this.regions.writeImported(manager, creates, updates);
  }

  async list(actor: Actor, q: RegionQuery): Promise<Page<RegionView>> {
    const page = await this.regions.page(regionScopeOf(actor), q);
    return { ...page, items: page.items.map(toRegionView) };
  }

  async get(actor: Actor, id: string): Promise<RegionView> {
    return toRegionView(await this.findVisible(actor, id));
  }

  async update(actor: Actor, id: string, dto: UpdateRegionDto): Promise<RegionView> {
    const region = await this.findVisible(actor, id);
    Object.assign(region, givenFields(dto));
    return toRegionView(await this.regions.save(region));
  }
}
