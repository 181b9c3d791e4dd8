import { RegionQuery } from '../../src/regions/regions.dto.js';
import { RegionsModule } from '../../src/regions/regions.module.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { buildSmallCity, type SmallCity } from '../support/generators.js';
import { actors, type MediumTest, query, startMedium } from '../support/medium.js';

describe(RegionsService.name, () => {
  let medium: MediumTest;
  let sut: RegionsService;
  let city: SmallCity;
  const cityAdmin = actors.cityAdmin();

  beforeAll(async () => {
    medium = await startMedium([RegionsModule]);
    sut = medium.get(RegionsService);
    city = await buildSmallCity((body) => sut.create(cityAdmin, body));
  });

  afterAll(() => medium.close());

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((r) => r.id);

  describe('list', () => {
    it('shows a city-wide admin the whole tree, top down', async () => {
      const page = await sut.list(cityAdmin, query(RegionQuery));
      expect(page.total).toBe(7);
      expect(page.items.map((r) => r.level)).toEqual(['city', 'banner', 'banner', 'township', 'township', 'village', 'village']);
    });

    it("shows a banner admin only the banner's subtree", async () => {
      const { A } = city.banners;
      const page = await sut.list(actors.scopedAdmin(A.id), query(RegionQuery));
      expect(ids(page)).toEqual([A.id, A.townshipId, A.villageId]);
      expect(page.total).toBe(3);
    });

    it('narrows to a subtree with `within`, never beyond the admin scope', async () => {
      const { A, B } = city.banners;
      await expect(sut.list(cityAdmin, query(RegionQuery, { within: B.townshipId }))).resolves.toMatchObject({ total: 2 });
      await expect(sut.list(actors.scopedAdmin(A.id), query(RegionQuery, { within: B.id }))).resolves.toEqual({
        items: [],
        total: 0,
        nextCursor: null,
      });
    });

    it('filters by level, parent and flag', async () => {
      const { A, B } = city.banners;
      expect(ids(await sut.list(cityAdmin, query(RegionQuery, { level: 'banner' })))).toEqual([A.id, B.id]);
      expect(ids(await sut.list(cityAdmin, query(RegionQuery, { parentId: A.id })))).toEqual([A.townshipId]);
      expect(ids(await sut.list(cityAdmin, query(RegionQuery, { remote: true })))).toEqual([A.villageId, B.villageId]);
    });

    it('pages with limit and offset while counting every match', async () => {
      const page = await sut.list(cityAdmin, query(RegionQuery, { limit: 2, offset: 1 }));
      expect(page.items.map((r) => r.level)).toEqual(['banner', 'banner']);
      expect(page.total).toBe(7);
    });
  });

  describe('get', () => {
    it("answers 404 to a banner admin asking for another banner's region", async () => {
      const { A, B } = city.banners;
      await expect(sut.get(actors.scopedAdmin(A.id), B.villageId)).rejects.toMatchObject({ code: 'REGION_NOT_FOUND', status: 404 });
    });

    it("shows a banner admin a region of the banner's subtree", async () => {
      const { A } = city.banners;
      await expect(sut.get(actors.scopedAdmin(A.id), A.villageId)).resolves.toMatchObject({
        id: A.villageId,
        level: 'village',
        remote: true,
      });
    });
  });

  describe('create', () => {
    it('places a region under a parent one level up, with the flags off unless given', async () => {
      const { A } = city.banners;
      const village = await sut.create(actors.scopedAdmin(A.id), {
        name: '新嘎查',
        level: 'village',
        parentId: A.townshipId,
        latitude: 49.4,
        longitude: 119.9,
      });
      expect(village).toMatchObject({ parentId: A.townshipId, border: false, remote: false, weak: false });
      await expect(sut.list(cityAdmin, query(RegionQuery, { within: A.id, level: 'village' }))).resolves.toMatchObject({ total: 2 });
    });

    it('refuses a parent of the wrong level', async () => {
      await expect(
        sut.create(cityAdmin, { name: '苏木', level: 'township', parentId: city.cityId, latitude: 49, longitude: 119 }),
      ).rejects.toMatchObject({ code: 'REGION_PARENT_INVALID', status: 400 });
    });

    it('lets only a city-wide admin create a city', async () => {
      await expect(
        sut.create(actors.scopedAdmin(city.banners.A.id), { name: '另一市', level: 'city', latitude: 49, longitude: 119 }),
      ).rejects.toMatchObject({ code: 'REGION_PARENT_INVALID', status: 400 });
    });

    it("answers 404 to a banner admin placing a region under another banner's", async () => {
      const { A, B } = city.banners;
      await expect(
        sut.create(actors.scopedAdmin(A.id), { name: '苏木', level: 'township', parentId: B.id, latitude: 48, longitude: 123 }),
      ).rejects.toMatchObject({ code: 'REGION_NOT_FOUND', status: 404 });
    });
  });

  describe('update', () => {
    it('changes the name and flags and keeps the rest', async () => {
      const { B } = city.banners;
      const updated = await sut.update(cityAdmin, B.townshipId, { name: '改名苏木', weak: true });
      expect(updated).toMatchObject({ id: B.townshipId, name: '改名苏木', weak: true, level: 'township', parentId: B.id });
      await expect(sut.get(cityAdmin, B.townshipId)).resolves.toEqual(updated);
    });

    it("answers 404 to a banner admin changing another banner's region, and changes nothing", async () => {
      const { A, B } = city.banners;
      await expect(sut.update(actors.scopedAdmin(A.id), B.id, { name: '越权' })).rejects.toMatchObject({
        code: 'REGION_NOT_FOUND',
        status: 404,
      });
      await expect(sut.get(cityAdmin, B.id)).resolves.toMatchObject({ name: '旗B' });
    });
  });

  // Last: it adds a second city to the tree the tests above read.
  describe('isWholeCity', () => {
    it('takes no region and the city itself for the whole city, a banner not, and the city no more once there is another', async () => {
      expect(await sut.isWholeCity(null)).toBe(true);
      expect(await sut.isWholeCity(city.cityId)).toBe(true);
      expect(await sut.isWholeCity(city.banners.A.id)).toBe(false);
      await sut.create(cityAdmin, { name: '兴安盟', level: 'city', latitude: 46.08, longitude: 122.05 });
      expect(await sut.isWholeCity(city.cityId)).toBe(false);
    });
  });
});
