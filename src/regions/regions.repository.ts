import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { insertInChunks } from '../common/bulk.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import { Region } from './region.entity.js';
import { withinSubtreeSql } from './region-scope.js';
import type { RegionQuery } from './regions.dto.js';

/** Top of the tree first, then by name; the id breaks ties. */
const REGION_SORT: SortColumn[] = [
  { sql: 'array_length(r.path, 1)', kind: 'int' },
  { sql: 'r.name', kind: 'text' },
  { sql: 'r.id', kind: 'uuid' },
];

/** Every statement on regions. An import's writes run in the caller's transaction (`manager`). */
@Injectable()
export class RegionsRepository {
  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  findById(id: string): Promise<Region | null> {
    return this.regions.findOneBy({ id });
  }

  /** The city set up first: where the platform's figures default to, should another city be added later. */
  firstCity(): Promise<Region | null> {
    return this.regions.findOne({ where: { level: 'city', parentId: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** How many cities (roots of the tree) there are. */
  countCities(): Promise<number> {
    return this.regions.count({ where: { level: 'city', parentId: IsNull() } });
  }

  /** The whole tree, unordered. */
  findAll(): Promise<Region[]> {
    return this.regions.find();
  }

  /** Inserts a new region (its id chosen by the caller, who builds its path from it) and returns it as stored. */
  create(region: Omit<Region, 'createdAt'>): Promise<Region> {
    return this.regions.save(this.regions.create(region));
  }

  /** Writes the changes made to a region read before. */
  save(region: Region): Promise<Region> {
    return this.regions.save(region);
  }

  /** New regions (parents first, as given) and changed ones, of which only the name, place and flags are written: the shape stays. */
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

  /** A page of the regions in the scope's subtree (null = the whole city), narrowed by the query. */
  async page(scope: string | null, q: RegionQuery): Promise<Page<Region>> {
    const qb = this.regions.createQueryBuilder('r');
    if (scope !== null) qb.andWhere(withinSubtreeSql('r.path', ':scope'), { scope });
    if (q.within !== undefined) qb.andWhere(withinSubtreeSql('r.path', ':within'), { within: q.within });
    if (q.level !== undefined) qb.andWhere('r.level = :level', { level: q.level });
    if (q.parentId !== undefined) qb.andWhere('r.parent_id = :parentId', { parentId: q.parentId });
    for (const flag of ['remote', 'border', 'weak'] as const) {
      if (q[flag] !== undefined) qb.andWhere(`r.${flag} = :${flag}`, { [flag]: q[flag] });
    }
    return pageOfEntities(qb, q, REGION_SORT, (r) => [r.path.length, r.name, r.id]);
  }
}
