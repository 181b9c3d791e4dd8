/** The demo city's places: Hulunbuir's 14 banners with generated townships, villages and party branches. */
import type { BannersFile } from '../kernel/banners.js';
import { type LatLon, travelKm } from '../kernel/geo.js';
import type { BranchKind } from '../kernel/vocabulary.js';
import type { Draws } from './draws.js';
import type { BranchRow, NewId, Profile, RegionRow, VillageType } from './model.js';
import {
  CUN_HEAD,
  CUN_MID,
  ENTERPRISE_BRANDS,
  ENTERPRISE_KINDS,
  INSTITUTIONS,
  MN_HEAD,
  MN_TAIL,
  PROFILES,
  SHEQU,
  TOWNSHIPS,
} from './names-zh.js';

/** Beyond this distance from the banner's seat a township or village counts as remote. */
const REMOTE_KM = 60;
/** About 300 branches: one per village, then enterprises, institutions and border joint branches. */
const BRANCH_TARGET = 300;

// ---- places on the map --------------------------------------------------------------------------

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/** The point `km` away from `p` in the direction `bearingDeg` (flat-earth approximation, fine at this scale). */
function offset(p: LatLon, km: number, bearingDeg: number): LatLon {
  const b = (bearingDeg * Math.PI) / 180;
  return {
    latitude: round5(p.latitude + (km * Math.cos(b)) / 110.574),
    longitude: round5(p.longitude + (km * Math.sin(b)) / (111.32 * Math.cos((p.latitude * Math.PI) / 180))),
  };
}

/** Roughly Hulunbuir's extent: keeps generated places out of Russia and Mongolia's interior. */
function insideCity(p: LatLon): boolean {
  return p.latitude >= 47.15 && p.latitude <= 53.2 && p.longitude >= 115.95 && p.longitude <= 126.0;
}

/** A point inside the city between `minKm` and `maxKm` from `centre`. */
export function placeAround(draws: Draws, centre: LatLon, minKm: number, maxKm: number): LatLon {
  for (let i = 0; i < 40; i++) {
    const p = offset(centre, draws.float(minKm, maxKm), draws.float(0, 360));
    if (insideCity(p)) return p;
  }
  return offset(centre, minKm, 90);
}

// ---- regions ------------------------------------------------------------------------------------

/** The region tree: the city, its banners, 3–6 townships a banner and 3–6 villages a township. */
export function buildRegions(draws: Draws, file: BannersFile, newId: NewId): RegionRow[] {
  const city: RegionRow = {
    id: newId(),
    name: file.city.name,
    level: 'city',
    parentId: null,
    path: [],
    latitude: file.city.latitude,
    longitude: file.city.longitude,
    border: false,
    remote: false,
    weak: false,
    profile: 'urban',
  };
  city.path = [city.id];
  const regions: RegionRow[] = [city];
  const villages: RegionRow[] = [];
  for (const b of file.banners) {
    const profile = PROFILES[b.name] ?? 'pastoral';
    const seat: LatLon = { latitude: b.latitude, longitude: b.longitude };
    const banner: RegionRow = {
      id: newId(),
      name: b.name,
      level: 'banner',
      parentId: city.id,
      path: [],
      ...seat,
      border: b.border,
      remote: false,
      weak: false,
      profile,
    };
    banner.path = [city.id, banner.id];
    regions.push(banner);
    const used = new Set<string>();
    const [tMin, tMax, vMin, vMax] = profile === 'urban' ? [4, 30, 2, 8] : [15, 120, 3, 30];
    for (const tName of townshipNames(draws, b.name, profile)) {
      const tp = placeAround(draws, seat, tMin, tMax);
      const township: RegionRow = {
        id: newId(),
        name: tName,
        level: 'township',
        parentId: banner.id,
        path: [],
        ...tp,
        border: b.border && draws.chance(0.8),
        remote: travelKm(tp, seat) > REMOTE_KM,
        weak: false,
        profile,
      };
      township.path = [...banner.path, township.id];
      regions.push(township);
      const nVillages = draws.int(3, 6);
      for (let v = 0; v < nVillages; v++) {
        const type = villageType(draws, profile, tName);
        let name = '';
        for (let tries = 0; tries < 200 && (name === '' || used.has(name)); tries++) name = villageName(draws, type);
        if (used.has(name)) name = `新${name}`;
        used.add(name);
        const vp = placeAround(draws, tp, vMin, vMax);
        const village: RegionRow = {
          id: newId(),
          name,
          level: 'village',
          parentId: township.id,
          path: [],
          ...vp,
          border: township.border,
          remote: travelKm(vp, seat) > REMOTE_KM,
          weak: false,
          profile,
          villageType: type,
          township,
        };
        village.path = [...township.path, village.id];
        regions.push(village);
        villages.push(village);
      }
    }
  }
  // about one village in ten is marked weak (党员教育薄弱)
  for (const v of draws.sample(villages, Math.round(villages.length / 10))) v.weak = true;
  return regions;
}

