import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarLecture } from './ics.js';

/** The SQL of calendar feeds: the lecturers' secret tokens and the lectures a feed shows. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The lecturer's token, stored as `candidate` when they have none yet. */
  async ensureToken(lecturerId: string, candidate: string): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO lecturer_calendar_tokens (lecturer_id, token) VALUES ($1, $2) ON CONFLICT (lecturer_id) DO NOTHING`,
      [lecturerId, candidate],
    );
    // A separate statement: under READ COMMITTED it sees a token that a racing first call committed.
    const [{ token }]: Array<{ token: string }> = await this.dataSource.query(
      `SELECT token FROM lecturer_calendar_tokens WHERE lecturer_id = $1`,
      [lecturerId],
    );
    return token;
  }

  /** Sets the lecturer's token to `token`, replacing any other. */
  async replaceToken(lecturerId: string, token: string): Promise<string> {
    const [row]: Array<{ token: string }> = await this.dataSource.query(
      `INSERT INTO lecturer_calendar_tokens (lecturer_id, token) VALUES ($1, $2)
       ON CONFLICT (lecturer_id) DO UPDATE SET token = EXCLUDED.token, created_at = now() RETURNING token`,
      [lecturerId, token],
    );
    return row.token;
  }

  /**
   * The lecturer a token belongs to, if any, unless every account of theirs is disabled: one who has left reads their
   * schedule no more, as their token no longer works (a lecturer without an account keeps the feed the office handed on).
   */
  async ownerOf(token: string): Promise<{ id: string; name: string } | undefined> {
    const [owner]: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT l.id, l.name FROM lecturer_calendar_tokens t JOIN lecturers l ON l.id = t.lecturer_id
       WHERE t.token = $1
         AND (EXISTS (SELECT 1 FROM accounts a WHERE a.lecturer_id = l.id AND a.disabled_at IS NULL)
              OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.lecturer_id = l.id))`,
      [token],
    );
    return owner;
  }

  /** The lecturer's name and token, if they have one. */
  async tokenOf(lecturerId: string): Promise<{ name: string; token: string } | undefined> {
    const [row]: Array<{ name: string; token: string }> = await this.dataSource.query(
      `SELECT l.name, t.token FROM lecturer_calendar_tokens t JOIN lecturers l ON l.id = t.lecturer_id WHERE t.lecturer_id = $1`,
      [lecturerId],
    );
    return row;
  }

  /** The lecturer's accepted and given lectures starting at `since` or later, in time order, with their branch's region path. */
  async lecturesOf(lecturerId: string, since: Date): Promise<Array<CalendarLecture & { regionPath: string[] }>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT o.id, o.title, o.topic, o.format, o.status, b.starts_at, b.ends_at, br.name AS branch_name, r.name AS region_name, r.path,
              br.latitude, br.longitude, o.expected_audience, o.language, o.notes, o.updated_at
       FROM bookings b
       JOIN orders o ON o.id = b.order_id
       JOIN branches br ON br.id = o.branch_id
       JOIN regions r ON r.id = br.region_id
       WHERE b.lecturer_id = $1 AND b.released_at IS NULL AND o.status IN ('accepted', 'completed')
         AND b.starts_at >= $2
       ORDER BY b.starts_at, o.id`,
      [lecturerId, since],
    );
    return rows.map((r) => ({
      orderId: r.id as string,
      title: r.title as string,
      topic: r.topic as string,
      format: r.format as string,
      status: r.status as string,
      startsAt: new Date(r.starts_at as string),
      endsAt: new Date(r.ends_at as string),
      branchName: r.branch_name as string,
      regionName: r.region_name as string,
      latitude: Number(r.latitude),
      longitude: Number(r.longitude),
      expectedAudience: Number(r.expected_audience),
      language: r.language as string,
      notes: r.notes as string | null,
      updatedAt: new Date(r.updated_at as string),
      regionPath: r.path as string[],
    }));
  }
}
