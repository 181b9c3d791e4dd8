import type { DataSource } from 'typeorm';
import type { CreateBranchDto } from '../../src/branches/branches.dto.js';
import type { CreateCourseDto } from '../../src/courses/courses.dto.js';
import type { AvailabilityDto, CreateLecturerDto } from '../../src/lecturers/lecturers.dto.js';
import type { CreateRegionDto } from '../../src/regions/regions.dto.js';

/**
 * The test data of every tier: the same bodies are sent over HTTP by the end-to-end tests (`World`) and
 * passed straight to the services by the medium tests, so both tiers test the same small city.
 */

let seq = 0;
/** A number unique within the test file, for names that must not collide. */
export function nextSeq(): number {
  return ++seq;
}

export interface SmallCity {
  cityId: string;
  banners: Record<'A' | 'B', { id: string; townshipId: string; villageId: string }>;
}

/**
 * A small city: 呼伦贝尔市 with two banners (A and B, far apart), a township in each and a remote village
 * in each township. `createRegion` makes one region as a city-wide admin, over HTTP or through the service.
 */
export async function buildSmallCity(createRegion: (body: CreateRegionDto) => Promise<{ id: string }>): Promise<SmallCity> {
  const cityId = (await createRegion({ name: '呼伦贝尔市', level: 'city', latitude: 49.21, longitude: 119.76 })).id;
  const banners = {} as SmallCity['banners'];
  for (const [key, lat, lon] of [
    ['A', 49.21, 119.74],
    ['B', 48.13, 123.46],
  ] as const) {
    const banner = await createRegion({ name: `旗${key}`, level: 'banner', parentId: cityId, latitude: lat, longitude: lon });
    const township = await createRegion({
      name: `苏木${key}`,
      level: 'township',
      parentId: banner.id,
      latitude: lat + 0.1,
      longitude: lon + 0.1,
    });
    const village = await createRegion({
      name: `嘎查${key}`,
      level: 'village',
      parentId: township.id,
      latitude: lat + 0.2,
      longitude: lon + 0.2,
      remote: true,
    });
    banners[key] = { id: banner.id, townshipId: township.id, villageId: village.id };
  }
  return { cityId, banners };
}

/** A village party branch of 30 members in the region. */
export function branchBody(regionId: string, overrides: Partial<CreateBranchDto> = {}): CreateBranchDto {
  return { name: `党支部${nextSeq()}`, regionId, kind: 'village', memberCount: 30, ...overrides };
}

/** A lecturer at home in the region who teaches everything in zh and mn, in every format, anywhere in the city. */
export function lecturerBody(regionId: string, overrides: Partial<CreateLecturerDto> = {}): CreateLecturerDto {
  return {
    name: `讲师${nextSeq()}`,
    category: 'expert_scholar',
    level: 'banner',
    regionId,
    topics: ['theory', 'party_history', 'policy', 'practical_skills'],
    languages: ['zh', 'mn'],
    formats: ['on_site', 'online', 'field', 'mobile'],
    maxLecturesPerMonth: 20,
    travelRadiusKm: 2000,
    ...overrides,
  };
}

/** Available at every hour of every day, with no exceptions. */
export const ALL_WEEK: AvailabilityDto = {
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
  exceptions: [],
};

/** A 90-minute course on the menu, on site or online, taught by these lecturers. */
export function courseBody(lecturerIds: string[], overrides: Partial<CreateCourseDto> = {}): CreateCourseDto {
  return { title: `课程${nextSeq()}`, topic: 'theory', durationMinutes: 90, formats: ['on_site', 'online'], lecturerIds, ...overrides };
}

export interface GivenLecture {
  branchId: string;
  /** When it was given, e.g. `2026-07-10T09:00:00+08:00`: its Asia/Shanghai date is the day it counts on. */
  startedAt: string;
  attendance: number;
  topic?: string;
  format?: string;
  /** The lecturer who gave it (a booking); without one it counts under category and level `unknown`. */
  lecturerId?: string;
}

/**
 * A lecture given and reported, written straight into `orders` (and `bookings`) as an import would:
 * the coverage triggers derive their facts from it as from an order completed over the API.
 */
export async function insertGivenLecture(db: DataSource, lecture: GivenLecture): Promise<string> {
  const placedBy = await importingAdmin(db);
  const [{ id }] = await db.query<Array<{ id: string }>>(
    `INSERT INTO orders (branch_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience, language, status,
       attendance, started_at, summary, completed_at, placed_by)
     VALUES ($1, $2, '党课', $3, $4, $4, 90, 40, 'zh', 'completed', $5, $4, '已授课', $4::timestamptz + interval '2 hours', $6) RETURNING id`,
    [lecture.branchId, lecture.topic ?? 'theory', lecture.format ?? 'on_site', lecture.startedAt, lecture.attendance, placedBy],
  );
  if (lecture.lecturerId !== undefined) {
    await db.query(
      `INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked)
       SELECT $1, $2, $3::timestamptz, $3::timestamptz + interval '90 minutes', tstzrange($3::timestamptz, $3::timestamptz + interval '90 minutes')`,
      [id, lecture.lecturerId, lecture.startedAt],
    );
  }
  return id;
}

/** The admin account that places imported orders, created on first use. */
async function importingAdmin(db: DataSource): Promise<string> {
  const rows = await db.query<Array<{ id: string }>>(
    `INSERT INTO accounts (username, password_hash, role) VALUES ('import-admin', 'not-a-password', 'admin')
     ON CONFLICT ON CONSTRAINT accounts_username_key DO UPDATE SET role = accounts.role RETURNING id`,
  );
  return rows[0].id;
}