/** 3–6 of the banner's real townships, topped up with made-up ones. */
function townshipNames(draws: Draws, banner: string, profile: Profile): string[] {
  const count = draws.int(3, 6);
  const names = draws.sample(TOWNSHIPS[banner] ?? [], count);
  while (names.length < count) {
    const suffix = profile === 'pastoral' ? '苏木' : profile === 'urban' ? '街道' : draws.pick(['镇', '乡']);
    const name = `${draws.pick(MN_HEAD)}${draws.pick(MN_TAIL)}${suffix}`;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function villageType(draws: Draws, profile: Profile, township: string): VillageType {
  if (township.endsWith('街道')) return draws.chance(0.85) ? 'shequ' : 'cun';
  switch (profile) {
    case 'pastoral':
      return township.endsWith('苏木') ? (draws.chance(0.9) ? 'gacha' : 'shequ') : draws.chance(0.6) ? 'gacha' : 'shequ';
    case 'agri':
      return draws.chance(0.8) ? 'cun' : 'shequ';
    case 'forest':
      return draws.chance(0.55) ? 'cun' : 'shequ';
    case 'urban':
      return draws.pick(['cun', 'gacha', 'shequ', 'shequ'] as const);
  }
}

function villageName(draws: Draws, type: VillageType): string {
  switch (type) {
    case 'gacha':
      return `${draws.pick(MN_HEAD)}${draws.pick(MN_TAIL)}嘎查`;
    case 'cun':
      return `${draws.pick(CUN_HEAD)}${draws.pick(CUN_MID)}村`;
    case 'shequ':
      return `${draws.pick(SHEQU)}社区`;
  }
}

// ---- branches -----------------------------------------------------------------------------------

/** One branch per village (a community's in a 社区), then border joint, institution and enterprise branches up to about 300. */
export function buildBranches(draws: Draws, regions: RegionRow[], newId: NewId): BranchRow[] {
  const branches: BranchRow[] = [];
  const names = new Set<string>();
  /** Adds the branch unless its name is taken; returns whether it did. */
  const add = (name: string, region: RegionRow, kind: BranchKind, members: number, spreadKm: number): boolean => {
    if (names.has(name)) return false;
    names.add(name);
    branches.push({ id: newId(), name, region, kind, members, ...placeAround(draws, region, 0, spreadKm), accountId: '', orders: 0 });
    return true;
  };
  /** Draws up to `count` branches, giving up after 500 tries (names run out). */
  const addSome = (count: number, draw: () => boolean): void => {
    for (let i = 0, tries = 0; i < count && tries < 500; tries++) if (draw()) i++;
  };
  const villages = regions.filter((r) => r.level === 'village');
  const townships = regions.filter((r) => r.level === 'township');
  for (const v of villages) {
    if (v.villageType === 'shequ') add(`${v.township?.name ?? ''}${v.name}党支部`, v, 'community', draws.int(20, 120), 1);
    else add(`${v.name}党支部`, v, 'village', draws.int(12, 85), 1.5);
  }
  const extras = Math.min(80, Math.max(30, BRANCH_TARGET - branches.length));
  const borderJoint = Math.round(extras * 0.3);
  const institutions = Math.round(extras * 0.35);
  const borderNodes = regions.filter((r) => r.border && (r.level === 'township' || r.level === 'village'));
  addSome(borderJoint, () => {
    const r = draws.pick(borderNodes);
    const name =
      r.level === 'village'
        ? `${r.name}党政军警民共建党支部`
        : draws.pick([`${r.name}边境派出所警民共建党支部`, `${r.name}护边员联合党支部`, `${r.name}党政军警民共建党支部`]);
    return add(name, r, 'border_joint', draws.int(10, 50), 2);
  });
  addSome(institutions, () => {
    const t = draws.pick(townships);
    return add(`${t.name}${draws.pick(INSTITUTIONS)}党支部`, t, 'institution', draws.int(15, 60), 2);
  });
  addSome(extras - borderJoint - institutions, () => {
    const onVillage = draws.chance(0.5);
    const r = onVillage ? draws.pick(villages) : draws.pick(townships);
    const name =
      onVillage && r.villageType !== 'shequ'
        ? `${r.name.replace(/(嘎查|村)$/, '')}${r.villageType === 'gacha' ? '牧民' : '农民'}专业合作社党支部`
        : `呼伦贝尔${draws.pick(ENTERPRISE_BRANDS)}${draws.pick(ENTERPRISE_KINDS)}党支部`;
    return add(name, r, 'enterprise', draws.int(8, 40), 3);
  });
  return branches;
}
