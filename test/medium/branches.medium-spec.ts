import { BranchQuery } from '../../src/branches/branches.dto.js';
import { BranchesModule } from '../../src/branches/branches.module.js';
import { BranchesService } from '../../src/branches/branches.service.js';
import type { BranchView } from '../../src/branches/branches.dto.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { branchBody, buildSmallCity, type SmallCity } from '../support/generators.js';
import { actors, type MediumTest, query, startMedium } from '../support/medium.js';

describe(BranchesService.name, () => {
  let medium: MediumTest;
  let sut: BranchesService;
  let city: SmallCity;
  /** A village branch in each banner, and a community (社区) branch in banner A's township. */
  let villageA: BranchView;
  let villageB: BranchView;
  let communityA: BranchView;
  const cityAdmin = actors.cityAdmin();

  beforeAll(async () => {
    medium = await startMedium([BranchesModule]);
    sut = medium.get(BranchesService);
    const regions = medium.get(RegionsService);
    city = await buildSmallCity((body) => regions.create(cityAdmin, body));
    villageA = await sut.create(cityAdmin, branchBody(city.banners.A.villageId));
    villageB = await sut.create(cityAdmin, branchBody(city.banners.B.villageId));
    communityA = await sut.create(cityAdmin, branchBody(city.banners.A.townshipId, { kind: 'community', latitude: 49.5, longitude: 120 }));
  });

  afterAll(() => medium.close());

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((b) => b.id).sort();

  describe('create', () => {
    it("places a branch at its region's coordinates unless given its own", async () => {
      const village = await medium.get(RegionsService).findById(city.banners.A.villageId);
      expect(villageA).toMatchObject({
        regionId: village.id,
        latitude: village.latitude,
        longitude: village.longitude,
        kind: 'village',
        memberCount: 30,
      });
      expect(communityA).toMatchObject({ latitude: 49.5, longitude: 120 });
    });

    it("answers 404 to a banner admin creating a branch in another banner's region", async () => {
      await expect(sut.create(actors.scopedAdmin(city.banners.A.id), branchBody(city.banners.B.villageId))).rejects.toMatchObject({
        code: 'REGION_NOT_FOUND',
        status: 404,
      });
    });
  });

  describe('list', () => {
    it('shows a city-wide admin every branch', async () => {
      expect(ids(await sut.list(cityAdmin, query(BranchQuery)))).toEqual([villageA.id, villageB.id, communityA.id].sort());
    });

    it("shows a banner admin only the branches of the banner's subtree", async () => {
      const page = await sut.list(actors.scopedAdmin(city.banners.A.id), query(BranchQuery));
      expect(ids(page)).toEqual([villageA.id, communityA.id].sort());
      expect(page.total).toBe(2);
    });

    it('shows a branch account its own branch only', async () => {
      await expect(sut.list(actors.branch(villageB.id), query(BranchQuery))).resolves.toEqual({
        items: [villageB],
        total: 1,
        nextCursor: null,
      });
    });

    it('shows a lecturer no branch', async () => {
      await expect(sut.list(actors.lecturer(crypto.randomUUID()), query(BranchQuery))).resolves.toEqual({
        items: [],
        total: 0,
        nextCursor: null,
      });
    });

    it('filters by region subtree and by kind', async () => {
      expect(ids(await sut.list(cityAdmin, query(BranchQuery, { regionId: city.banners.A.townshipId })))).toEqual(
        [villageA.id, communityA.id].sort(),
      );
      expect(ids(await sut.list(cityAdmin, query(BranchQuery, { kind: 'community' })))).toEqual([communityA.id]);
    });
  });

  describe('get', () => {
    it("answers 404 to a banner admin asking for another banner's branch", async () => {
      await expect(sut.get(actors.scopedAdmin(city.banners.A.id), villageB.id)).rejects.toMatchObject({
        code: 'BRANCH_NOT_FOUND',
        status: 404,
      });
    });

    it('answers 404 to a branch account asking for another branch', async () => {
      await expect(sut.get(actors.branch(villageA.id), villageB.id)).rejects.toMatchObject({ code: 'BRANCH_NOT_FOUND', status: 404 });
    });

    it('shows a branch account its own branch', async () => {
      await expect(sut.get(actors.branch(villageA.id), villageA.id)).resolves.toEqual(villageA);
    });
  });

  describe('findWithRegion', () => {
    it("gives the other features a branch with its region's place in the tree and flags", async () => {
      const { A } = city.banners;
      await expect(sut.findWithRegion(villageA.id)).resolves.toMatchObject({
        id: villageA.id,
        regionPath: [city.cityId, A.id, A.townshipId, A.villageId],
        regionLevel: 'village',
        regionRemote: true,
        regionBorder: false,
      });
    });

    it('answers 404 for a branch that does not exist', async () => {
      await expect(sut.findWithRegion(crypto.randomUUID())).rejects.toMatchObject({ code: 'BRANCH_NOT_FOUND', status: 404 });
    });
  });
});
