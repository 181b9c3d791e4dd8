import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config/app-config.js';

/** Where evidence photos' bytes live, by key (`<orderId>/<photoId>.jpg`); the database keeps the rest. */
export abstract class PhotoStore {
  abstract put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when the key holds none. */
  abstract get(key: string): Promise<Buffer | undefined>;
  abstract remove(key: string): Promise<void>;
}

/** Photos as files under a directory (DATA_DIR/evidence by default). */
export class DiskPhotoStore extends PhotoStore {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    // Written aside then renamed: a reader never sees half a photo.
    const partial = `${path}.${randomUUID()}.part`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.root, key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.root, key), { force: true });
  }
}

/** Photos as objects of an S3-compatible bucket (EVIDENCE_S3_*), under a key prefix. */
export class BucketPhotoStore extends PhotoStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: bytes, ContentType: 'image/jpeg' }));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : undefined;
    } catch (err) {
      if (err instanceof NoSuchKey) return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
  }
}

/** The store the configuration names: the bucket when EVIDENCE_S3_BUCKET is set, else DATA_DIR/evidence. */
export function photoStoreFor(config: AppConfig): PhotoStore {
  const bucket = config.EVIDENCE_S3_BUCKET;
  if (!bucket) return new DiskPhotoStore(join(config.DATA_DIR, 'evidence'));
  const keyId = config.EVIDENCE_S3_ACCESS_KEY_ID;
  const secret = config.EVIDENCE_S3_SECRET_ACCESS_KEY;
  const s3 = new S3Client({
    region: config.EVIDENCE_S3_REGION,
    ...(config.EVIDENCE_S3_ENDPOINT ? { endpoint: config.EVIDENCE_S3_ENDPOINT, forcePathStyle: true } : {}),
    ...(keyId && secret ? { credentials: { accessKeyId: keyId, secretAccessKey: secret } } : {}),
  });
  return new BucketPhotoStore(s3, bucket, config.EVIDENCE_S3_PREFIX);
}
