/**
 * Writes the demo city into an empty database (`DEMO_DATA=on`): generation is pure (demo-city.ts), this
 * file only hashes the demo passwords and inserts the rows, once, under the demo seed's advisory lock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { lockForTransaction } from '../database/lock-keys.js';
import type { Role } from '../kernel/vocabulary.js';
import { offerExpiresAt } from '../orders/order-state-machine.js';
import { generateDemoCity } from './demo-city.js';
import type { DemoCity, LecturerRow } from './model.js';
import { OFFER_TTL_MS } from './orders.js';

export interface DemoLogin {
  role: Role;
  username: string;
  password: string;
}

/** One demo login per role, printed at start-up. */
export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'admin', username: 'admin', password: 'caoyuan-admin' },
  { role: 'branch', username: 'branch', password: 'caoyuan-branch' },
  { role: 'lecturer', username: 'lecturer', password: 'caoyuan-lecturer' },
];

/** Password hashes: one per demo login, and one of a thrown-away secret for every other account. */
type Hashes = Record<Role | 'disabled', string>;

/** Loads the demo city into an empty database; returns false (and changes nothing) when there is data. */
export async function seedDemoData(dataSource: DataSource, log: (m: string) => void): Promise<boolean> {
  if (await hasRegions(dataSource.manager)) return false;

  const [admin, branch, lecturer, disabled] = await Promise.all([
    ...DEMO_LOGINS.map((d) => AuthService.hashPassword(d.password)),
    AuthService.hashPassword(randomBytes(32).toString('base64')),
  ]);
  const city = generateDemoCity(Date.now(), randomUUID);

  const seeded = await dataSource.transaction(async (m) => {
    // replicas starting together: the second waits here, then finds the regions and backs off
    await lockForTransaction(m, 'demoSeed');
    if (await hasRegions(m)) return false;
    const taken: Array<{ username: string }> = await m.query('SELECT username FROM accounts WHERE username = ANY($1)', [
      city.accounts.map((x) => x.username),
    ]);
    if (taken.length > 0) {
      log(`demo data: not loaded, the accounts ${taken.map((t) => t.username).join(', ')} already exist`);
      return false;
    }
    await insertPlaces(m, city);
    await insertRoster(m, city);
    await insertAccounts(m, city, { admin, branch, lecturer, disabled });
    await insertOrders(m, city);
    return true;
  });
  if (seeded) log(`demo data: ${describe(city)}`);
  return seeded;
}

async function hasRegions(m: EntityManager): Promise<boolean> {
  const rows: unknown[] = await m.query('SELECT 1 FROM regions LIMIT 1');
  return rows.length > 0;
}

function describe(city: DemoCity): string {
  const count = (level: string): number => city.regions.filter((r) => r.level === level).length;
  return (
    `${count('city')} city, ${count('banner')} banners, ${count('township')} townships, ${count('village')} villages, ` +
    `${city.branches.length} branches, ${city.lecturers.length} lecturers, ${city.courses.length} courses, ${city.orders.length} orders`
  );
}

// ---- the rows, table by table ---------------------------------------------------------------------

const csv = (items: readonly string[]): string => items.join(',');
const iso = (t: number): string => new Date(t).toISOString();
const orNull = (t: number | null): string | null => (t === null ? null : iso(t));

/**
 * The demo rows' codes (编码), as an office numbers its roster: a pinyin prefix (区域, 支部, 讲师, 课程) and the
 * row's place in the generated city, so that the demo city exports and re-imports like an office's own.
 */
const demoCode = (prefix: string) => `'${prefix}' || lpad(u.ord::text, greatest(4, length(u.ord::text)), '0')`;

/** Regions (parents before children) and branches. */
async function insertPlaces(m: EntityManager, c: DemoCity): Promise<void> {
  await m.query(
    `INSERT INTO regions (id, code, name, level, parent_id, path, latitude, longitude, border, remote, weak)
     SELECT u.id, ${demoCode('QY')}, u.name, u.level, u.parent_id, string_to_array(u.path, ',')::uuid[], u.lat, u.lon, u.border, u.remote, u.weak
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::float8[], $7::float8[], $8::bool[], $9::bool[], $10::bool[])
       WITH ORDINALITY AS u(id, name, level, parent_id, path, lat, lon, border, remote, weak, ord)
     ORDER BY u.ord`,
    [
      c.regions.map((r) => r.id),
      c.regions.map((r) => r.name),
      c.regions.map((r) => r.level),
      c.regions.map((r) => r.parentId),
      c.regions.map((r) => csv(r.path)),
      c.regions.map((r) => r.latitude),
      c.regions.map((r) => r.longitude),
      c.regions.map((r) => r.border),
      c.regions.map((r) => r.remote),
      c.regions.map((r) => r.weak),
    ],
  );
  await m.query(
    `INSERT INTO branches (id, code, name, region_id, kind, member_count, latitude, longitude)
     SELECT u.id, ${demoCode('ZB')}, u.name, u.region_id, u.kind, u.members, u.lat, u.lon
     FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::float8[], $7::float8[])
       WITH ORDINALITY AS u(id, name, region_id, kind, members, lat, lon, ord)
     ORDER BY u.ord`,
    [
      c.branches.map((b) => b.id),
      c.branches.map((b) => b.name),
      c.branches.map((b) => b.region.id),
      c.branches.map((b) => b.kind),
      c.branches.map((b) => b.members),
      c.branches.map((b) => b.latitude),
      c.branches.map((b) => b.longitude),
    ],
  );
}

