import { errorCatalogue } from '../common/domain-error.js';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS_PER_LECTURE = 20;

export const EvidenceErrors = errorCatalogue({
  EVIDENCE_PHOTO_REQUIRED: { status: 400, detail: 'Send the image as the multipart field "photo".', field: 'photo' },
  EVIDENCE_NOT_AN_IMAGE: { status: 400, detail: 'photo must be a JPEG, PNG or WebP image.', field: 'photo' },
  EVIDENCE_TOO_MANY_PIXELS: {
    status: 400,
    detail: 'photo may have at most 100 million pixels (12,000 × 8,000, say): take it at a lower resolution, or shrink it first.',
    field: 'photo',
  },
  EVIDENCE_PHOTO_TOO_LARGE: { status: 413, detail: 'A photo may be at most 10 MB.' },
  EVIDENCE_NOT_BOOKED: { status: 409, detail: 'Photos are attached to an accepted or given lecture only.' },
  EVIDENCE_LIMIT_REACHED: { status: 409, detail: `A lecture holds at most ${MAX_PHOTOS_PER_LECTURE} photos.` },
  EVIDENCE_NOT_FOUND: { status: 404, detail: 'Photo not found.' },
});
