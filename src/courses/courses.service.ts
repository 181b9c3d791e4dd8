import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { insertInChunks } from '../common/bulk.js';
import type { Actor } from '../auth/actor.js';
import { CommonErrors } from '../common/domain-error.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { Course } from './course.entity.js';
import type { CourseQuery, CourseView, CreateCourseDto } from './courses.dto.js';
import { CourseErrors } from './courses.errors.js';

/** A course as an import writes it: the course and the ids of its lecturers. */
export type ImportedCourse = Omit<Course, 'createdAt' | 'lecturers'> & { lecturerIds: string[] };

export function toCourseView(c: Course): CourseView {
  return {
    id: c.id,
    ...(c.code !== null ? { code: c.code } : {}),
    title: c.title,
    topic: c.topic,
    description: c.description,
    durationMinutes: c.durationMinutes,
    formats: c.formats,
    lecturers: (c.lecturers ?? [])
      .map((l) => ({ id: l.id, name: l.name, category: l.category, level: l.level }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** By topic, then title; the id breaks ties. */
const COURSE_SORT: SortColumn[] = [
  { sql: 'c.topic', kind: 'text' },
  { sql: 'c.title', kind: 'text' },
  { sql: 'c.id', kind: 'uuid' },
];

/** The course menu (课程菜单): city-wide, read by everyone, written by city-wide admins. */
@Injectable()
export class CoursesService {
  constructor(
    @InjectRepository(Course) private readonly courses: Repository<Course>,
    private readonly lecturers: LecturersService,
  ) {}

  /** The menu is the city's: every branch orders from it, so a banner admin may not add to it. */
  async create(actor: Actor, dto: CreateCourseDto): Promise<CourseView> {
    if (actor.role !== 'admin' || actor.regionId !== null)
      throw CommonErrors.FORBIDDEN('The course menu is city-wide: only a city-wide admin can add to it.');
    const lecturers = await this.lecturers.findByIds(dto.lecturerIds);
    if (lecturers.length !== dto.lecturerIds.length) throw CourseErrors.COURSE_LECTURER_NOT_FOUND();
    const saved = await this.courses.save(
      this.courses.create({
        title: dto.title,
        code: dto.code ?? null,
        topic: dto.topic,
        description: dto.description ?? null,
        durationMinutes: dto.durationMinutes,
        formats: dto.formats,
        lecturers,
      }),
    );
    return toCourseView(saved);
  }

  /** The whole menu with who gives each course, for exports. */
  findAll(): Promise<Course[]> {
    return this.courses.find({ relations: { lecturers: true }, order: { code: 'ASC', title: 'ASC' } });
  }

  /** Courses by their codes (without case), with their lecturers' ids, for imports. */
  async findByCodes(codes: readonly string[]): Promise<Array<Omit<Course, 'lecturers' | 'createdAt'> & { lecturerIds: string[] }>> {
    if (codes.length === 0) return [];
    const found = await this.courses
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.lecturers', 'l')
      .where('lower(c.code) = ANY(:codes)', { codes: codes.map((c) => c.toLowerCase()) })
      .getMany();
    return found.map(({ lecturers, ...c }) => ({ ...c, lecturerIds: lecturers.map((l) => l.id) }));
  }

  /** Writes an import's courses and who gives them, in the caller's transaction. */
  async writeImported(manager: EntityManager, creates: readonly ImportedCourse[], updates: readonly ImportedCourse[]): Promise<void> {
    await insertInChunks(
      manager,
      Course,
      creates.map(({ lecturerIds: _ids, ...c }) => c),
    );
    for (const { id, lecturerIds: _ids, ...changes } of updates) await manager.update(Course, { id }, changes);
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

  async list(q: CourseQuery): Promise<Page<CourseView>> {
    const qb = this.courses.createQueryBuilder('c');
    if (q.topic !== undefined) qb.andWhere('c.topic = :topic', { topic: q.topic });
    if (q.format !== undefined) qb.andWhere(':format = ANY(c.formats)', { format: q.format });
    if (q.lecturerId !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM course_lecturers cl WHERE cl.course_id = c.id AND cl.lecturer_id = :lecturerId)', {
        lecturerId: q.lecturerId,
      });
    }
    const page = await pageOfEntities(qb, q, COURSE_SORT, (c) => [c.topic, c.title, c.id]);
    if (page.items.length === 0) return { ...page, items: [] };
    const withLecturers = await this.courses
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.lecturers', 'l')
      .where('c.id IN (:...ids)', { ids: page.items.map((c) => c.id) })
      .getMany();
    const byId = new Map(withLecturers.map((c) => [c.id, c]));
    return { ...page, items: page.items.map((c) => toCourseView(byId.get(c.id) ?? c)) };
  }

  async findById(id: string): Promise<Course> {
    const course = await this.courses.findOne({ where: { id }, relations: { lecturers: true } });
    if (!course) throw CourseErrors.COURSE_NOT_FOUND();
    return course;
  }

  async get(id: string): Promise<CourseView> {
    return toCourseView(await this.findById(id));
  }
}
