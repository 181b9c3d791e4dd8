import { RegionsService } from '../../src/regions/regions.service.js';
import { LecturerQuery, type LecturerView } from '../../src/lecturers/lecturers.dto.js';
import { LecturersModule } from '../../src/lecturers/lecturers.module.js';
import { LecturersService } from '../../src/lecturers/lecturers.service.js';
import { ALL_WEEK, buildSmallCity, lecturerBody, type SmallCity } from '../support/generators.js';
import { actors, type MediumTest, query, startMedium } from '../support/medium.js';

describe(LecturersService.name, () => {
  let medium: MediumTest;
  let sut: LecturersService;
  let city: SmallCity;
  /** At home in banner A's township; a five-elders (五老) township lecturer in banner B teaching policy in zh only. */
  let lecturerA: LecturerView;
  let lecturerB: LecturerView;
  const cityAdmin = actors.cityAdmin();

  beforeAll(async () => {
    medium = await startMedium([LecturersModule]);
    sut = medium.get(LecturersService);
    const regions = medium.get(RegionsService);
    city = await buildSmallCity((body) => regions.create(cityAdmin, body));
    lecturerA = await sut.create(cityAdmin, lecturerBody(city.banners.A.townshipId));
    lecturerB = await sut.create(
      cityAdmin,
      lecturerBody(city.banners.B.villageId, {
        category: 'five_elders',
        level: 'township',
        topics: ['policy'],
        languages: ['zh'],
        latitude: 48.5,
        longitude: 123.9,
      }),
    );
  });

  afterAll(() => medium.close());

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((l) => l.id).sort();

  describe('create', () => {
    it("places a lecturer at the home region's coordinates unless given, with no rating yet", async () => {
      const township = await medium.get(RegionsService).findById(city.banners.A.townshipId);
      expect(lecturerA).toMatchObject({ latitude: township.latitude, longitude: township.longitude, rating: { mean: null, count: 0 } });
      expect(lecturerB).toMatchObject({ latitude: 48.5, longitude: 123.9 });
    });

    it('leaves a new lecturer available at any hour of the week until a pattern is set', async () => {
      expect(await sut.getAvailability(cityAdmin, lecturerA.id)).toEqual(ALL_WEEK);
    });

    it("answers 404 to a banner admin placing a lecturer in another banner's region", async () => {
      await expect(sut.create(actors.scopedAdmin(city.banners.A.id), lecturerBody(city.banners.B.id))).rejects.toMatchObject({
        code: 'REGION_NOT_FOUND',
        status: 404,
      });
    });
  });

  describe('list', () => {
    it('shows every admin the whole city-wide pool', async () => {
      expect(ids(await sut.list(actors.scopedAdmin(city.banners.A.id), query(LecturerQuery)))).toEqual([lecturerA.id, lecturerB.id].sort());
    });

    it('shows a lecturer their own profile only', async () => {
      await expect(sut.list(actors.lecturer(lecturerB.id), query(LecturerQuery))).resolves.toEqual({
        items: [lecturerB],
        total: 1,
        nextCursor: null,
      });
    });

    it('filters by category, level, topic, language and home region subtree', async () => {
      const only = async (q: Partial<LecturerQuery>) => ids(await sut.list(cityAdmin, query(LecturerQuery, q)));
      await expect(only({ category: 'five_elders' })).resolves.toEqual([lecturerB.id]);
      await expect(only({ level: 'banner' })).resolves.toEqual([lecturerA.id]);
      await expect(only({ topic: 'theory' })).resolves.toEqual([lecturerA.id]);
      await expect(only({ language: 'mn' })).resolves.toEqual([lecturerA.id]);
      await expect(only({ regionId: city.banners.B.id })).resolves.toEqual([lecturerB.id]);
    });
  });

  describe('get', () => {
    it('shows a banner admin a lecturer at home in another banner (the pool is city-wide)', async () => {
      await expect(sut.get(actors.scopedAdmin(city.banners.A.id), lecturerB.id)).resolves.toEqual(lecturerB);
    });

    it('answers 404 to a lecturer asking for another lecturer', async () => {
      await expect(sut.get(actors.lecturer(lecturerA.id), lecturerB.id)).rejects.toMatchObject({ code: 'LECTURER_NOT_FOUND', status: 404 });
    });

    it('answers 404 to a branch account', async () => {
      await expect(sut.get(actors.branch(crypto.randomUUID()), lecturerA.id)).rejects.toMatchObject({
        code: 'LECTURER_NOT_FOUND',
        status: 404,
      });
    });
  });

  describe('update', () => {
    it('answers 404 to a banner admin changing a lecturer at home in another banner', async () => {
      await expect(sut.update(actors.scopedAdmin(city.banners.A.id), lecturerB.id, { travelRadiusKm: 10 })).rejects.toMatchObject({
        code: 'LECTURER_NOT_FOUND',
        status: 404,
      });
    });

    it('lets a lecturer change their own topics and languages', async () => {
      const own = actors.lecturer(lecturerB.id);
      await expect(sut.update(own, lecturerB.id, { topics: ['policy', 'ethnic_unity'] })).resolves.toMatchObject({
        topics: ['policy', 'ethnic_unity'],
      });
      await expect(sut.get(own, lecturerB.id)).resolves.toMatchObject({ topics: ['policy', 'ethnic_unity'], category: 'five_elders' });
    });

    it('refuses a lecturer changing their own category, level or monthly cap (403)', async () => {
      await expect(sut.update(actors.lecturer(lecturerA.id), lecturerA.id, { maxLecturesPerMonth: 100 })).rejects.toMatchObject({
        code: 'LECTURER_FIELD_FORBIDDEN',
        status: 403,
      });
    });

    it("lets a banner admin change a lecturer at home in the banner's subtree", async () => {
      await expect(sut.update(actors.scopedAdmin(city.banners.A.id), lecturerA.id, { level: 'city' })).resolves.toMatchObject({
        level: 'city',
      });
    });
  });

  describe('availability', () => {
    it('is stored and read back, exceptions as UTC instants', async () => {
      const own = actors.lecturer(lecturerA.id);
      const exception = { from: '2026-07-01T00:00:00+08:00', to: '2026-07-10T00:00:00+08:00', reason: '休假' };
      await sut.setAvailability(own, lecturerA.id, { ...ALL_WEEK, exceptions: [exception] });
      await expect(sut.getAvailability(cityAdmin, lecturerA.id)).resolves.toEqual({
        weekly: ALL_WEEK.weekly,
        exceptions: [{ from: '2026-06-30T16:00:00.000Z', to: '2026-07-09T16:00:00.000Z', reason: '休假' }],
      });
    });

    it('refuses a weekly window that ends before it starts (400)', async () => {
      await expect(
        sut.setAvailability(cityAdmin, lecturerB.id, { weekly: [{ weekday: 1, from: '18:00', to: '09:00' }], exceptions: [] }),
      ).rejects.toMatchObject({ code: 'AVAILABILITY_INVALID', status: 400 });
    });

    it('answers 404 to a banner admin reading the availability of a lecturer at home in another banner', async () => {
      await expect(sut.getAvailability(actors.scopedAdmin(city.banners.A.id), lecturerB.id)).rejects.toMatchObject({
        code: 'LECTURER_NOT_FOUND',
        status: 404,
      });
    });
  });

  describe('addRating and takeBackRating', () => {
    it('keeps a running mean of the ratings, to two decimals', async () => {
      for (const score of [5, 4, 4]) await sut.addRating(medium.db.manager, lecturerB.id, score);
      await expect(sut.get(cityAdmin, lecturerB.id)).resolves.toMatchObject({ rating: { mean: 4.33, count: 3 } });
    });

    it('takes a rating back out', async () => {
      const before = await sut.get(cityAdmin, lecturerA.id);
      await sut.addRating(medium.db.manager, lecturerA.id, 2);
      await sut.takeBackRating(medium.db.manager, lecturerA.id, 2);
      await expect(sut.get(cityAdmin, lecturerA.id)).resolves.toMatchObject({ rating: before.rating });
    });
  });
});
