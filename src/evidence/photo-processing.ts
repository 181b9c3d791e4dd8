import exifr from 'exifr';
import sharp from 'sharp';
import { EvidenceErrors } from './evidence.errors.js';
import { keptExif, photoFacts, type PhotoFacts, type RawExif } from './photo-metadata.js';

/** The longest side a stored photo keeps: enough to recognise a hall and its people, small enough for a weak link. */
export const MAX_SIDE_PX = 1600;
const JPEG_QUALITY = 80;
/** Above any phone's photo; refuses a small file that would decode to gigabytes of pixels. */
const MAX_INPUT_PIXELS = 100_000_000;
const FORMATS = new Set(['jpeg', 'png', 'webp']);
const EXIF_FIELDS = ['DateTimeOriginal', 'OffsetTimeOriginal', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'];

/** How a JPEG's (and a WebP's) EXIF block begins, before the TIFF structure exifr reads. */
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

/**
 * The fields kept of a photo's EXIF block as sharp finds it in any of the formats: exifr reads none from a WebP file
 * ("unknown file format"), so a phone's WebP lost when and where it was taken. The block is read without its header.
 */
async function exifOf(block: Buffer | undefined): Promise<RawExif | undefined> {
  if (block === undefined) return undefined;
  const tiff = block.subarray(0, EXIF_HEADER.length).equals(EXIF_HEADER) ? block.subarray(EXIF_HEADER.length) : block;
  return (await exifr.parse(tiff, { pick: EXIF_FIELDS, reviveValues: false }).catch(() => undefined)) as RawExif | undefined;
}

export interface ProcessedPhoto extends PhotoFacts {
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * The photo as stored: decoded (a JPEG, PNG or WebP, else undefined; of at most MAX_INPUT_PIXELS, else
 * EVIDENCE_TOO_MANY_PIXELS), turned upright, shrunk to at most
 * MAX_SIDE_PX, re-encoded as JPEG keeping of its metadata only when and where it was taken (read from its EXIF
 * beforehand, returned as fields and written back afresh).
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto | undefined> {
  const image = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS });
  // The header alone, read without any limit (sharp's own refuses a header of over 268 million pixels), so that too
  // many pixels are said as such.
  const metadata = await sharp(input, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined);
  if (metadata === undefined || !FORMATS.has(metadata.format)) return undefined;
  // Said as such, not as "not an image": a phone's 108-megapixel mode makes such photos.
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) throw EvidenceErrors.EVIDENCE_TOO_MANY_PIXELS();
  const facts = photoFacts(await exifOf(metadata.exif));
  const kept = keptExif(facts);
  const encoded = image()
    .rotate()
    .resize({ width: MAX_SIDE_PX, height: MAX_SIDE_PX, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: JPEG_QUALITY, mozjpeg: true });
  const out = await (kept ? encoded.withExif(kept) : encoded).toBuffer({ resolveWithObject: true }).catch(() => undefined);
  if (!out) return undefined;
  return { bytes: out.data, width: out.info.width, height: out.info.height, ...facts };
}
