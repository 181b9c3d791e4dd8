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
