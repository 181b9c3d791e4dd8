import { LOCAL_OFFSET_MS } from '../kernel/time.js';

/** What is kept of a photo's metadata: when and where it was taken, read from its EXIF as exifr gives it. */

export interface PhotoFacts {
  takenAt?: Date;
  latitude?: number;
  longitude?: number;
}

/** The raw EXIF fields read (exifr with reviveValues off: times as "YYYY:MM:DD HH:MM:SS" strings). */
export interface RawExif {
  DateTimeOriginal?: unknown;
  OffsetTimeOriginal?: unknown;
  latitude?: unknown;
  longitude?: unknown;
}

const EXIF_TIME = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;
/** Phones that do not write the offset are, here, on China Standard Time. */
const LOCAL_OFFSET = '+08:00';

/** The instant a photo was taken: its local time with the offset it gives (else China's); undefined when absent or not a real time. */
export function takenAtOf(time: unknown, offset: unknown): Date | undefined {
  if (typeof time !== 'string') return undefined;
  const m = EXIF_TIME.exec(time.trim());
  if (!m) return undefined;
  const zone = typeof offset === 'string' && OFFSET.test(offset.trim()) ? offset.trim() : LOCAL_OFFSET;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`;
  const at = new Date(iso);
  // Date rolls 2026-02-30 over to March: a time that does not round-trip is not a real one.
  return Number.isNaN(at.getTime()) || Number(m[3]) > 31 || Number(m[4]) > 23 ? undefined : at;
}

/** A position on Earth, or undefined: (0, 0) is what a phone without a fix writes, not a place. */
export function locationOf(latitude: unknown, longitude: unknown): { latitude: number; longitude: number } | undefined {
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return undefined;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  if (latitude === 0 && longitude === 0) return undefined;
  return { latitude, longitude };
}

export function photoFacts(exif: RawExif | undefined): PhotoFacts {
  if (!exif) return {};
  const takenAt = takenAtOf(exif.DateTimeOriginal, exif.OffsetTimeOriginal);
  return { ...(takenAt ? { takenAt } : {}), ...locationOf(exif.latitude, exif.longitude) };
}

/** The EXIF directories a stored photo carries (sharp's withExif): IFD2 is the Exif one, IFD3 the GPS one. */
export interface KeptExif {
  IFD2?: { DateTimeOriginal: string; OffsetTimeOriginal: string };
  IFD3?: { GPSLatitudeRef: string; GPSLatitude: string; GPSLongitudeRef: string; GPSLongitude: string };
}

/** Degrees as EXIF writes them (degrees, minutes, seconds as rationals): whole micro-degrees, ~0.1 m. */
const exifDegrees = (degrees: number): string => `${Math.round(Math.abs(degrees) * 1e6)}/1000000 0/1 0/1`;

/**
 * What a stored photo keeps of its metadata, as api.md says: when it was taken (China's local time with its
 * offset) and where, written afresh from the facts read; nothing of the camera, the owner or the software.
 */
export function keptExif(facts: PhotoFacts): KeptExif | undefined {
  const kept: KeptExif = {};
  if (facts.takenAt) {
    const local = new Date(facts.takenAt.getTime() + LOCAL_OFFSET_MS).toISOString();
    kept.IFD2 = { DateTimeOriginal: `${local.slice(0, 10).replaceAll('-', ':')} ${local.slice(11, 19)}`, OffsetTimeOriginal: LOCAL_OFFSET };
  }
  if (facts.latitude !== undefined && facts.longitude !== undefined)
    kept.IFD3 = {
      GPSLatitudeRef: facts.latitude < 0 ? 'S' : 'N',
      GPSLatitude: exifDegrees(facts.latitude),
      GPSLongitudeRef: facts.longitude < 0 ? 'W' : 'E',
      GPSLongitude: exifDegrees(facts.longitude),
    };
  return kept.IFD2 || kept.IFD3 ? kept : undefined;
}
