import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetPage, microsSql, type Page, type PageQuery, pageSql, pageStart, type SortColumn } from '../common/pagination.js';
import { SqlParams } from '../common/sql.js';
import type { Role } from '../kernel/vocabulary.js';
import { withinSubtreeSql } from '../regions/region-scope.js';
import type { EventData, NotificationEvent } from '../kernel/notification-events.js';
import type { MessageSubject } from './message-outdated.js';

export type DeliveryChannel = 'sms' | 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'outdated';

/** A delivery as admins see it. */
export interface DeliveryRow {
  id: string;
  channel: DeliveryChannel;
  event: NotificationEvent;
  orderId: string;
  webhookId: string | null;
  accountId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  notBefore: Date | null;
  createdAt: Date;
  sentAt: Date | null;
  /** Whom it was for: the account's username, or the webhook's URL. */
  recipient: string | null;
  /** Its webhook was deleted since: nobody is left to call. */
  webhookDeleted: boolean;
}

/** A pending delivery with all it takes to send it: the event, and the webhook or the recipient's settings. */
export interface DeliveryToSend {
  id: string;
  channel: DeliveryChannel;
  eventId: string;
  event: NotificationEvent;
  orderId: string;
  occurredAt: Date;
  data: EventData;
  attempts: number;
  webhookUrl: string | null;
  webhookSecret: string | null;
  accountId: string | null;
  role: Role | null;
  phone: string | null;
  email: string | null;
  quietFrom: number | null;
  quietTo: number | null;
}

/** One attempt's result, as recorded. */
export interface AttemptRecord {
  id: string;
  status: DeliveryStatus;
  error?: string;
  at: Date;
}

export interface WebhookRow {
  id: string;
  url: string;
  events: NotificationEvent[];
  description: string | null;
  regionId: string | null;
  createdAt: Date;
}

const NEWEST: SortColumn[] = [
  { sql: 'd.created_at', kind: 'timestamp', desc: true },
  { sql: 'd.id', kind: 'uuid' },
];

/** A delivery's columns as admins see them; its recipient is the account's username, or the webhook's URL. */
const DELIVERY_COLUMNS = `d.id, d.channel, e.type AS event, e.order_id AS "orderId", d.webhook_id AS "webhookId",
  d.account_id AS "accountId", d.status, d.attempts_before + d.attempts AS attempts, d.last_error AS "lastError", d.not_before AS "notBefore",
  d.created_at AS "createdAt", d.sent_at AS "sentAt",
  coalesce(ra.username, w.url) AS recipient, coalesce(w.deleted_at IS NOT NULL, false) AS "webhookDeleted"`;

/** A delivery with its event, and its recipient's account or its webhook (PostgreSQL drops the joins a count does not read). */
const DELIVERIES_FROM = `FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
  LEFT JOIN accounts ra ON ra.id = d.account_id LEFT JOIN webhooks w ON w.id = d.webhook_id`;

/** Which deliveries a list shows: of the scope's events, of one webhook, in one status. */
interface DeliveryFilter {
  scope: string | null;
  webhookId?: string;
  status?: DeliveryStatus;
}

function deliveryWhere(filter: DeliveryFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.scope !== null) where.push(...deliveryWithinSql(p.add(filter.scope)));
  if (filter.webhookId !== undefined) where.push(`d.webhook_id = ${p.add(filter.webhookId)}`);
  if (filter.status !== undefined) where.push(`d.status = ${p.add(filter.status)}`);
  return where;
}

const WEBHOOK_COLUMNS = `w.id, w.url, w.events, w.description, w.region_id AS "regionId", w.created_at AS "createdAt"`;

/** What it takes to send a delivery `d`: the event, and the webhook (its URL none once deleted) or the recipient's settings. */
const TO_SEND_SQL = `SELECT d.id, d.channel, d.event_id AS "eventId", e.type AS event, e.order_id AS "orderId", e.occurred_at AS "occurredAt", e.data,
    d.attempts, CASE WHEN w.deleted_at IS NULL THEN w.url END AS "webhookUrl", w.secret AS "webhookSecret", d.account_id AS "accountId", a.role,
    s.phone, s.email, s.quiet_from AS "quietFrom", s.quiet_to AS "quietTo"
  FROM notification_deliveries d
  JOIN notification_events e ON e.id = d.event_id
  LEFT JOIN webhooks w ON w.id = d.webhook_id
  LEFT JOIN notification_settings s ON s.account_id = d.account_id
  LEFT JOIN accounts a ON a.id = d.account_id`;

/** The event `e` concerns a branch in the region subtree given by the placeholder `scope`. */
const eventWithinSql = (scope: string) =>
  `EXISTS (SELECT 1 FROM branches sb JOIN regions sr ON sr.id = sb.region_id WHERE sb.id = e.branch_id AND ${withinSubtreeSql('sr.path', scope)})`;

