import { API_PATH } from '../common/request-url.js';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { checkedIdempotencyKey, IdempotencyErrors, sha256Hex } from '../common/idempotency.js';
import { type Page, type PageQuery, pageOfList, type SortColumn, timestampKey } from '../common/pagination.js';
import { haversineKm } from '../kernel/geo.js';
import { OrderErrors } from '../orders/orders.errors.js';
import { isPartyTo, type LectureParty } from '../regions/region-scope.js';
import type { EvidenceView } from './evidence.dto.js';
import { EvidenceErrors, MAX_PHOTOS_PER_LECTURE } from './evidence.errors.js';
import { EvidenceRepository, type LectureFacts, type PhotoRow, type UploadedPhoto } from './evidence.repository.js';
import { type ProcessedPhoto, processPhoto } from './photo-processing.js';
import { PhotoStore } from './photo-store.js';

export const EVIDENCE_PATH = `${API_PATH}/evidence`;

/** Who sees a lecture's photos: its lecturer (who takes them), the branch that ordered it, admins whose scope holds it. */
const VIEWERS: readonly LectureParty[] = ['lecturer', 'branch', 'admin'];

/** A lecture's photos in the order they came (at most MAX_PHOTOS_PER_LECTURE of them). */
const FIRST_TAKEN: SortColumn[] = [
  { sql: 'created_at', kind: 'timestamp' },
  { sql: 'id', kind: 'uuid' },
];

const toView = (p: PhotoRow): EvidenceView => ({
  id: p.id,
  url: `${EVIDENCE_PATH}/${p.id}`,
  width: p.width,
  height: p.height,
  bytes: p.bytes,
  ...(p.takenAt ? { takenAt: p.takenAt.toISOString() } : {}),
  ...(p.latitude !== null && p.longitude !== null ? { latitude: p.latitude, longitude: p.longitude } : {}),
  ...(p.kmFromBranch !== null ? { kmFromBranch: Math.round(p.kmFromBranch * 10) / 10 } : {}),
});

/**
 * The photo stored the first time its Idempotency-Key was sent, sent again: the same bytes replay it; other bytes
 * under the same key are a 422, as for orders (a photo stored before hashes were kept replays whatever is sent).
 */
function replay(earlier: UploadedPhoto, hash: string): { view: EvidenceView; replayed: boolean } {
  if (earlier.uploadHash !== null && earlier.uploadHash !== hash) throw IdempotencyErrors.IDEMPOTENCY_KEY_REUSED();
  return { view: toView(earlier), replayed: true };
}

