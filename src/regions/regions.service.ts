import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { insertInChunks } from '../common/bulk.js';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import { Region } from './region.entity.js';
import { scopeCovers, withinSubtreeSql } from './region-scope.js';
import type { CreateRegionDto, RegionQuery, RegionView, UpdateRegionDto } from './regions.dto.js';
import { RegionErrors } from './regions.errors.js';
import type { RegionLevel } from '../kernel/vocabulary.js';

const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = { city: null, banner: 'city', township: 'banner', village: 'township' };

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

/** Top of the tree first, then by name; the id breaks ties. */
const REGION_SORT: SortColumn[] = [
  { sql: 'array_length(r.path, 1)', kind: 'int' },
  { sql: 'r.name', kind: 'text' },
  { sql: 'r.id', kind: 'uuid' },
];

@Injectable()
export class RegionsService {
  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  /** A region the actor may see; anything outside an admin's subtree is "not found". */
  async findVisible(actor: Actor, id: string): Promise<Region> {
    const region = await this.regions.findOneBy({ id });
    if (!region || !scopeCovers(regionScopeOf(actor), region)) throw RegionErrors.REGION_NOT_FOUND();
    return region;
  }

  /** Any region, whatever the actor's scope: for checks that scope it themselves. */
  async findById(id: string): Promise<Region> {
    const region = await this.regions.findOneBy({ id });
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
    const saved = await this.regions.save(
      this.regions.create({
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
      }),
    );
    return toRegionView(saved);
  }

  /** The whole tree, for imports (which match regions by code and place new ones under their parents). */
  findAll(): Promise<Region[]> {
    return this.regions.find();
  }

  /** Writes an import's regions in the caller's transaction: new ones (parents first) and changed ones (their shape stays). */
  async writeImported(
    manager: EntityManager,
    creates: readonly Omit<Region, 'createdAt'>[],
    updates: readonly Omit<Region, 'createdAt'>[],
  ): Promise<void> {
    await insertInChunks(manager, Region, creates);
    for (const r of updates) {
      await manager.update(
        Region,
        { id: r.id },
        { name: r.name, latitude: r.latitude, longitude: r.longitude, border: r.border, remote: r.remote, weak: r.weak },
      );
    }
  }

  async list(actor: Actor, q: RegionQuery): Promise<Page<RegionView>> {
    const qb = this.regions.createQueryBuilder('r');
    const scope = regionScopeOf(actor);
    if (scope !== null) qb.andWhere(withinSubtreeSql('r.path', ':scope'), { scope });
    if (q.within !== undefined) qb.andWhere(withinSubtreeSql('r.path', ':within'), { within: q.within });
    if (q.level !== undefined) qb.andWhere('r.level = :level', { level: q.level });
    if (q.parentId !== undefined) qb.andWhere('r.parent_id = :parentId', { parentId: q.parentId });
    for (const flag of ['remote', 'border', 'weak'] as const) {
      if (q[flag] !== undefined) qb.andWhere(`r.${flag} = :${flag}`, { [flag]: q[flag] });
    }
    const page = await pageOfEntities(qb, q, REGION_SORT, (r) => [r.path.length, r.name, r.id]);
    return { ...page, items: page.items.map(toRegionView) };
  }

  async get(actor: Actor, id: string): Promise<RegionView> {
    return toRegionView(await this.findVisible(actor, id));
  }

  async update(actor: Actor, id: string, dto: UpdateRegionDto): Promise<RegionView> {
    const region = await this.findVisible(actor, id);
    Object.assign(region, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    return toRegionView(await this.regions.save(region));
  }
}
