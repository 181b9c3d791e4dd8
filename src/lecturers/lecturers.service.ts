import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, lecturerIdOf } from '../auth/actor.js';
import type { Page } from '../common/pagination.js';
import { periodInstant } from '../common/period.js';
import { scopeCovers } from '../regions/region-scope.js';
import { RegionsService } from '../regions/regions.service.js';
import { placeOnMove } from '../regions/place-on-move.js';
import { givenFields } from '../kernel/given-fields.js';
import { type Availability, UNRESTRICTED_WEEK } from '../kernel/availability.js';
import type { Lecturer } from './lecturer.entity.js';
import {
  ADMIN_ONLY_FIELDS,
  type AvailabilityDto,
  SELF_SET_RADIUS_CAP_KM,
  type CreateLecturerDto,
  type LecturerQuery,
  type LecturerView,
  type UpdateLecturerDto,
} from './lecturers.dto.js';
import { hasCode } from '../i18n/error-codes.js';
import { LecturerErrors } from './lecturers.errors.js';
import { type ImportedLecturer, LecturersRepository } from './lecturers.repository.js';
import { parseHm } from '../kernel/time.js';

export function lecturerRating(l: Pick<Lecturer, 'ratingSum' | 'ratingCount'>): { mean: number | null; count: number } {
  return { mean: l.ratingCount === 0 ? null : Math.round((l.ratingSum / l.ratingCount) * 100) / 100, count: l.ratingCount };
}

export function toLecturerView(l: Lecturer): LecturerView {
  return {
    id: l.id,
    ...(l.code !== null ? { code: l.code } : {}),
    name: l.name,
    category: l.category,
    level: l.level,
    regionId: l.regionId,
    latitude: l.latitude,
    longitude: l.longitude,
    topics: l.topics,
    languages: l.languages,
    formats: l.formats,
    maxLecturesPerMonth: l.maxLecturesPerMonth,
    travelRadiusKm: l.travelRadiusKm,
    rating: lecturerRating(l),
  };
}

/** The weekly pattern as stored: each window's weekday and times, nothing else of the request. */
function weeklyOf(dto: AvailabilityDto): Availability['weekly'] {
  return dto.weekly.map(({ weekday, from, to }) => ({ weekday, from, to }));
}

/**
 * What a lecturer may not change on their own profile: what the organisation decides (category, level,
 * cap, the office's code), where their home is (it places them in an admin's scope), and a travel radius beyond the cap. A field
 * sent back as it stands changes nothing, so a client may PATCH back the profile it read (less its id and rating).
 */
function assertSelfEditAllowed(dto: UpdateLecturerDto, current: Lecturer): void {
  const changes = (field: (typeof ADMIN_ONLY_FIELDS)[number] | 'travelRadiusKm') =>
    dto[field] !== undefined && dto[field] !== current[field];
  if (ADMIN_ONLY_FIELDS.some(changes)) throw LecturerErrors.LECTURER_FIELD_FORBIDDEN();
  if (changes('travelRadiusKm') && (dto.travelRadiusKm as number) > SELF_SET_RADIUS_CAP_KM)
    throw LecturerErrors.LECTURER_RADIUS_ABOVE_CAP();
}

/**
 * The roster. The pool is city-wide (any lecturer may serve any branch), so every admin reads all of
 * it; changing a lecturer, or reading their availability and schedule, is for admins whose scope
 * holds the lecturer's home region, and for the lecturer themself.
 */
@Injectable()
export class LecturersService {
  constructor(
    private readonly lecturers: LecturersRepository,
    private readonly regions: RegionsService,
  ) {}

  async create(actor: Actor, dto: CreateLecturerDto): Promise<LecturerView> {
    const region = await this.regions.findVisible(actor, dto.regionId);
    const saved = await this.lecturers.create({
      ...dto,
      latitude: dto.latitude ?? region.latitude,
      longitude: dto.longitude ?? region.longitude,
      availability: { weekly: [...UNRESTRICTED_WEEK], exceptions: [] },
      ratingSum: 0,
      ratingCount: 0,
    });
    return toLecturerView(saved);
  }

  async list(actor: Actor, q: LecturerQuery): Promise<Page<LecturerView>> {
    // A lecturer sees only their own profile.
    const page = await this.lecturers.page(q, lecturerIdOf(actor));
    return { ...page, items: page.items.map(toLecturerView) };
  }

  /** Reading a profile: any admin (the pool is city-wide), a lecturer only their own. */
  async findReadable(actor: Actor, id: string): Promise<Lecturer> {
    if (actor.role === 'lecturer' && actor.lecturerId !== id) throw LecturerErrors.LECTURER_NOT_FOUND();
    if (actor.role === 'branch') throw LecturerErrors.LECTURER_NOT_FOUND();
    const lecturer = await this.lecturers.findById(id);
    if (!lecturer) throw LecturerErrors.LECTURER_NOT_FOUND();
    return lecturer;
  }

