import type { Actor } from '../../auth/actor.js';
import { AdminLookups, type NamedRegion } from './admin-lookups.js';

const region = (id: string, parentId: string | null) => ({ id, parentId, name: id, fullName: id }) as unknown as NamedRegion;
const admin = (regionId: string | null) => ({ role: 'admin', regionId }) as unknown as Actor;
const lookups = new AdminLookups(null as never, null as never, null as never);
const ids = (regions: NamedRegion[]) => regions.map((r) => r.id);

describe('AdminLookups.belowWholeScope', () => {
  it('leaves out the only city for a city-wide admin: 全市 is that city', () => {
    expect(ids(lookups.belowWholeScope(admin(null), [region('city', null), region('bannerA', 'city')]))).toEqual(['bannerA']);
  });

  it('keeps every city where there are several, each a choice narrower than 全市', () => {
    const regions = [region('hulunbuir', null), region('xing-an', null), region('bannerA', 'hulunbuir')];
    expect(ids(lookups.belowWholeScope(admin(null), regions))).toEqual(['hulunbuir', 'xing-an', 'bannerA']);
  });

  it("leaves out a banner admin's own banner: 旗A全域 is that banner", () => {
    expect(ids(lookups.belowWholeScope(admin('bannerA'), [region('bannerA', 'city'), region('townA', 'bannerA')]))).toEqual(['townA']);
  });
});

describe('AdminLookups.regionsInScope', () => {
  it('lists the city first, as the top of the tree, then the regions by name', async () => {
    const views = [
      { id: 'b2', parentId: 'c', level: 'banner', name: '满洲里市' },
      { id: 'c', parentId: null, level: 'city', name: '呼伦贝尔市' },
      { id: 'b1', parentId: 'c', level: 'banner', name: '海拉尔区' },
    ];
    const regions = { list: () => Promise.resolve({ items: views, nextCursor: null }) };
    const named = await new AdminLookups(regions as never, null as never, null as never).regionsInScope(admin(null));
    expect(named.map((r) => r.name)).toEqual(['呼伦贝尔市', '海拉尔区', '满洲里市']);
  });
});
