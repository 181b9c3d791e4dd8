import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keysetPage, microsSql, type Page, type PageQuery, pageSql, pageStart, type SortColumn } from '../common/pagination.js';
import { SqlParams } from '../common/sql.js';
import { atLocalSql } from '../kernel/time.js';
import type { EventData, NotificationEvent } from '../kernel/notification-events.js';

/** One notification of an inbox as stored: the event it tells of, and when it was read. */
export interface InboxRow {
  id: string;
  event: NotificationEvent;
  orderId: string;
  data: EventData;
  createdAt: Date;
  readAt: Date | null;
}

/** An account's channels beyond the inbox, as stored (quiet hours in minutes after local midnight). */
export interface SettingsRow {
  phone: string | null;
  email: string | null;
  sms: boolean;
  emailEnabled: boolean;
  quietFrom: number;
  quietTo: number;
}

/** Newest first; the id breaks ties. */
const INBOX_SORT: SortColumn[] = [
  { sql: 'n.created_at', kind: 'timestamp', desc: true },
  { sql: 'n.id', kind: 'uuid' },
];

const INBOX_COLUMNS = `n.id, e.type AS event, e.order_id AS "orderId", e.data, n.created_at AS "createdAt", n.read_at AS "readAt"`;

/**
 * Every statement on inboxes and timed events. The events of order changes are written by the database's
 * triggers in the change's own transaction (migration Notifications); those written here are the timed ones.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of an account's inbox, newest first (only the unread ones when asked). */
  async page(accountId: string, opts: { unreadOnly: boolean }, q: PageQuery): Promise<Page<InboxRow>> {
    const start = pageStart(q, INBOX_SORT);
    const p = new SqlParams();
    const where = [`n.account_id = ${p.add(accountId)}`, ...(opts.unreadOnly ? ['n.read_at IS NULL'] : [])];
    const { after, tail } = pageSql(start, (v) => p.add(v));
    const rows: Array<InboxRow & { cursor_at: string }> = await this.dataSource.query(
      `SELECT ${INBOX_COLUMNS}, ${microsSql('n.created_at')} AS cursor_at
       FROM notifications n JOIN notification_events e ON e.id = n.event_id
       WHERE ${[...where, after].join(' AND ')} ${tail}`,
      p.values,
    );
    return keysetPage(rows, start, (r) => [Number(r.cursor_at), r.id]);
  }

  /** All the account's notifications. */
  async count(accountId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE account_id = $1`, [
      accountId,
    ]);
    return rows[0].n;
  }

  /** The account's unread notifications, counted up to `upTo` (counting a city admin's millions takes ~0.1 s). */
  async unreadCount(accountId: string, upTo?: number): Promise<number> {
    const unread = `SELECT 1 FROM notifications WHERE account_id = $1 AND read_at IS NULL`;
    const rows: Array<{ n: number }> = await this.dataSource.query(
      upTo === undefined ? `SELECT count(*)::int AS n FROM (${unread}) u` : `SELECT count(*)::int AS n FROM (${unread} LIMIT $2) u`,
      upTo === undefined ? [accountId] : [accountId, upTo],
    );
    return rows[0].n;
  }

  /** Marks one of the account's notifications read (kept as first read); undefined if it is not theirs. */
  async markRead(accountId: string, id: string, at: Date): Promise<InboxRow | undefined> {
    const rows: InboxRow[] = await this.dataSource.query(
      `WITH n AS (
         UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND account_id = $2 RETURNING *
       ) SELECT ${INBOX_COLUMNS} FROM n JOIN notification_events e ON e.id = n.event_id`,
      [id, accountId, at],
    );
    return rows[0];
  }

  async markAllRead(accountId: string, at: Date): Promise<number> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL`,
      [accountId, at],
    );
    return affected;
  }

  async settings(accountId: string): Promise<SettingsRow | undefined> {
    const rows: SettingsRow[] = await this.dataSource.query(
      `SELECT phone, email, sms_enabled AS "sms", email_enabled AS "emailEnabled", quiet_from AS "quietFrom", quiet_to AS "quietTo"
       FROM notification_settings WHERE account_id = $1`,
      [accountId],
    );
    return rows[0];
  }

  async saveSettings(accountId: string, s: SettingsRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_settings (account_id, phone, email, sms_enabled, email_enabled, quiet_from, quiet_to, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (account_id) DO UPDATE SET phone = EXCLUDED.phone, email = EXCLUDED.email, sms_enabled = EXCLUDED.sms_enabled,
         email_enabled = EXCLUDED.email_enabled, quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, updated_at = now()`,
      [accountId, s.phone, s.email, s.sms, s.emailEnabled, s.quietFrom, s.quietTo],
    );
  }

  /**
   * Writes the timed events due at `now` (the app's clock), each once (its dedupe key), so that every instance
   * and every tick may run this: an offer expiring within 6 hours; a lecture tomorrow, from 18:00 Asia/Shanghai
   * the day before; a lecture ended 2 hours ago and not yet reported (looking back 2 days, so that a restored
   * database does not flood anyone). The triggers fan them out as they do every event.
   */
  async recordTimedEvents(now: Date): Promise<number> {
    const insert = `INSERT INTO notification_events (type, order_id, branch_id, lecturer_id, occurred_at, data, dedupe_key)`;
    const onConflict = `ON CONFLICT ON CONSTRAINT notification_events_dedupe_key DO NOTHING RETURNING 1`;
    const lecture = `FROM bookings b JOIN orders o ON o.id = b.order_id WHERE b.released_at IS NULL AND o.status = 'accepted'`;
    const statements = [
      `${insert}
       SELECT 'order.offer_expiring', o.id, o.branch_id, o.offered_lecturer_id, $1::timestamptz,
              jsonb_build_object('title', o.title, 'startsAt', o.offered_starts_at, 'offerExpiresAt', o.offer_expires_at),
              'offer_expiring:' || o.id || ':' || (extract(epoch FROM o.offer_expires_at))::bigint
       FROM orders o WHERE o.status = 'offered' AND o.offer_expires_at > $1::timestamptz AND o.offer_expires_at <= $1::timestamptz + interval '6 hours'
       ${onConflict}`,
      `${insert}
       SELECT 'lecture.reminder', o.id, o.branch_id, b.lecturer_id, $1::timestamptz, jsonb_build_object('title', o.title, 'startsAt', b.starts_at),
              'reminder:' || b.id
       ${lecture} AND b.starts_at > $1::timestamptz AND b.starts_at < $1::timestamptz + interval '31 hours'
         AND $1::timestamptz >= ${atLocalSql(`(date_trunc('day', ${atLocalSql('b.starts_at')}) - interval '6 hours')`)}
       ${onConflict}`,
      `${insert}
       SELECT 'lecture.report_due', o.id, o.branch_id, b.lecturer_id, $1::timestamptz, jsonb_build_object('title', o.title, 'startsAt', b.starts_at),
              'report_due:' || b.id
       ${lecture} AND b.starts_at > $1::timestamptz - interval '3 days' AND b.ends_at <= $1::timestamptz - interval '2 hours' AND b.ends_at > $1::timestamptz - interval '2 days'
       ${onConflict}`,
    ];
    let written = 0;
    for (const sql of statements) written += (await this.dataSource.query<unknown[]>(sql, [now])).length;
    return written;
  }
}
