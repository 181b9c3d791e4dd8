/** data/hulunbuir-banners.json: the city and its 14 banners with approximate seats, for the demo city and benchmarks. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BannerSeat {
  name: string;
  nameEn: string;
  seat: string;
  latitude: number;
  longitude: number;
  border: boolean;
}

export interface BannersFile {
  city: { name: string; nameEn: string; latitude: number; longitude: number };
  banners: BannerSeat[];
}

const BANNERS_FILE = 'data/hulunbuir-banners.json';

/** Reads the file from the working directory (the project root), else the nearest one above this module. */
export function loadBanners(): BannersFile {
  const candidates = [resolve(process.cwd(), BANNERS_FILE)];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(resolve(dir, BANNERS_FILE));
    dir = dirname(dir);
  }
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`${BANNERS_FILE} not found (looked in ${candidates.join(', ')})`);
  return JSON.parse(readFileSync(file, 'utf8')) as BannersFile;
}