/** Lecturers, courses and who gives which. */
async function insertRoster(m: EntityManager, c: DemoCity): Promise<void> {
  const availability = (l: LecturerRow): string =>
    JSON.stringify({
      weekly: l.weekly,
      exceptions: l.exceptions.map((x) => ({ from: iso(x.from), to: iso(x.to), reason: x.reason })),
    });
  await m.query(
    `INSERT INTO lecturers (id, code, name, category, level, region_id, latitude, longitude, topics, languages, formats,
                            max_lectures_per_month, travel_radius_km, availability, rating_sum, rating_count)
     SELECT u.id, ${demoCode('JS')}, u.name, u.category, u.level, u.region_id, u.lat, u.lon,
            string_to_array(u.topics, ','), string_to_array(u.languages, ','), string_to_array(u.formats, ','),
            u.cap, u.radius, u.availability::jsonb, u.rating_sum, u.rating_count
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::float8[], $7::float8[], $8::text[], $9::text[], $10::text[],
                 $11::int[], $12::int[], $13::text[], $14::int[], $15::int[])
       WITH ORDINALITY AS u(id, name, category, level, region_id, lat, lon, topics, languages, formats, cap, radius, availability, rating_sum, rating_count, ord)
     ORDER BY u.ord`,
    [
      c.lecturers.map((l) => l.id),
      c.lecturers.map((l) => l.name),
      c.lecturers.map((l) => l.category),
      c.lecturers.map((l) => l.level),
      c.lecturers.map((l) => l.region.id),
      c.lecturers.map((l) => l.latitude),
      c.lecturers.map((l) => l.longitude),
      c.lecturers.map((l) => csv(l.topics)),
      c.lecturers.map((l) => csv(l.languages)),
      c.lecturers.map((l) => csv(l.formats)),
      c.lecturers.map((l) => l.maxLecturesPerMonth),
      c.lecturers.map((l) => l.travelRadiusKm),
      c.lecturers.map(availability),
      c.lecturers.map((l) => l.ratingSum),
      c.lecturers.map((l) => l.ratingCount),
    ],
  );
  await m.query(
    `INSERT INTO courses (id, code, title, topic, description, duration_minutes, formats)
     SELECT u.id, ${demoCode('KC')}, u.title, u.topic, u.description, u.minutes, string_to_array(u.formats, ',')
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) WITH ORDINALITY AS u(id, title, topic, description, minutes, formats, ord)
     ORDER BY u.ord`,
    [
      c.courses.map((x) => x.id),
      c.courses.map((x) => x.seed.title),
      c.courses.map((x) => x.seed.topic),
      c.courses.map((x) => x.seed.description),
      c.courses.map((x) => x.seed.minutes),
      c.courses.map((x) => csv(x.seed.formats)),
    ],
  );
  const links = c.courses.flatMap((x) => [...x.lecturers].map((l) => [x.id, l] as const));
  await m.query('INSERT INTO course_lecturers (course_id, lecturer_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])', [
    links.map((x) => x[0]),
    links.map((x) => x[1]),
  ]);
}

/** Accounts: the demo logins with their passwords, every other one with a password nobody knows. */
async function insertAccounts(m: EntityManager, c: DemoCity, hashes: Hashes): Promise<void> {
  const a = c.accounts;
  await m.query(
    `INSERT INTO accounts (id, username, password_hash, role, branch_id, lecturer_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[])`,
    [
      a.map((x) => x.id),
      a.map((x) => x.username),
      a.map((x) => (x.demoLogin ? hashes[x.role] : hashes.disabled)),
      a.map((x) => x.role),
      a.map((x) => x.branchId),
      a.map((x) => x.lecturerId),
    ],
  );
}

