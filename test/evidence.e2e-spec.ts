import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import exifr from 'exifr';
import sharp from 'sharp';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/** An EXIF GPS coordinate ("49/1 12/1 3000/100"), as libvips writes it. */
const dms = (deg: number) => {
  const d = Math.floor(Math.abs(deg));
  const m = Math.floor((Math.abs(deg) - d) * 60);
  const s = Math.round(((Math.abs(deg) - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
};

/** A phone's photo: `width` × `height`, taken at `where` at 2026-12-02 09:45 local time (when given). */
async function photo(
  opts: { where?: { latitude: number; longitude: number }; format?: 'jpeg' | 'png' | 'webp'; width?: number; height?: number } = {},
) {
  const image = sharp({ create: { width: opts.width ?? 3000, height: opts.height ?? 2000, channels: 3, background: '#3a7d44' } });
  const where = opts.where;
  const exif = where
    ? {
        IFD0: { Make: 'Phone', Model: 'Cheap Android' },
        IFD2: { DateTimeOriginal: '2026:12:02 09:45:00', OffsetTimeOriginal: '+08:00' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(where.latitude), GPSLongitudeRef: 'E', GPSLongitude: dms(where.longitude) },
      }
    : undefined;
  const encoded = opts.format === 'png' ? image.png() : opts.format === 'webp' ? image.webp() : image.jpeg();
  return (exif ? encoded.withExif(exif) : encoded).toBuffer();
}

/** CRC-32 of PNG chunks (ISO 3309), table-driven. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => (bytes.reduce((c, b) => CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

/** A PNG chunk: its length, type, data and CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A black-and-white PNG of `side` × `side` pixels, all black: a few dozen KB that would decode to hundreds of megapixels. */
function blankPng(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // one bit a pixel, greyscale
  const rows = deflateSync(Buffer.alloc(side * (1 + Math.ceil(side / 8))));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', rows), pngChunk('IEND', Buffer.alloc(0))]);
}

describe('photo evidence', () => {
  let t: TestApp;
  let w: World;
  let dataDir: string;
  let branchAt: { latitude: number; longitude: number };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'evidence-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    w = await World.build(t);
    const branch = (await t.http().get(`${API}/branches/${w.branches.A.id}`).set(w.auth())).body;
    branchAt = { latitude: branch.latitude, longitude: branch.longitude };
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A lecture of branch A accepted by a lecturer of its own, under way since 09:30. */
  const lecture = async (): Promise<{ orderId: string; lecturer: LecturerFixture }> => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(-1), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(0, '09:30') });
    await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
    return { orderId: order.id, lecturer };
  };
  const upload = (orderId: string, token: string, bytes: Buffer, filename = 'photo.jpg') =>
    t.http().post(`${API}/orders/${orderId}/evidence`).set(w.auth(token)).attach('photo', bytes, filename);
  const near = () => ({ latitude: branchAt.latitude + 0.01, longitude: branchAt.longitude });
  const far = () => ({ latitude: branchAt.latitude + 0.5, longitude: branchAt.longitude });

  it('stores a photo shrunk to 1600 px, with when and where it was taken and how far from the branch', async () => {
    const l = await lecture();
    const res = await upload(l.orderId, l.lecturer.token, await photo({ where: near() }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 1600, height: 1067, takenAt: '2026-12-02T01:45:00.000Z' });
    expect(res.body.latitude).toBeCloseTo(near().latitude, 3);
    expect(res.body.longitude).toBeCloseTo(near().longitude, 3);
    expect(res.body.kmFromBranch).toBeCloseTo(1.1, 1);
  });

  const storedFile = async (l: { orderId: string; lecturer: LecturerFixture }, bytes: Buffer) => {
    const stored = (await upload(l.orderId, l.lecturer.token, bytes)).body;
    const image = await t.http().get(stored.url).set(w.auth(l.lecturer.token)).buffer(true);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(stored.bytes).toBe((image.body as Buffer).length);
    return image.body as Buffer;
  };

  it('keeps of the metadata in the stored file only when and where the photo was taken', async () => {
    const file = await storedFile(await lecture(), await photo({ where: near() }));
    const meta = await sharp(file).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 1067 });
    expect([meta.xmp, meta.iptc, meta.icc]).toEqual([undefined, undefined, undefined]);
    const exif = await exifr.parse(file, { reviveValues: false });
    expect(exif).toMatchObject({ DateTimeOriginal: '2026:12:02 09:45:00', OffsetTimeOriginal: '+08:00' });
    expect([exif.Make, exif.Model]).toEqual([undefined, undefined]);
    expect(exif.latitude).toBeCloseTo(near().latitude, 5);
    expect(exif.longitude).toBeCloseTo(near().longitude, 5);
  });

  it('stores a photo that said neither when nor where with no metadata at all', async () => {
    const file = await storedFile(await lecture(), await photo());
    const meta = await sharp(file).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.icc]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('takes PNG and WebP too', async () => {
    const l = await lecture();
    expect((await upload(l.orderId, l.lecturer.token, await photo({ format: 'png' }), 'a.png')).status).toBe(201);
    expect((await upload(l.orderId, l.lecturer.token, await photo({ format: 'webp' }), 'a.webp')).status).toBe(201);
  });

  it.each(['png', 'webp'] as const)('reads when and where a %s was taken, as a JPEG says it', async (format) => {
    const l = await lecture();
    const res = await upload(l.orderId, l.lecturer.token, await photo({ format, where: near() }), `a.${format}`);
    expect(res.body).toMatchObject({ takenAt: '2026-12-02T01:45:00.000Z' });
    expect(res.body.latitude).toBeCloseTo(near().latitude, 3);
    expect(res.body.kmFromBranch).toBeCloseTo(1.1, 1);
  });

  it('lists the photos as every list: a page with its total, and the rest after its cursor, in the order they came', async () => {
    const l = await lecture();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await upload(l.orderId, l.lecturer.token, await photo({ width: 800, height: 600 }))).body.id);
    const list = (query: string) => t.http().get(`${API}/orders/${l.orderId}/evidence?${query}`).set(w.auth(l.lecturer.token));
    const first = await list('limit=2');
    expect(first.body).toMatchObject({ total: 3, nextCursor: expect.any(String) });
    const rest = await list(`limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    expect([...first.body.items, ...rest.body.items].map((p: { id: string }) => p.id)).toEqual(ids);
  });

  it('knows neither when, where nor how far for a photo without EXIF, and leaves a small one its size', async () => {
    const l = await lecture();
    const res = await upload(l.orderId, l.lecturer.token, await photo({ width: 1200, height: 900 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 1200, height: 900 });
    expect(res.body).not.toHaveProperty('takenAt');
    expect(res.body).not.toHaveProperty('kmFromBranch');
  });

  it('answers 413 to a 30 MB file', async () => {
    const l = await lecture();
    const res = await upload(l.orderId, l.lecturer.token, Buffer.alloc(30 * 1024 * 1024, 1));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('EVIDENCE_PHOTO_TOO_LARGE');
  });

  it('answers 400 to a file that is not an image, whatever its name', async () => {
    const l = await lecture();
    const res = await upload(l.orderId, l.lecturer.token, Buffer.from('%PDF-1.7 not a photo at all'), 'photo.jpg');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('EVIDENCE_NOT_AN_IMAGE');
  });

  it('says a photo of more than 100 million pixels has too many (400 EVIDENCE_TOO_MANY_PIXELS), not that it is no image', async () => {
    const l = await lecture();
    const huge = await sharp({ create: { width: 12_000, height: 9_000, channels: 3, background: '#3a7d44' } })
      .jpeg({ quality: 30 })
      .toBuffer();
    const res = await upload(l.orderId, l.lecturer.token, huge);
    expect({ status: res.status, code: res.body.code, field: res.body.errors?.[0]?.field }).toEqual({
      status: 400,
      code: 'EVIDENCE_TOO_MANY_PIXELS',
      field: 'photo',
    });
  });

  it("says a PNG of 400 million pixels has too many too, though sharp's own limit refuses even its header", async () => {
    const l = await lecture();
    const res = await upload(l.orderId, l.lecturer.token, blankPng(20_000), 'bomb.png');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'EVIDENCE_TOO_MANY_PIXELS' });
  });

  it('answers 400 when no photo is sent', async () => {
    const l = await lecture();
    const res = await t.http().post(`${API}/orders/${l.orderId}/evidence`).set(w.auth(l.lecturer.token)).field('note', 'x');
    expect(res.status).toBe(400);
  });

  it('names photo as the field to fix when the image comes under another name or beside another field', async () => {
    const l = await lecture();
    const image = await photo({ width: 40, height: 30 });
    const send = () => t.http().post(`${API}/orders/${l.orderId}/evidence`).set(w.auth(l.lecturer.token));
    for (const res of [await send().attach('file', image, 'a.jpg'), await send().attach('photo', image, 'a.jpg').field('note', 'x')]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'EVIDENCE_PHOTO_REQUIRED', errors: [{ field: 'photo' }] });
    }
  });

  it('refuses a report from the page whose photos would take the lecture past 20, with nothing done', async () => {
    const l = await lecture();
    for (let i = 0; i < 19; i++)
      expect((await upload(l.orderId, l.lecturer.token, await photo({ width: 64 + i, height: 48 }))).status).toBe(201);
    const session = `__Host-gpl.session=${l.lecturer.token}`;
    const form = await t.http().get(`/lecturer/orders/${l.orderId}`).set('Cookie', session);
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-gpl.csrf='))!.split(';')[0];
    const res = await t
      .http()
      .post(`/lecturer/orders/${l.orderId}/complete`)
      .set('Cookie', [session, csrfCookie].join('; '))
      .field('_csrf', /name="_csrf" value="([^"]+)"/.exec(form.text)![1])
      .field('attendance', '7')
      .field('summary', '讲了草原生态保护')
      .attach('photo', await photo({ width: 90, height: 48 }), 'a.jpg')
      .attach('photo', await photo({ width: 91, height: 48 }), 'b.jpg');
    expect([res.status, res.headers.location]).toEqual([303, `/lecturer/orders/${l.orderId}?error=EVIDENCE_LIMIT_REACHED`]);
    const order = (await t.http().get(`${API}/orders/${l.orderId}`).set(w.auth(l.lecturer.token))).body;
    expect(order.status).toBe('accepted');
    const photos = await t.http().get(`${API}/orders/${l.orderId}/evidence`).set(w.auth(l.lecturer.token));
    expect(photos.body.total).toBe(19);
  });

  it('lets no other lecturer attach a photo', async () => {
    const l = await lecture();
    const other = await w.lecturer();
    expect((await upload(l.orderId, other.token, await photo())).status).toBe(404);
  });

  it('shows the photos to the ordering branch and admins, and to no other branch or lecturer', async () => {
    const l = await lecture();
    const stored = (await upload(l.orderId, l.lecturer.token, await photo())).body;
    const other = await w.lecturer();
    for (const token of [w.branches.A.token, w.adminToken, l.lecturer.token]) {
      expect((await t.http().get(`${API}/orders/${l.orderId}/evidence`).set(w.auth(token))).body.items).toHaveLength(1);
      expect((await t.http().get(stored.url).set(w.auth(token))).status).toBe(200);
    }
    for (const token of [w.branches.B.token, other.token]) {
      expect((await t.http().get(`${API}/orders/${l.orderId}/evidence`).set(w.auth(token))).status).toBe(404);
      expect((await t.http().get(stored.url).set(w.auth(token))).status).toBe(404);
    }
  });

  it('stores a photo sent again with the same Idempotency-Key once', async () => {
    const l = await lecture();
    const bytes = await photo();
    const send = () =>
      t
        .http()
        .post(`${API}/orders/${l.orderId}/evidence`)
        .set(w.auth(l.lecturer.token))
        .set('Idempotency-Key', 'photo-1')
        .attach('photo', bytes, 'a.jpg');
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect((await t.http().get(`${API}/orders/${l.orderId}/evidence`).set(w.auth())).body.items).toHaveLength(1);
  });

  it('refuses another photo sent under an Idempotency-Key already used (422), keeping the first', async () => {
    const l = await lecture();
    const send = (bytes: Buffer) =>
      t
        .http()
        .post(`${API}/orders/${l.orderId}/evidence`)
        .set(w.auth(l.lecturer.token))
        .set('Idempotency-Key', 'photo-2')
        .attach('photo', bytes, 'a.jpg');
    const first = await send(await photo());
    expect(first.status).toBe(201);
    const other = await send(await photo({ width: 1200, height: 900 }));
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await t.http().get(`${API}/orders/${l.orderId}/evidence`).set(w.auth())).body.items.map((p: { id: string }) => p.id)).toEqual([
      first.body.id,
    ]);
  });

  describe('the admins\u2019 filter of doubtful evidence', () => {
    const listed = async (evidence: string) =>
      ((await t.http().get(`${API}/orders?evidence=${evidence}&limit=100`).set(w.auth())).body.items as Array<{ id: string }>).map(
        (o) => o.id,
      );
    const given = async (where?: { latitude: number; longitude: number }) => {
      const l = await lecture();
      if (where) await upload(l.orderId, l.lecturer.token, await photo({ where }));
      await w.post(`/orders/${l.orderId}/complete`, { attendance: 20, summary: '已授课' }, l.lecturer.token);
      return l.orderId;
    };

    it('lists a lecture with a photo taken more than 20 km from the branch as far', async () => {
      const id = await given(far());
      expect(await listed('far')).toContain(id);
      expect(await listed('none')).not.toContain(id);
    });

    it('lists a given lecture without photos as none', async () => {
      const id = await given();
      expect(await listed('none')).toContain(id);
      expect(await listed('far')).not.toContain(id);
    });

    it('lists a lecture with a photo taken near the branch as neither', async () => {
      const id = await given(near());
      expect(await listed('far')).not.toContain(id);
      expect(await listed('none')).not.toContain(id);
    });
  });
});