/**
 * Photo evidence (现场照片): the booked lecturer attaches photos of a lecture; each is stored re-encoded
 * without metadata, keeping when and where it was taken as fields and how far from the branch that was.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly repository: EvidenceRepository,
    private readonly store: PhotoStore,
  ) {}

  /** The photo as it will be stored; refused when empty or not a JPEG, PNG or WebP (a report reads its photos before it is made). */
  async readPhoto(input: Buffer | undefined): Promise<ProcessedPhoto> {
    if (!input || input.length === 0) throw EvidenceErrors.EVIDENCE_PHOTO_REQUIRED();
    const photo = await processPhoto(input);
    if (!photo) throw EvidenceErrors.EVIDENCE_NOT_AN_IMAGE();
    return photo;
  }

  /**
   * Refuses photos that would take the lecture past MAX_PHOTOS_PER_LECTURE (EVIDENCE_LIMIT_REACHED) before a report
   * sent with them writes anything. Photos of a resend, stored under their keys already, take no new room. Not a lock:
   * an upload racing the report (another tab) may still take the room meanwhile; each insert counts again under the
   * order's lock, so the limit holds, and such a report stands with the photos that fit.
   */
  async assertRoomFor(orderId: string, photos: number, uploadKeys: readonly string[]): Promise<void> {
    const { photos: held, stored } = await this.repository.room(orderId, uploadKeys.map(checkedIdempotencyKey));
    if (held + photos - stored > MAX_PHOTOS_PER_LECTURE) throw EvidenceErrors.EVIDENCE_LIMIT_REACHED();
  }

  /**
   * Stores a photo of the lecture (`read`: as readPhoto gave it for these bytes already); the same `uploadKey`
   * sent again returns the photo stored the first time.
   */
  async upload(
    actor: Actor,
    orderId: string,
    input: Buffer | undefined,
    uploadKey?: string,
    read?: ProcessedPhoto,
  ): Promise<{ view: EvidenceView; replayed: boolean }> {
    const lecture = await this.lectureToDocument(actor, orderId);
    const upload =
      uploadKey === undefined ? undefined : { key: checkedIdempotencyKey(uploadKey), hash: sha256Hex(input ?? Buffer.alloc(0)) };
    if (upload) {
      const earlier = await this.repository.byUploadKey(orderId, upload.key);
      if (earlier) return replay(earlier, upload.hash);
    }
    const photo = read ?? (await this.readPhoto(input));
    const id = randomUUID();
    const storageKey = `${orderId}/${id}.jpg`;
    const kmFromBranch =
      photo.latitude !== undefined && photo.longitude !== undefined
        ? haversineKm(lecture.branchLatitude, lecture.branchLongitude, photo.latitude, photo.longitude)
        : undefined;
    await this.store.put(storageKey, photo.bytes);
    const row = {
      id,
      orderId,
      lecturerId: lecture.lecturerId as string,
      storageKey,
      ...photo,
      bytes: photo.bytes.length,
      kmFromBranch,
      upload,
    };
    const outcome = await this.repository.insert(row, MAX_PHOTOS_PER_LECTURE).catch(async (err: unknown) => {
      await this.store.remove(storageKey);
      throw err;
    });
    if (outcome !== 'inserted') {
      await this.store.remove(storageKey);
      // 'duplicate' comes of an upload key only: a racing retry of the same upload stored it first.
      if (outcome === 'full' || !upload) throw EvidenceErrors.EVIDENCE_LIMIT_REACHED();
      return replay((await this.repository.byUploadKey(orderId, upload.key)) as UploadedPhoto, upload.hash);
    }
    return { view: toView((await this.repository.find(id)) as PhotoRow), replayed: false };
  }

  /** Every photo of the lecture (the pages show them all), for the booked lecturer, the ordering branch and admins whose scope holds it. */
  async list(actor: Actor, orderId: string): Promise<EvidenceView[]> {
    return (await this.photos(actor, orderId)).map(toView);
  }

  /** The photos of the lecture as a list page (`GET /orders/:id/evidence`). */
  async page(actor: Actor, orderId: string, q: PageQuery): Promise<Page<EvidenceView>> {
    const page = pageOfList(await this.photos(actor, orderId), q, FIRST_TAKEN, (p) => [timestampKey(p.createdAt), p.id]);
    return { ...page, items: page.items.map(toView) };
  }

  private async photos(actor: Actor, orderId: string): Promise<PhotoRow[]> {
    await this.visible(actor, orderId, VIEWERS);
    return this.repository.list(orderId);
  }

  /** One photo's bytes (JPEG), to whoever may see its lecture; not found otherwise. */
  async image(actor: Actor, id: string): Promise<Buffer> {
    const photo = await this.repository.find(id);
    if (!photo) throw EvidenceErrors.EVIDENCE_NOT_FOUND();
    const lecture = await this.repository.lecture(photo.orderId);
    if (!lecture || !isPartyTo(actor, lecture, VIEWERS)) throw EvidenceErrors.EVIDENCE_NOT_FOUND();
    const bytes = await this.store.get(photo.storageKey);
    if (!bytes) throw EvidenceErrors.EVIDENCE_NOT_FOUND();
    return bytes;
  }

  /** The lecture a photo may be added to: the actor's own booked lecture, accepted or given (else 404, or 409 EVIDENCE_NOT_BOOKED). */
  async lectureToDocument(actor: Actor, orderId: string): Promise<LectureFacts> {
    const lecture = await this.visible(actor, orderId, ['lecturer']);
    if (lecture.status !== 'accepted' && lecture.status !== 'completed') throw EvidenceErrors.EVIDENCE_NOT_BOOKED();
    return lecture;
  }

  /** The lecture if the actor is one of the parties allowed (an admin only within scope); not found otherwise. */
  private async visible(actor: Actor, orderId: string, allowed: readonly LectureParty[]): Promise<LectureFacts> {
    const lecture = await this.repository.lecture(orderId);
    if (!lecture || !isPartyTo(actor, lecture, allowed)) throw OrderErrors.ORDER_NOT_FOUND();
    return lecture;
  }
}
