import type { Region } from './region.entity.js';

/**
 * Where a branch or a lecturer's home goes when it moves to another region without coordinates of its own: the
 * new region's, as when it was added. The old ones (up to a banner away) would have measured every trip from where
 * it no longer is. Nothing changes when it stays in its region or its coordinates are given.
 */
export function placeOnMove(
  to: Region | undefined,
  fromRegionId: string,
  givenLatitude: number | undefined,
): { latitude?: number; longitude?: number } {
  return to !== undefined && to.id !== fromRegionId && givenLatitude === undefined
    ? { latitude: to.latitude, longitude: to.longitude }
    : {};
}
