import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type DeepPartial, type EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import { insertInChunks } from '../common/bulk.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import { preparedQuery } from '../database/prepared-query.js';
import { Course } from './course.entity.js';
import type { CourseQuery } from './courses.dto.js';
import { namedInSheetSql } from '../common/sql.js';

/** What a menu order takes from its course. */
export type MenuEntry = Pick<Course, 'id' | 'topic' | 'title' | 'formats' | 'durationMinutes'>;

/** A course as an import writes it: the course and the ids of its lecturers. */
export type ImportedCourse = Omit<Course, 'createdAt' | 'lecturers'> & { lecturerIds: string[] };

/** By topic, then title; the id breaks ties. */
const COURSE_SORT: SortColumn[] = [
  { sql: 'c.topic', kind: 'text' },
  { sql: 'c.title', kind: 'text' },
  { sql: 'c.id', kind: 'uuid' },
];

/** Every statement on courses and who gives them (`course_lecturers`). An import's writes run in the caller's transaction (`manager`). */
@Injectable()
export class CoursesRepository {
  constructor(@InjectRepository(Course) private readonly courses: Repository<Course>) {}

  /** Inserts a new course with its lecturers and returns it as stored. */
  create(course: DeepPartial<Course>): Promise<Course> {
    return this.courses.save(this.courses.create(course));
  }

  /** The whole menu with its lecturers, by code, then title. */
  findAll(): Promise<Course[]> {
    return this.courses.find({ relations: { lecturers: true }, order: { code: 'ASC', title: 'ASC' } });
  }

  findById(id: string): Promise<Course | null> {
    return this.courses.findOne({ where: { id }, relations: { lecturers: true } });
  }

  /** The course as an order placed from the menu needs it: one prepared statement, no lecturers. */
  async menuEntry(id: string): Promise<MenuEntry | undefined> {
    const [entry] = await preparedQuery<MenuEntry>(
      this.courses.manager.connection,
      'SELECT id, topic, title, formats, duration_minutes AS "durationMinutes" FROM courses WHERE id = $1',
      [id],
    );
    return entry;
  }

  /** Whether the lecturer is one of those who give the course. */
  async isGivenBy(courseId: string, lecturerId: string): Promise<boolean> {
    const rows: unknown[] = await this.courses.manager.query('SELECT 1 FROM course_lecturers WHERE course_id = $1 AND lecturer_id = $2', [
      courseId,
      lecturerId,
    ]);
    return rows.length > 0;
  }

  /** The courses a sheet names, without case (one without a code by its id), each with its lecturers' ids. */
  async findByCodes(codes: readonly string[]): Promise<Array<Omit<Course, 'lecturers' | 'createdAt'> & { lecturerIds: string[] }>> {
    if (codes.length === 0) return [];
    const found = await this.withLecturers()
      .where(namedInSheetSql('c'), { codes: codes.map((c) => c.toLowerCase()) })
      .getMany();
    return found.map(({ lecturers, ...c }) => ({ ...c, lecturerIds: lecturers.map((l) => l.id) }));
  }

  /** New and changed courses; a changed course's lecturers are replaced by those given. */
  async writeImported(manager: EntityManager, creates: readonly ImportedCourse[], updates: readonly ImportedCourse[]): Promise<void> {
    await insertInChunks(
      manager,
      Course,
      creates.map(({ lecturerIds: _ids, ...c }) => c),
    );
    for (const { id, lecturerIds: _ids, ...changes } of updates) await manager.update(Course, { id }, changes);
    await this.link(manager, creates, updates);
  }

  /**
   * Writes only the given columns of a course, and when `lecturerIds` is given, makes them its whole list. The
   * course's row is locked first, so that two changes of its list at once follow each other instead of colliding.
   */
  async update(id: string, changes: Partial<Omit<ImportedCourse, 'id' | 'lecturerIds'>>, lecturerIds?: string[]): Promise<void> {
    await this.courses.manager.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM courses WHERE id = $1 FOR UPDATE', [id]);
      if (Object.keys(changes).length > 0) await manager.update(Course, { id }, changes);
      if (lecturerIds !== undefined) await this.link(manager, [], [{ id, lecturerIds }]);
    });
  }

  /** Who gives each course: new courses' lecturers added, changed courses' lists replaced. */
  private async link(
    manager: EntityManager,
    creates: ReadonlyArray<Pick<ImportedCourse, 'id' | 'lecturerIds'>>,
    updates: ReadonlyArray<Pick<ImportedCourse, 'id' | 'lecturerIds'>>,
  ): Promise<void> {
    const linked = [...creates, ...updates];
    if (updates.length > 0) {
      await manager.query(`DELETE FROM course_lecturers WHERE course_id = ANY($1)`, [updates.map((c) => c.id)]);
    }
    const links = linked.flatMap((c) => c.lecturerIds.map((lecturerId) => ({ course_id: c.id, lecturer_id: lecturerId })));
    if (links.length > 0) {
      await manager.query(`INSERT INTO course_lecturers (course_id, lecturer_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
        links.map((l) => l.course_id),
        links.map((l) => l.lecturer_id),
      ]);
    }
  }

  /**
   * A page of the menu narrowed by the query, each course with its lecturers. They are read in a second
   * statement for the page's courses: joined into the paged one, its LIMIT would count course-lecturer rows, not courses.
   */
  async page(q: CourseQuery): Promise<Page<Course>> {
    const qb = this.courses.createQueryBuilder('c');
    if (q.topic !== undefined) qb.andWhere('c.topic = :topic', { topic: q.topic });
    if (q.format !== undefined) qb.andWhere(':format = ANY(c.formats)', { format: q.format });
    if (q.lecturerId !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM course_lecturers cl WHERE cl.course_id = c.id AND cl.lecturer_id = :lecturerId)', {
        lecturerId: q.lecturerId,
      });
    }
    const page = await pageOfEntities(qb, q, COURSE_SORT, (c) => [c.topic, c.title, c.id]);
    if (page.items.length === 0) return page;
    const withLecturers = await this.withLecturers()
      .where('c.id IN (:...ids)', { ids: page.items.map((c) => c.id) })
      .getMany();
    const byId = new Map(withLecturers.map((c) => [c.id, c]));
    return { ...page, items: page.items.map((c) => byId.get(c.id) ?? c) };
  }

  /** Courses `c` with their lecturers `l`. */
  private withLecturers(): SelectQueryBuilder<Course> {
    return this.courses.createQueryBuilder('c').leftJoinAndSelect('c.lecturers', 'l');
  }
}