/** Orders, their history, declines and bookings (blocked time = the lecture plus travel either side). */
async function insertOrders(m: EntityManager, c: DemoCity): Promise<void> {
  const o = c.orders;
  await m.query(
    `INSERT INTO orders (id, branch_id, course_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience,
                         language, preferred_lecturer_id, notes, status, offered_lecturer_id, offered_starts_at, offer_expires_at,
                         attendance, started_at, summary, completed_at, rating_score, rating_comment, rated_at, placed_by, created_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[], $10::int[],
                          $11::text[], $12::uuid[], $13::text[], $14::text[], $15::uuid[], $16::timestamptz[], $17::timestamptz[],
                          $18::int[], $19::timestamptz[], $20::text[], $21::timestamptz[], $22::smallint[], $23::text[], $24::timestamptz[],
                          $25::uuid[], $26::timestamptz[], $27::timestamptz[])`,
    [
      o.map((x) => x.id),
      o.map((x) => x.branch.id),
      o.map((x) => x.course?.id ?? null),
      o.map((x) => x.topic),
      o.map((x) => x.title),
      o.map((x) => x.format),
      o.map((x) => iso(x.earliest)),
      o.map((x) => iso(x.latest)),
      o.map((x) => x.duration),
      o.map((x) => x.audience),
      o.map((x) => x.language),
      o.map((x) => x.preferredId),
      o.map((x) => x.notes),
      o.map((x) => x.status),
      o.map((x) => x.offeredId),
      o.map((x) => orNull(x.offeredStart)),
      o.map((x) => orNull(x.offerExpires)),
      o.map((x) => x.attendance),
      o.map((x) => orNull(x.startedAt)),
      o.map((x) => x.summary),
      o.map((x) => orNull(x.completedAt)),
      o.map((x) => x.ratingScore),
      o.map((x) => x.ratingComment),
      o.map((x) => orNull(x.ratedAt)),
      o.map((x) => x.placedBy),
      o.map((x) => iso(x.createdAt)),
      o.map((x) => iso(x.updatedAt)),
    ],
  );
  // Bookings before the history: an acceptance's event (a trigger on the history) tells the lecture's time from its booking.
  const b = c.bookings;
  await m.query(
    `INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked, released_at, created_at)
     SELECT u.order_id, u.lecturer_id, u.starts_at, u.ends_at,
            tstzrange(u.starts_at - make_interval(mins => u.travel), u.ends_at + make_interval(mins => u.travel), '[)'),
            u.released_at, u.created_at
     FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::timestamptz[], $7::timestamptz[])
       AS u(order_id, lecturer_id, starts_at, ends_at, travel, released_at, created_at)`,
    [
      b.map((x) => x.orderId),
      b.map((x) => x.lecturerId),
      b.map((x) => iso(x.start)),
      b.map((x) => iso(x.end)),
      b.map((x) => x.travel),
      b.map((x) => orNull(x.releasedAt)),
      b.map((x) => iso(x.createdAt)),
    ],
  );
  const h = c.history;
  await m.query(
    `INSERT INTO order_history (order_id, at, actor_id, from_status, to_status, lecturer_id, reason)
     SELECT u.order_id, u.at, u.actor_id, u.from_status, u.to_status, u.lecturer_id, u.reason
     FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[])
       WITH ORDINALITY AS u(order_id, at, actor_id, from_status, to_status, lecturer_id, reason, ord)
     ORDER BY u.ord`,
    [
      h.map((x) => x.orderId),
      h.map((x) => iso(x.at)),
      h.map((x) => x.actorId),
      h.map((x) => x.from),
      h.map((x) => x.to),
      h.map((x) => x.lecturerId),
      h.map((x) => x.reason),
    ],
  );
  await giveOffersSinceMovedOnTheirExpiry(m);
  await m.query(
    'INSERT INTO order_declines (order_id, lecturer_id, declined_at) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[])',
    [c.declines.map((x) => x.orderId), c.declines.map((x) => x.lecturerId), c.declines.map((x) => iso(x.at))],
  );
}

/**
 * An offer that has since moved on (declined, expired, taken by another): the trigger read the order as it is now,
 * with no expiry; its event gets the expiry the offer had (the order's rule, from when it was made), so the inbox
 * says until when it could be answered.
 */
async function giveOffersSinceMovedOnTheirExpiry(m: EntityManager): Promise<void> {
  const events: Array<{ id: string; occurred_at: Date; starts_at: string | null }> = await m.query(
    `SELECT id, occurred_at, data->>'startsAt' AS starts_at FROM notification_events
     WHERE type = 'order.offered' AND data->>'offerExpiresAt' IS NULL`,
  );
  const expiry = (e: (typeof events)[number]) => {
    const offeredAt = e.occurred_at.getTime();
    // No start known (the order is back in the queue, never booked): the whole answer window.
    return offerExpiresAt(offeredAt, new Date(e.starts_at ?? offeredAt + OFFER_TTL_MS), OFFER_TTL_MS).toISOString();
  };
  await m.query(
    `UPDATE notification_events e SET data = e.data || jsonb_build_object('offerExpiresAt', u.expires_at)
     FROM unnest($1::uuid[], $2::text[]) AS u(id, expires_at) WHERE e.id = u.id`,
    [events.map((e) => e.id), events.map(expiry)],
  );
}