  /** Whether the actor may change the lecturer (an admin: one whose home lies in its scope; a lecturer: itself). */
  mayManage(actor: Actor, id: string): Promise<boolean> {
    return this.findManageable(actor, id).then(
      () => true,
      (err: unknown) => {
        if (hasCode(err, 'LECTURER_NOT_FOUND')) return false;
        throw err;
      },
    );
  }

  /** Changing a lecturer or reading their private data: the lecturer, or an admin whose scope holds their home region. */
  async findManageable(actor: Actor, id: string): Promise<Lecturer> {
    const lecturer = await this.findReadable(actor, id);
    if (actor.role === 'admin' && actor.regionId !== null) {
      const home = await this.regions.findById(lecturer.regionId);
      if (!scopeCovers(actor.regionId, home)) throw LecturerErrors.LECTURER_NOT_FOUND();
    }
    return lecturer;
  }

  async get(actor: Actor, id: string): Promise<LecturerView> {
    return toLecturerView(await this.findReadable(actor, id));
  }

  /**
   * Writes only the columns the request names, so that a rating or an availability change committed
   * meanwhile is not overwritten with what this request read (a lost update).
   */
  async update(actor: Actor, id: string, dto: UpdateLecturerDto): Promise<LecturerView> {
    const lecturer = await this.findManageable(actor, id);
    if (actor.role === 'lecturer') assertSelfEditAllowed(dto, lecturer);
    const region = dto.regionId === undefined ? undefined : await this.regions.findVisible(actor, dto.regionId);
    const changes: Partial<Lecturer> = { ...givenFields(dto), ...placeOnMove(region, lecturer.regionId, dto.latitude) };
    if (Object.keys(changes).length > 0) await this.lecturers.update(lecturer.id, changes);
    return toLecturerView((await this.lecturers.findById(lecturer.id)) as Lecturer);
  }

  async getAvailability(actor: Actor, id: string): Promise<Availability> {
    return (await this.findManageable(actor, id)).availability;
  }

  async setAvailability(actor: Actor, id: string, dto: AvailabilityDto): Promise<Availability> {
    const lecturer = await this.findManageable(actor, id);
    dto.weekly.forEach((w, i) => {
      if (parseHm(w.to) <= parseHm(w.from))
        throw LecturerErrors.AVAILABILITY_INVALID(`weekly.${i}: to must be after from`, `weekly.${i}.to`);
    });
    // Left out, the leave stored stays: a client that sends the weekly pattern alone does not wipe it.
    if (dto.exceptions === undefined) return this.storeAvailability(lecturer, { ...lecturer.availability, weekly: weeklyOf(dto) });
    // A date alone is the whole local day, both days inclusive.
    const exceptions = dto.exceptions.map((e, i) => ({
      from: periodInstant(e.from, `exceptions.${i}.from`, false),
      to: periodInstant(e.to, `exceptions.${i}.to`, true),
      reason: e.reason,
    }));
    exceptions.forEach((e, i) => {
      if (e.to <= e.from) throw LecturerErrors.AVAILABILITY_INVALID(`exceptions.${i}: to must be after from`, `exceptions.${i}.to`);
    });
    return this.storeAvailability(lecturer, {
      weekly: weeklyOf(dto),
      exceptions: exceptions.map(({ from, to, reason }) => ({
        from: from.toISOString(),
        to: to.toISOString(),
        ...(reason ? { reason } : {}),
      })),
    });
  }

  private async storeAvailability(lecturer: Lecturer, availability: Availability): Promise<Availability> {
    await this.lecturers.update(lecturer.id, { availability });
    return availability;
  }

  /** Every lecturer whose home lies in the scope (null = the whole city): those an admin manages, for exports. */
  findAllManagedWithin(scope: string | null): Promise<Lecturer[]> {
    return this.lecturers.findAllWithin(scope);
  }

  /** Lecturers by their codes (without case), for imports. */
  findByCodes(codes: readonly string[]): Promise<Lecturer[]> {
    return this.lecturers.findByCodes(codes);
  }

  /**
   * Writes an import's lecturers in the caller's transaction. A sheet carries the weekly pattern only:
   * a changed lecturer keeps its dated exceptions (leave) and its ratings.
   */
  async writeImported(manager: EntityManager, creates: readonly ImportedLecturer[], updates: readonly ImportedLecturer[]): Promise<void> {
    await this.lecturers.writeImported(manager, creates, updates);
  }

  /** Lecturers by id, for other features (courses, orders, scheduling). */
  async findByIds(ids: string[]): Promise<Lecturer[]> {
    return this.lecturers.findByIds(ids);
  }

  async findById(id: string, manager?: EntityManager): Promise<Lecturer | null> {
    return this.lecturers.findById(id, manager);
  }

  /** Adds one branch rating to the lecturer's running mean, atomically. */
  addRating(manager: EntityManager, lecturerId: string, score: number): Promise<void> {
    return this.lecturers.changeRatings(manager, lecturerId, score, 1);
  }

  /** Takes a rating back out of the mean (its lecture was retracted), atomically. */
  takeBackRating(manager: EntityManager, lecturerId: string, score: number): Promise<void> {
    return this.lecturers.changeRatings(manager, lecturerId, -score, -1);
  }
}
