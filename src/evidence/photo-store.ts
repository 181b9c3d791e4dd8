import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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
