import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor.js';
import { BranchesService } from '../../branches/branches.service.js';
import { RegionsService } from '../../regions/regions.service.js';
import type { LatLon } from '../../kernel/geo.js';
import { hasCode } from '../../i18n/error-codes.js';

/** Where an order is: its branch, the region names from the banner down, and the region's flags. */
export interface Place extends LatLon {
  branchId: string;
  branchName: string;
  /** e.g. '陈巴尔虎旗 · 呼和诺尔镇 · 巴彦嘎查' (the city left out: it is all Hulunbuir). */
  regionPath: string;
  banner: string;
  border: boolean;
  remote: boolean;
  /** A weak branch's region (薄弱): for admins only, an office's own assessment the branch itself is not shown. */
  weak: boolean;
}

/**
 * Names for the places of orders the services have already shown to the actor, looked up once per
 * page. A lecturer may not list branches or regions, yet an offer must say where it is: the branch of
 * an order they may see is part of that order, so it is read by id (BranchesService.findWithRegion),
 * never listed. Region names go through RegionsService with the actor's own scope; a region above an
 * admin's scope is simply left out of the path.
 */
export class PlaceBook {
  private readonly branches = new Map<string, Promise<Place>>();
  private readonly regionNames = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly actor: Actor,
    private readonly branchService: BranchesService,
    private readonly regions: RegionsService,
  ) {}

  of(branchId: string): Promise<Place> {
    let place = this.branches.get(branchId);
    if (!place) {
      place = this.load(branchId);
      this.branches.set(branchId, place);
    }
    return place;
  }

  /** The places of many orders at once, by branch id. */
  async ofAll(branchIds: Iterable<string>): Promise<Map<string, Place>> {
    const ids = [...new Set(branchIds)];
    const places = await Promise.all(ids.map((id) => this.of(id)));
    return new Map(ids.map((id, i) => [id, places[i]]));
  }

  private async load(branchId: string): Promise<Place> {
    const branch = await this.branchService.findWithRegion(branchId);
    // path[0] is the city: every branch is in it.
    const names = (await Promise.all(branch.regionPath.slice(1).map((id) => this.regionName(id)))).filter(
      (n): n is string => n !== undefined,
    );
    return {
      branchId,
      branchName: branch.name,
      latitude: branch.latitude,
      longitude: branch.longitude,
      regionPath: names.join(' · '),
      banner: names[0] ?? '',
      border: branch.regionBorder,
      remote: branch.regionRemote,
      weak: this.actor.role === 'admin' && branch.regionWeak,
    };
  }

  /** A region's name, or undefined where the actor may not see it. */
  regionName(id: string): Promise<string | undefined> {
    let name = this.regionNames.get(id);
    if (!name) {
      name = this.regions.findVisible(this.actor, id).then(
        (r) => r.name,
        (err: unknown) => {
          if (hasCode(err, 'REGION_NOT_FOUND')) return undefined;
          throw err;
        },
      );
      this.regionNames.set(id, name);
    }
    return name;
  }
}

@Injectable()
export class Places {
  constructor(
    private readonly branches: BranchesService,
    private readonly regions: RegionsService,
  ) {}

  /** A lookup for one page: each branch and region is read once however many orders share it. */
  book(actor: Actor): PlaceBook {
    return new PlaceBook(actor, this.branches, this.regions);
  }
}
