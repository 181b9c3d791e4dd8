import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PhotoFacts } from './photo-metadata.js';

/** A lecture as its evidence needs it: who booked it, the ordering branch and where it stands. */
export interface LectureFacts {
  orderId: string;
  status: string;
  branchId: string;
  regionPath: string[];
  branchLatitude: number;
  branchLongitude: number;
  /** The booked lecturer; null without an active booking. */
  lecturerId: string | null;
}

export interface PhotoRow {
  id: string;
  orderId: string;
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
  takenAt: Date | null;
  latitude: number | null;
  longitude: number | null;
  kmFromBranch: number | null;
  createdAt: Date;
}

export interface NewPhoto extends PhotoFacts {
  id: string;
  orderId: string;
  lecturerId: string;
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
  kmFromBranch?: number;
  /** The Idempotency-Key it was sent under, and the SHA-256 of the bytes sent. */
  upload?: { key: string; hash: string };
}

/** A photo sent before under an upload key, with the hash of the bytes sent then (none: stored before hashes were kept). */
export interface UploadedPhoto extends PhotoRow {
  uploadHash: string | null;
}

const PHOTO_COLUMNS = `id, order_id AS "orderId", storage_key AS "storageKey", width, height, bytes, taken_at AS "takenAt",
  latitude, longitude, km_from_branch AS "kmFromBranch", created_at AS "createdAt"`;

/** The SQL of evidence photos. */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lecture(orderId: string): Promise<LectureFacts | undefined> {
    const [row]: LectureFacts[] = await this.dataSource.query(
      `SELECT o.id AS "orderId", o.status, o.branch_id AS "branchId", r.path AS "regionPath",
              br.latitude AS "branchLatitude", br.longitude AS "branchLongitude", b.lecturer_id AS "lecturerId"
       FROM orders o
       JOIN branches br ON br.id = o.branch_id
       JOIN regions r ON r.id = br.region_id
       LEFT JOIN bookings b ON b.order_id = o.id AND b.released_at IS NULL
       WHERE o.id = $1`,
      [orderId],
    );
    return row;
  }

  /** The photo sent before under this key, if any. */
  async byUploadKey(orderId: string, uploadKey: string): Promise<UploadedPhoto | undefined> {
    const [row]: UploadedPhoto[] = await this.dataSource.query(
      `SELECT ${PHOTO_COLUMNS}, upload_hash AS "uploadHash" FROM evidence_photos WHERE order_id = $1 AND upload_key = $2`,
      [orderId, uploadKey],
    );
    return row;
  }

  /** How many photos the lecture holds, and how many of them came under these upload keys (a resend's, stored already). */
  async room(orderId: string, uploadKeys: readonly string[]): Promise<{ photos: number; stored: number }> {
    const [row]: Array<{ photos: number; stored: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS photos, count(*) FILTER (WHERE upload_key = ANY($2::text[]))::int AS stored
       FROM evidence_photos WHERE order_id = $1`,
      [orderId, uploadKeys],
    );
    return row;
  }

  /**
   * Records the photo unless the lecture holds `limit` already ('full') or a photo of the same upload key
   * ('duplicate'): the order row is locked meanwhile, so racing uploads are counted one after the other.
   */
  async insert(photo: NewPhoto, limit: number): Promise<'inserted' | 'full' | 'duplicate'> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT 1 FROM orders WHERE id = $1 FOR NO KEY UPDATE`, [photo.orderId]);
      const [{ n }]: Array<{ n: number }> = await m.query(`SELECT count(*)::int AS n FROM evidence_photos WHERE order_id = $1`, [
        photo.orderId,
      ]);
      if (n >= limit) return 'full';
      const rows: unknown[] = await m.query(
        `INSERT INTO evidence_photos (id, order_id, lecturer_id, storage_key, width, height, bytes, taken_at, latitude, longitude,
                                      km_from_branch, upload_key, upload_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT ON CONSTRAINT evidence_photos_upload_key DO NOTHING RETURNING id`,
        [
          photo.id,
          photo.orderId,
          photo.lecturerId,
          photo.storageKey,
          photo.width,
          photo.height,
          photo.bytes,
          photo.takenAt ?? null,
          photo.latitude ?? null,
          photo.longitude ?? null,
          photo.kmFromBranch ?? null,
          photo.upload?.key ?? null,
          photo.upload?.hash ?? null,
        ],
      );
      return rows.length === 1 ? 'inserted' : 'duplicate';
    });
  }

  async list(orderId: string): Promise<PhotoRow[]> {
    return this.dataSource.query(`SELECT ${PHOTO_COLUMNS} FROM evidence_photos WHERE order_id = $1 ORDER BY created_at, id`, [orderId]);
  }

  async find(id: string): Promise<PhotoRow | undefined> {
    const [row]: PhotoRow[] = await this.dataSource.query(`SELECT ${PHOTO_COLUMNS} FROM evidence_photos WHERE id = $1`, [id]);
    return row;
  }
}
