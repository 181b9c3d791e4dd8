import { Injectable } from '@nestjs/common';
import { type Actor, regionScopeOf } from '../../auth/actor.js';
import type { BranchView } from '../../branches/branches.dto.js';
import { BranchesService } from '../../branches/branches.service.js';
import type { Page } from '../../common/pagination.js';
import { adminText } from '../../i18n/texts.js';
import type { LecturerView } from '../../lecturers/lecturers.dto.js';
import { LecturersService } from '../../lecturers/lecturers.service.js';
import type { RegionView } from '../../regions/regions.dto.js';
import { RegionsService } from '../../regions/regions.service.js';

const MAX_PAGE = 200;
/** A select with more choices than this is no use to anyone: past it the form asks to narrow the scope. */
const MAX_CHOICES = 5000;

/** Every item of a paged list, page by page (the services cap a page at 200). */
async function everything<T>(load: (limit: number, offset: number) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; offset < MAX_CHOICES; offset += MAX_PAGE) {
    const { items, nextCursor } = await load(MAX_PAGE, offset);
    all.push(...items);
    if (nextCursor === null) break;
  }
  return all;
}

export interface Choice {
  value: string;
  label: string;
}

/** A region with the names of the regions above it: '陈巴尔虎旗 / 呼和诺尔镇 / 巴彦嘎查'. */
export interface NamedRegion extends RegionView {
  fullName: string;
}

/** Where a branch or a lecturer's home is, as a form gives it. */
interface Place {
  regionId?: string;
  /** As typed: a number, or text the validation will refuse. */
  latitude?: number | string;
  longitude?: number | string;
}

/** The admin's choices for forms (regions, branches, lecturers), each read through its service in the admin's scope. */
@Injectable()
export class AdminLookups {
  constructor(
    private readonly regions: RegionsService,
    private readonly branches: BranchesService,
    private readonly lecturers: LecturersService,
  ) {}

  async regionsInScope(actor: Actor): Promise<NamedRegion[]> {
    const all = await everything((limit, offset) => this.regions.list(actor, { limit, offset }));
    const byId = new Map(all.map((r) => [r.id, r]));
    const fullName = (r: RegionView): string => {
      const parent = r.parentId ? byId.get(r.parentId) : undefined;
      return parent && parent.level !== 'city' ? `${fullName(parent)} / ${r.name}` : r.name;
    };
    // The city first, as the tree's top (呼伦贝尔市 sorted by name fell among the banners), then by name.
    const top = (r: RegionView) => (r.parentId === null ? 0 : 1);
    return all.map((r) => ({ ...r, fullName: fullName(r) })).sort((a, b) => top(a) - top(b) || a.fullName.localeCompare(b.fullName, 'zh'));
  }

  /**
   * The regions a filter lists below its first choice, the whole scope (wholeScopeLabel): without the region that is
   * that whole scope again — a banner admin's banner, a city admin's city where it is the only one.
   */
  belowWholeScope(actor: Actor, regions: readonly NamedRegion[]): NamedRegion[] {
    const scope = regionScopeOf(actor);
    const cities = regions.filter((r) => r.parentId === null);
    const whole = scope ?? (cities.length === 1 ? cities[0].id : undefined);
    return regions.filter((r) => r.id !== whole);
  }

  /** What a region filter left empty shows this admin: the whole city, or the whole of the region it is scoped to. */
  wholeScopeLabel(actor: Actor, regions: readonly NamedRegion[]): string {
    const scope = regionScopeOf(actor);
    const name = scope === null ? undefined : regions.find((r) => r.id === scope)?.name;
    return name === undefined ? adminText('admin.common.wholeCity') : adminText('admin.common.wholeScope', { x: name });
  }

  /**
   * A place (a branch, a lecturer's home) as a change form means it: coordinates left blank are the region's (as the
   * form's hint says, and as when adding one), and so are the old ones left as they were beside another region.
   */
  async placeAsMeant<T extends Place>(
    actor: Actor,
    stored: { regionId: string; latitude: number; longitude: number },
    fields: T,
  ): Promise<T> {
    const blank = fields.latitude === undefined && fields.longitude === undefined;
    const moved = fields.regionId !== stored.regionId && fields.latitude === stored.latitude && fields.longitude === stored.longitude;
    const regionId = fields.regionId ?? stored.regionId;
    const region = blank || moved ? (await this.regionsInScope(actor)).find((r) => r.id === regionId) : undefined;
    return region ? { ...fields, latitude: region.latitude, longitude: region.longitude } : fields;
  }

  async regionChoices(actor: Actor): Promise<Choice[]> {
    return (await this.regionsInScope(actor)).map((r) => ({ value: r.id, label: r.fullName }));
  }

  async branchChoices(actor: Actor): Promise<Choice[]> {
    // Two branches may share a name (every banner has its 阳光社区): each is told apart by where it is.
    const [branches, regions] = await Promise.all([this.branchesIn(actor), this.regionsInScope(actor)]);
    const placeOf = new Map(regions.map((r) => [r.id, r.fullName]));
    return branches.map((b) => {
      const place = placeOf.get(b.regionId);
      return { value: b.id, label: place === undefined ? b.name : `${b.name}${adminText('common.paren', { x: place })}` };
    });
  }

  /** Every branch the admin sees, or those in one region's subtree. */
  branchesIn(actor: Actor, regionId?: string): Promise<BranchView[]> {
    return everything((limit, offset) => this.branches.list(actor, { limit, offset, regionId }));
  }

  async roster(actor: Actor): Promise<LecturerView[]> {
    return everything((limit, offset) => this.lecturers.list(actor, { limit, offset }));
  }

  /** Lecturers' names by id, each read as the admin may read it (any admin reads the whole pool). */
  async lecturerNames(actor: Actor, ids: Iterable<string>): Promise<Map<string, string>> {
    return new Map([...(await this.lecturersById(actor, ids))].map(([id, l]) => [id, l.name]));
  }

  /** Lecturers by id, each read as the admin may read it. */
  async lecturersById(actor: Actor, ids: Iterable<string>): Promise<Map<string, LecturerView>> {
    const views = await Promise.all([...new Set(ids)].map((id) => this.lecturers.get(actor, id)));
    return new Map(views.map((l) => [l.id, l]));
  }
}
