import { BranchesModule } from '../../src/branches/branches.module.js';
import { BranchesService } from '../../src/branches/branches.service.js';
import { CoverageModule } from '../../src/coverage/coverage.module.js';
import { CoverageRepository, type ScopeRoot } from '../../src/coverage/coverage.repository.js';
import { LecturersModule } from '../../src/lecturers/lecturers.module.js';
import { LecturersService } from '../../src/lecturers/lecturers.service.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { branchBody, buildSmallCity, insertGivenLecture, lecturerBody, type SmallCity } from '../support/generators.js';
import { actors, type MediumTest, startMedium } from '../support/medium.js';

const JULY = { from: '2026-07-01', to: '2026-07-31' };

describe(CoverageRepository.name, () => {
  let medium: MediumTest;
  let sut: CoverageRepository;
  let city: SmallCity;
  const roots = {} as Record<'city' | 'bannerA' | 'bannerB', ScopeRoot>;
  /** Two branches in banner A's village (one never visited), one in its township, one in banner B's village. */
  const branches = {} as Record<'villageA1' | 'villageA2' | 'townshipA' | 'villageB', string>;
  /** At home in banner A (one of them gives nothing in July), and a five-elders lecturer at home in banner B. */
  const lecturers = {} as Record<'homeA' | 'idleA' | 'homeB', string>;

  beforeAll(async () => {
    medium = await startMedium([CoverageModule, BranchesModule, LecturersModule]);
    sut = medium.get(CoverageRepository);
    const admin = actors.cityAdmin();
    const regions = medium.get(RegionsService);
    city = await buildSmallCity((body) => regions.create(admin, body));
    const { A, B } = city.banners;
    for (const [key, id] of [
      ['city', city.cityId],
      ['bannerA', A.id],
      ['bannerB', B.id],
    ] as const) {
      const { level, path } = await regions.findById(id);
      roots[key] = { id, level, path };
    }
    const branchOf = async (regionId: string) => (await medium.get(BranchesService).create(admin, branchBody(regionId))).id;
    Object.assign(branches, {
      villageA1: await branchOf(A.villageId),
      villageA2: await branchOf(A.villageId),
      townshipA: await branchOf(A.townshipId),
      villageB: await branchOf(B.villageId),
    });
    const lecturerOf = async (regionId: string, over = {}) =>
      (await medium.get(LecturersService).create(admin, lecturerBody(regionId, over))).id;
    Object.assign(lecturers, {
      homeA: await lecturerOf(A.townshipId),
      idleA: await lecturerOf(A.villageId),
      homeB: await lecturerOf(B.townshipId, { category: 'five_elders', level: 'township' }),
    });
    const given = (lecture: Parameters<typeof insertGivenLecture>[1]) => insertGivenLecture(medium.db, lecture);
    await given({ branchId: branches.villageA1, startedAt: '2026-06-30T10:00:00+08:00', attendance: 30, lecturerId: lecturers.homeA });
    await given({
      branchId: branches.villageA1,
      startedAt: '2026-07-15T10:00:00+08:00',
      attendance: 20,
      lecturerId: lecturers.homeB,
      topic: 'policy',
      format: 'online',
    });
    // Late on the last day of July in Shanghai (still July in UTC too), by no lecturer on record, on a topic off the menu.
    await given({
      branchId: branches.townshipA,
      startedAt: '2026-07-31T23:30:00+08:00',
      attendance: 10,
      topic: 'grassland_fire_prevention',
      format: 'field',
    });
    // Just after midnight on 1 August in Shanghai: still 31 July in UTC.
    await given({ branchId: branches.villageA1, startedAt: '2026-08-01T00:30:00+08:00', attendance: 5, lecturerId: lecturers.homeA });
    await given({ branchId: branches.villageB, startedAt: '2026-07-20T10:00:00+08:00', attendance: 50, lecturerId: lecturers.homeB });
  });

  afterAll(() => medium.close());

  const byRegion = <T extends { regionId: string }>(rows: T[]) => Object.fromEntries(rows.map((r) => [r.regionId, r]));

  it('finds every region of a subtree, the root included', async () => {
    const { A } = city.banners;
    const regions = await sut.regionsUnder(A.id);
    expect(regions.map((r) => r.id).sort()).toEqual([A.id, A.townshipId, A.villageId].sort());
    expect(regions.find((r) => r.id === A.villageId)).toMatchObject({ level: 'village', parentId: A.townshipId, remote: true });
  });

  it("counts a banner's lectures under each branch's own region, and none of another banner's", async () => {
    const { A } = city.banners;
    const rows = byRegion(await sut.lecturesByRegion(roots.bannerA, JULY));
    expect(Object.keys(rows).sort()).toEqual([A.townshipId, A.villageId].sort());
    expect(rows[A.villageId]).toMatchObject({ lectures: 1, attendance: 20 });
    expect(rows[A.townshipId]).toMatchObject({ lectures: 1, attendance: 10 });
  });

  it('counts a lecture on its Asia/Shanghai date', async () => {
    const { A } = city.banners;
    const august1 = byRegion(await sut.lecturesByRegion(roots.bannerA, { from: '2026-08-01', to: '2026-08-01' }));
    expect(august1[A.villageId]).toMatchObject({ lectures: 1, attendance: 5 });
    expect(august1[A.townshipId]).toBeUndefined();
  });

  it('adds the days at both ends of a period to the whole months between them', async () => {
    const rows = byRegion(await sut.lecturesByRegion(roots.bannerA, { from: '2026-06-30', to: '2026-08-01' }));
    expect(rows[city.banners.A.villageId]).toMatchObject({ lectures: 3, attendance: 55 });
  });

  it("counts lectures by format, topic and the lecturer's category, a lecture without a lecturer as unknown", async () => {
    const { A } = city.banners;
    const rows = byRegion(await sut.lecturesByRegion(roots.bannerA, JULY));
    expect(rows[A.villageId].counts).toMatchObject({
      format_online: 1,
      topic_policy: 1,
      category_five_elders: 1,
      level_township: 1,
      category_unknown: 0,
    });
    expect(rows[A.townshipId].counts).toMatchObject({ format_field: 1, topic_custom: 1, category_unknown: 1, level_unknown: 1 });
  });

  it('lists the topics off the menu one by one', async () => {
    await expect(sut.customTopicsByRegion(roots.city, JULY)).resolves.toEqual([
      { regionId: city.banners.A.townshipId, topic: 'grassland_fire_prevention', lectures: 1 },
    ]);
  });

  it('tells per region how many branches were reached, naming those that were not', async () => {
    const { A } = city.banners;
    const rows = byRegion(await sut.reachByRegion(roots.bannerA, JULY));
    expect(rows[A.villageId]).toMatchObject({
      branches: 2,
      branchesReached: 1,
      unreached: [expect.objectContaining({ id: branches.villageA2, kind: 'village' })],
    });
    expect(rows[A.townshipId]).toMatchObject({ branches: 1, branchesReached: 1, unreached: [] });
    expect(rows[city.banners.B.villageId]).toBeUndefined();
  });

  it("sums a whole subtree's lectures, attendance and distinct branches reached", async () => {
    await expect(sut.totals(roots.city, JULY)).resolves.toEqual({ lectures: 3, attendance: 80, branchesReached: 3 });
    await expect(sut.totals(roots.city, { from: '2026-06-01', to: '2026-08-31' })).resolves.toEqual({
      lectures: 5,
      attendance: 115,
      branchesReached: 3,
    });
  });

  it('loads every lecturer at home in the subtree (none given: 0) and every visitor who lectured there', async () => {
    const load = Object.fromEntries((await sut.lecturerLoad(roots.bannerA, JULY)).map((l) => [l.id, l]));
    expect(Object.keys(load).sort()).toEqual([lecturers.homeA, lecturers.idleA, lecturers.homeB].sort());
    expect(load[lecturers.homeB]).toMatchObject({ lectures: 1, attendance: 20, category: 'five_elders' });
    expect(load[lecturers.homeA]).toMatchObject({ lectures: 0, attendance: 0 });
    expect(load[lecturers.idleA]).toMatchObject({ lectures: 0, attendance: 0 });
  });

  it('stops counting a lecture once its order is corrected to cancelled', async () => {
    const september = { from: '2026-09-01', to: '2026-09-30' };
    const id = await insertGivenLecture(medium.db, { branchId: branches.villageB, startedAt: '2026-09-10T10:00:00+08:00', attendance: 12 });
    await expect(sut.totals(roots.bannerB, september)).resolves.toEqual({ lectures: 1, attendance: 12, branchesReached: 1 });
    await medium.db.query(`UPDATE orders SET status = 'cancelled' WHERE id = $1`, [id]);
    await expect(sut.totals(roots.bannerB, september)).resolves.toEqual({ lectures: 0, attendance: 0, branchesReached: 0 });
  });
});
