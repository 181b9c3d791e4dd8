import { CourseQuery, type CourseView } from '../../src/courses/courses.dto.js';
import { CoursesModule } from '../../src/courses/courses.module.js';
import { CoursesService } from '../../src/courses/courses.service.js';
import type { LecturerView } from '../../src/lecturers/lecturers.dto.js';
import { LecturersService } from '../../src/lecturers/lecturers.service.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { buildSmallCity, courseBody, lecturerBody } from '../support/generators.js';
import { actors, type MediumTest, query, startMedium } from '../support/medium.js';

describe(CoursesService.name, () => {
  let medium: MediumTest;
  let sut: CoursesService;
  let wuyun: LecturerView;
  let bater: LecturerView;
  /** Theory, on site or online, by both lecturers; policy, online only, by 巴特 alone. */
  let theory: CourseView;
  let policy: CourseView;
  const admin = actors.cityAdmin();

  beforeAll(async () => {
    medium = await startMedium([CoursesModule]);
    sut = medium.get(CoursesService);
    const city = await buildSmallCity((body) => medium.get(RegionsService).create(admin, body));
    const lecturers = medium.get(LecturersService);
    bater = await lecturers.create(admin, lecturerBody(city.banners.B.townshipId, { name: '巴特' }));
    wuyun = await lecturers.create(admin, lecturerBody(city.banners.A.townshipId, { name: '乌云' }));
    theory = await sut.create(admin, courseBody([bater.id, wuyun.id], { description: '学习贯彻党的二十大精神' }));
    policy = await sut.create(admin, courseBody([bater.id], { topic: 'policy', formats: ['online'] }));
  });

  afterAll(() => medium.close());

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((c) => c.id);

  describe('create', () => {
    it('lists the teaching lecturers by name, with their category and level', () => {
      expect(theory.lecturers).toEqual([
        { id: wuyun.id, name: '乌云', category: 'expert_scholar', level: 'banner' },
        { id: bater.id, name: '巴特', category: 'expert_scholar', level: 'banner' },
      ]);
      expect(theory).toMatchObject({ description: '学习贯彻党的二十大精神', durationMinutes: 90 });
    });

    it('refuses a lecturer that is not in the pool (400)', async () => {
      await expect(sut.create(admin, courseBody([wuyun.id, crypto.randomUUID()]))).rejects.toMatchObject({
        code: 'COURSE_LECTURER_NOT_FOUND',
        status: 400,
      });
    });

    it('has no description unless given one', () => {
      expect(policy.description).toBeNull();
    });
  });

  describe('list', () => {
    it('orders the menu by topic and title, each course with its lecturers', async () => {
      const page = await sut.list(query(CourseQuery));
      expect(page).toEqual({ items: [policy, theory], total: 2, nextCursor: null });
    });

    it('filters by topic, format and lecturer', async () => {
      expect(ids(await sut.list(query(CourseQuery, { topic: 'theory' })))).toEqual([theory.id]);
      expect(ids(await sut.list(query(CourseQuery, { format: 'on_site' })))).toEqual([theory.id]);
      expect(ids(await sut.list(query(CourseQuery, { lecturerId: wuyun.id })))).toEqual([theory.id]);
    });

    it('pages while counting every course', async () => {
      await expect(sut.list(query(CourseQuery, { limit: 1, offset: 1 }))).resolves.toEqual({ items: [theory], total: 2, nextCursor: null });
    });
  });

  describe('get', () => {
    it('shows a course with its lecturers', async () => {
      await expect(sut.get(theory.id)).resolves.toEqual(theory);
    });

    it('answers 404 for a course that does not exist', async () => {
      await expect(sut.get(crypto.randomUUID())).rejects.toMatchObject({ code: 'COURSE_NOT_FOUND', status: 404 });
    });
  });
});