/** The webhook `w` was made in the region subtree given by the placeholder `scope`. */
const webhookWithinSql = (scope: string) =>
  `EXISTS (SELECT 1 FROM regions sr WHERE sr.id = w.region_id AND ${withinSubtreeSql('sr.path', scope)})`;

/**
 * The delivery `d` (of event `e`) is an admin's of the subtree given by the placeholder `scope`: its event concerns a
 * branch there, and it goes to an account or to a webhook made there. A city webhook is told of a banner's events
 * too, but it is the city's: its URL (often carrying its token) is not the banner admin's to read, nor to call again.
 */
const deliveryWithinSql = (scope: string): string[] => [eventWithinSql(scope), `(d.webhook_id IS NULL OR ${webhookWithinSql(scope)})`];

/** Every statement on webhooks and deliveries (the deliveries themselves are written by the fan-out trigger). */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ---- webhooks ----------------------------------------------------------------------------------

  async insertWebhook(w: {
    url: string;
    events: string[];
    description?: string;
    secret: string;
    regionId: string | null;
    createdBy: string;
  }) {
    const rows: WebhookRow[] = await this.dataSource.query(
      `WITH w AS (
         INSERT INTO webhooks (url, events, description, secret, region_id, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
       ) SELECT ${WEBHOOK_COLUMNS} FROM w`,
      [w.url, w.events, w.description ?? null, w.secret, w.regionId, w.createdBy],
    );
    return rows[0];
  }

  /** The live webhooks an admin of `scope` (null: the city) sees: those made in its subtree. */
  async webhooks(scope: string | null, opts: { id?: string } = {}): Promise<WebhookRow[]> {
    const p = new SqlParams();
    const where = ['w.deleted_at IS NULL'];
    if (scope !== null) where.push(webhookWithinSql(p.add(scope)));
    if (opts.id !== undefined) where.push(`w.id = ${p.add(opts.id)}`);
    return this.dataSource.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks w WHERE ${where.join(' AND ')} ORDER BY w.created_at DESC, w.id`,
      p.values,
    );
  }

  async deleteWebhook(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE webhooks SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL`, [id, at]);
  }

  // ---- deliveries as admins see them -------------------------------------------------------------

  /** A page of deliveries, newest first: of one webhook, or (status) across the scope's events; an offset page counts them. */
  async page(filter: DeliveryFilter, q: PageQuery): Promise<Page<DeliveryRow>> {
    const start = pageStart(q, NEWEST);
    const p = new SqlParams();
    const where = deliveryWhere(filter, p);
    const { after, tail } = pageSql(start, (v) => p.add(v));
    const reading: Promise<Array<DeliveryRow & { cursor_at: string }>> = this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS}, ${microsSql('d.created_at')} AS cursor_at ${DELIVERIES_FROM} WHERE ${[...where, after].join(' AND ')} ${tail}`,
      p.values,
    );
    const [rows, total] = await Promise.all([reading, 'offset' in start ? this.count(filter) : undefined]);
    const page = keysetPage(rows, start, (r) => [Number(r.cursor_at), r.id]);
    const items = page.items.map(({ cursor_at: _key, ...row }) => row);
    return { items, nextCursor: page.nextCursor, ...(total === undefined ? {} : { total }) };
  }

  private async count(filter: DeliveryFilter): Promise<number> {
    const p = new SqlParams();
    const where = deliveryWhere(filter, p);
    const [{ n }]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n ${DELIVERIES_FROM} WHERE ${['true', ...where].join(' AND ')}`,
      p.values,
    );
    return n;
  }

  /** One delivery of an event in the scope. */
  async find(scope: string | null, id: string): Promise<DeliveryRow | undefined> {
    const p = new SqlParams();
    const where = [`d.id = ${p.add(id)}`, ...(scope === null ? [] : deliveryWithinSql(p.add(scope)))];
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} ${DELIVERIES_FROM} WHERE ${where.join(' AND ')}`,
      p.values,
    );
    return rows[0];
  }

  /**
   * A failed delivery back to pending with a new series of attempts (compare-and-set); else why not: it was not
   * failed, or its webhook was deleted since (there is nobody to call).
   * The attempts made so far stay in the log (`attempts_before`). Held until now, so that it is its job's (an
   * admin's retry calls even a resting receiver), not the drain's.
   * With `seenAttempts` (what the admin's page showed), only that very failure is retried: a form sent twice, the
   * second after the first's attempt failed again, retries once.
   */
  async reopen(id: string, seenAttempts?: number): Promise<'reopened' | 'notFailed' | 'webhookDeleted'> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE notification_deliveries d SET status = 'pending', attempts_before = attempts_before + attempts, attempts = 0,
         not_before = clock_timestamp(), updated_at = clock_timestamp() WHERE id = $1 AND status = 'failed'
         AND ($2::int IS NULL OR attempts_before + attempts = $2)
         AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.deleted_at IS NOT NULL)`,
      [id, seenAttempts ?? null],
    );
    if (affected === 1) return 'reopened';
    const deleted: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM notification_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1 AND w.deleted_at IS NOT NULL`,
      [id],
    );
    return deleted.length > 0 ? 'webhookDeleted' : 'notFailed';
  }

  /**
   * Pending deliveries with a job of their own (tried, or held by quiet hours) untouched since `before` (and not
   * held past it): their job was lost (one whose attempts all broke), so they are queued again. Longer than any
   * backoff, so a retry is never hurried. A delivery not yet tried is the drain's.
   */
  async staleIds(before: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM notification_deliveries
       WHERE status = 'pending' AND (attempts > 0 OR not_before IS NOT NULL) AND updated_at < $1 AND (not_before IS NULL OR not_before < $1)
       LIMIT 1000`,
      [before],
    );
    return rows.map((r) => r.id);
  }

  // ---- sending -----------------------------------------------------------------------------------

  /**
   * The delivery, if still pending, locked until the transaction ends: a second job for it (on any instance)
   * skips it instead of sending it again.
   */
  async lockPending(manager: EntityManager, id: string): Promise<DeliveryToSend | undefined> {
    const rows: DeliveryToSend[] = await manager.query(
      `${TO_SEND_SQL} WHERE d.id = $1 AND d.status = 'pending' FOR UPDATE OF d SKIP LOCKED`,
      [id],
    );
    return rows[0];
  }

  /**
   * Every transaction with an id below this one had ended when it was read: a delivery below it that is not
   * visible now never will be (`DrainFloor`).
   */
  async endedBelow(manager: EntityManager): Promise<string> {
    const [{ xmin }]: Array<{ xmin: string }> = await manager.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
    return xmin;
  }

  /**
   * Up to `limit` deliveries awaiting their first attempt (the outbox's new rows), oldest transaction first, from
   * the transaction id `from` on (none: from the beginning), locked until the transaction ends; rows another drain
   * (on any instance) or a delivery's own job holds are skipped.
   */
  async lockAwaiting(manager: EntityManager, limit: number, from: string | undefined): Promise<DeliveryToSend[]> {
    const p = new SqlParams();
    const where = [`d.status = 'pending'`, 'd.attempts = 0', 'd.not_before IS NULL'];
    if (from !== undefined) where.push(`d.created_xid >= ${p.add(from)}::xid8`);
    return manager.query(
      `${TO_SEND_SQL} WHERE ${where.join(' AND ')} ORDER BY d.created_xid, d.created_at LIMIT ${p.add(limit)} FOR UPDATE OF d SKIP LOCKED`,
      p.values,
    );
  }

  /**
   * The attempts made, one statement for a whole batch. The rows are found by their key (`d.id = ANY`): joined
   * only to the unnested list, the planner, its statistics behind a fast-growing outbox, would hash the whole table
   * for every batch.
   */
  async recordAttempts(manager: EntityManager, attempts: AttemptRecord[]): Promise<void> {
    if (attempts.length === 0) return;
    await manager.query(
      `UPDATE notification_deliveries d SET attempts = d.attempts + 1, status = a.status, last_error = a.error, updated_at = clock_timestamp(),
         sent_at = CASE WHEN a.status = 'sent' THEN a.at END, not_before = NULL
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS a(id, status, error, at)
       WHERE d.id = ANY($1::uuid[]) AND d.id = a.id`,
      [attempts.map((a) => a.id), attempts.map((a) => a.status), attempts.map((a) => a.error ?? null), attempts.map((a) => a.at)],
    );
  }

  /** The order a message to `accountId` is about, as it stands now (`outdatedBecause`). */
  async subjectOf(manager: EntityManager, orderId: string, accountId: string): Promise<MessageSubject> {
    const [row]: MessageSubject[] = await manager.query(
      `SELECT o.status, coalesce(o.offered_lecturer_id = a.lecturer_id, false) AS "offeredToRecipient", o.offer_expires_at AS "offerExpiresAt",
         (SELECT b.starts_at FROM bookings b WHERE b.order_id = o.id AND b.released_at IS NULL) AS "lectureStartsAt",
         o.rating_score IS NOT NULL AS rated
       FROM orders o LEFT JOIN accounts a ON a.id = $2 WHERE o.id = $1`,
      [orderId, accountId],
    );
    return row;
  }

  /** Held by quiet hours until `until`. */
  async hold(manager: EntityManager, id: string, until: Date): Promise<void> {
    await manager.query(`UPDATE notification_deliveries SET not_before = $2, updated_at = clock_timestamp() WHERE id = $1`, [id, until]);
  }
}
