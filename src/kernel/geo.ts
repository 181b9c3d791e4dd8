/** Great-circle distances for travel radius checks and travel cost, and the drive a booking blocks. */
import { DAY_MS, MINUTE_MS } from './time.js';
import { isOnSite } from './vocabulary.js';

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Minutes of travel a booking blocks before and after an on-site lecture `km` away (ceil(km / speed · 60)). */
export function travelMinutes(km: number, speedKmh: number): number {
  return Math.ceil((km / speedKmh) * 60);
}

/** The largest travel radius a lecturer may have, km: no drive a booking blocks is longer. */
export const MAX_TRAVEL_RADIUS_KM = 2000;

/**
 * How far before and after a lecture's start the bookings and offers its booking may meet can lie, in ms: a day for
 * lectures (at most 10 hours), and the longest drive either side at `speedKmh` (33 h at 60 km/h).
 */
export function readAroundMs(speedKmh: number): number {
  return DAY_MS + travelMinutes(MAX_TRAVEL_RADIUS_KM, speedKmh) * MINUTE_MS;
}

/** Minutes of drive a booking blocks before and after a lecture in `format` `km` away: none online (nobody travels). */
export function bookingDriveMinutes(format: string, km: number, speedKmh: number): number {
  return isOnSite(format) ? travelMinutes(km, speedKmh) : 0;
}

/** What a booking blocks, in epoch ms: the lecture from `startMs`, with `driveMinutes` either side (bookings_no_overlap). */
export function blockedSpan(startMs: number, durationMinutes: number, driveMinutes: number): { start: number; end: number } {
  return { start: startMs - driveMinutes * MINUTE_MS, end: startMs + (durationMinutes + driveMinutes) * MINUTE_MS };
}

/** Haversine distance between two points, in km. Symmetric; 0 for the same point. */
export function travelKm(a: LatLon, b: LatLon): number {
  return haversineKm(a.latitude, a.longitude, b.latitude, b.longitude);
}

/** Haversine distance from raw coordinates (degrees), in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return haversineKmCos(lat1, lon1, cosLatitude(lat1), lat2, lon2, cosLatitude(lat2));
}

/** cos of a latitude in degrees, as haversineKmCos takes it. */
export function cosLatitude(latitude: number): number {
  return Math.cos(latitude * RAD);
}

/** haversineKm with each point's cosLatitude worked out beforehand (for many pairs); the same figure. */
export function haversineKmCos(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const h = s1 * s1 + cos1 * cos2 * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
