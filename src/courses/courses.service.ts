import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { CommonErrors } from '../common/domain-error.js';
import type { Page } from '../common/pagination.js';
import { givenFields } from '../kernel/given-fields.js';
import { RegionsService } from '../regions/regions.service.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import type { Course } from './course.entity.js';
import type { CourseQuery, CourseView, CreateCourseDto, UpdateCourseDto } from './courses.dto.js';
import { CourseErrors } from './courses.errors.js';
import { CoursesRepository, type ImportedCourse, type MenuEntry } from './courses.repository.js';

export function toCourseView(c: Course): CourseView {
  const lecturers = (c.lecturers ?? [])
    .map((l) => ({ id: l.id, name: l.name, category: l.category, level: l.level }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    id: c.id,
    ...(c.code !== null ? { code: c.code } : {}),
    title: c.title,
    topic: c.topic,
    description: c.description,
    durationMinutes: c.durationMinutes,
    formats: c.formats,
    // As POST /courses takes them, beside who they are.
    lecturerIds: lecturers.map((l) => l.id),
    lecturers,
  };
}

/** The course menu (课程菜单): city-wide, read by everyone, written by city-wide admins. */
@Injectable()
export class CoursesService {
  constructor(
    private readonly courses: CoursesRepository,
    private readonly lecturers: LecturersService,
    private readonly regions: RegionsService,
  ) {}

  /**
   * The menu is the city's: every branch orders from it, so it is kept by the admins whose scope is the whole city
   * (none, or the city itself, as an office that picked its city for its own admin's scope has it), not a banner's.
   */
  async keepsMenu(actor: Actor): Promise<boolean> {
    return actor.role === 'admin' && (await this.regions.isWholeCity(actor.regionId));
  }

  private async assertKeepsMenu(actor: Actor): Promise<void> {
    if (!(await this.keepsMenu(actor))) throw CommonErrors.FORBIDDEN('The course menu is city-wide: only a city-wide admin can change it.');
  }

  /** The lecturers of the pool the ids name, every one of them (else COURSE_LECTURER_NOT_FOUND). */
  private async lecturersNamed(ids: string[]) {
    const lecturers = await this.lecturers.findByIds(ids);
    if (lecturers.length !== ids.length) throw CourseErrors.COURSE_LECTURER_NOT_FOUND();
    return lecturers;
  }

  async create(actor: Actor, dto: CreateCourseDto): Promise<CourseView> {
    await this.assertKeepsMenu(actor);
    const lecturers = await this.lecturersNamed(dto.lecturerIds);
    const saved = await this.courses.create({
      title: dto.title,
      code: dto.code ?? null,
      topic: dto.topic,
      description: dto.description ?? null,
      durationMinutes: dto.durationMinutes,
      formats: dto.formats,
      lecturers,
    });
    return toCourseView(saved);
  }

  /**
   * Corrects a course of the menu. Orders placed from it keep what they were placed with (their title, topic and
   * duration are their own); who may take its pending orders follows the new list of lecturers.
   */
  async update(actor: Actor, id: string, dto: UpdateCourseDto): Promise<CourseView> {
    await this.assertKeepsMenu(actor);
    await this.findById(id);
    const { lecturerIds, description, ...changes } = givenFields(dto);
    if (lecturerIds !== undefined) await this.lecturersNamed(lecturerIds);
    // An empty description is none, as a course added without one.
    await this.courses.update(id, { ...changes, ...(description !== undefined ? { description: description || null } : {}) }, lecturerIds);
    return this.get(id);
  }

  /** The whole menu with who gives each course, for exports. */
  findAll(): Promise<Course[]> {
    return this.courses.findAll();
  }

  /** Courses by their codes (without case), with their lecturers' ids, for imports. */
  findByCodes(codes: readonly string[]): Promise<Array<Omit<Course, 'lecturers' | 'createdAt'> & { lecturerIds: string[] }>> {
    return this.courses.findByCodes(codes);
  }

  /** Writes an import's courses and who gives them, in the caller's transaction. */
  async writeImported(manager: EntityManager, creates: readonly ImportedCourse[], updates: readonly ImportedCourse[]): Promise<void> {
    await this.courses.writeImported(manager, creates, updates);
  }

  async list(q: CourseQuery): Promise<Page<CourseView>> {
    const page = await this.courses.page(q);
    return { ...page, items: page.items.map(toCourseView) };
  }

  async findById(id: string): Promise<Course> {
    const course = await this.courses.findById(id);
    if (!course) throw CourseErrors.COURSE_NOT_FOUND();
    return course;
  }

  /** What an order placed from the menu takes from the course (404 COURSE_NOT_FOUND if there is none). */
  async menuEntry(id: string): Promise<MenuEntry> {
    const entry = await this.courses.menuEntry(id);
    if (!entry) throw CourseErrors.COURSE_NOT_FOUND();
    return entry;
  }

  /** Whether the lecturer is one of those who give the course. */
  isGivenBy(courseId: string, lecturerId: string): Promise<boolean> {
    return this.courses.isGivenBy(courseId, lecturerId);
  }

  async get(id: string): Promise<CourseView> {
    return toCourseView(await this.findById(id));
  }
}
