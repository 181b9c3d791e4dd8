import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type DeepPartial, type EntityManager, In, Repository } from 'typeorm';
import { insertInChunks } from '../common/bulk.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import type { WeeklyWindow } from '../kernel/availability.js';
import { withinSubtreeSql } from '../regions/region-scope.js';
import { Lecturer } from './lecturer.entity.js';
import type { LecturerQuery } from './lecturers.dto.js';
import { namedInSheetSql } from '../common/sql.js';

/** A lecturer as an import writes it: the profile and the weekly pattern. */
export type ImportedLecturer = Omit<Lecturer, 'createdAt' | 'availability' | 'ratingSum' | 'ratingCount'> & { weekly: WeeklyWindow[] };

/** By name; the id breaks ties. */
const LECTURER_SORT: SortColumn[] = [
  { sql: 'l.name', kind: 'text' },
  { sql: 'l.id', kind: 'uuid' },
];

/** Every statement on lecturers. Writes that are part of another feature's work run in the caller's transaction (`manager`). */
@Injectable()
export class LecturersRepository {
  constructor(@InjectRepository(Lecturer) private readonly lecturers: Repository<Lecturer>) {}

  /** Inserts a new lecturer and returns it as stored. */
  create(lecturer: DeepPartial<Lecturer>): Promise<Lecturer> {
    return this.lecturers.save(this.lecturers.create(lecturer));
  }

  /** A page of the pool narrowed by the query; `onlyId` narrows it to that one lecturer. */
  page(q: LecturerQuery, onlyId: string | null): Promise<Page<Lecturer>> {
    const qb = this.lecturers.createQueryBuilder('l');
    if (onlyId !== null) qb.andWhere('l.id = :own', { own: onlyId });
    if (q.category !== undefined) qb.andWhere('l.category = :category', { category: q.category });
    if (q.level !== undefined) qb.andWhere('l.level = :level', { level: q.level });
    if (q.topic !== undefined) qb.andWhere(':topic = ANY(l.topics)', { topic: q.topic });
    if (q.language !== undefined) qb.andWhere(':language = ANY(l.languages)', { language: q.language });
    if (q.regionId !== undefined) {
      qb.innerJoin('regions', 'r', 'r.id = l.region_id').andWhere(withinSubtreeSql('r.path', ':within'), { within: q.regionId });
    }
    return pageOfEntities(qb, q, LECTURER_SORT, (l) => [l.name, l.id]);
  }

  findById(id: string, manager = this.lecturers.manager): Promise<Lecturer | null> {
    return manager.getRepository(Lecturer).findOneBy({ id });
  }

  async findByIds(ids: string[]): Promise<Lecturer[]> {
    return ids.length === 0 ? [] : this.lecturers.findBy({ id: In(ids) });
  }

  /** The rows a sheet names, without case (a row without a code by its id). */
  findByCodes(codes: readonly string[]): Promise<Lecturer[]> {
    return codes.length === 0
      ? Promise.resolve([])
      : this.lecturers
          .createQueryBuilder('l')
          .where(namedInSheetSql('l'), { codes: codes.map((c) => c.toLowerCase()) })
          .getMany();
  }

  /** Every lecturer whose home lies in the scope's subtree (null = the whole city), by code, then name. */
  findAllWithin(scope: string | null): Promise<Lecturer[]> {
    const qb = this.lecturers.createQueryBuilder('l').orderBy('l.code').addOrderBy('l.name');
    if (scope !== null) qb.innerJoin('regions', 'r', 'r.id = l.region_id').where(withinSubtreeSql('r.path', ':scope'), { scope });
    return qb.getMany();
  }

  /** Writes only the given columns, so that columns changed meanwhile by others keep their values. */
  async update(id: string, changes: Partial<Lecturer>): Promise<void> {
    await this.lecturers.update({ id }, changes);
  }

  /**
   * New lecturers, with no leave and no ratings, and changed ones, whose weekly pattern alone is replaced
   * inside their availability: their dated exceptions (leave) and their ratings stay.
   */
  async writeImported(manager: EntityManager, creates: readonly ImportedLecturer[], updates: readonly ImportedLecturer[]): Promise<void> {
    await insertInChunks(
      manager,
      Lecturer,
      creates.map(({ weekly, ...l }) => ({ ...l, availability: { weekly, exceptions: [] }, ratingSum: 0, ratingCount: 0 })),
    );
    for (const { id, weekly, ...changes } of updates) {
      await manager
        .createQueryBuilder()
        .update(Lecturer)
        .set({ ...changes, availability: () => `jsonb_set(availability, '{weekly}', CAST(:weekly AS jsonb))` })
        .where('id = :id', { id, weekly: JSON.stringify(weekly) })
        .execute();
    }
  }

  /** Adds `score` and `count` to the lecturer's rating sum and count in one statement, so concurrent ratings add up. */
  async changeRatings(manager: EntityManager, lecturerId: string, score: number, count: 1 | -1): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Lecturer)
      .set({ ratingSum: () => 'rating_sum + :score', ratingCount: () => 'rating_count + :count' })
      .where('id = :id', { id: lecturerId, score, count })
      .execute();
  }
}
