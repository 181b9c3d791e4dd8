import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { CalendarErrors } from './calendar.errors.js';
import type { CalendarLinkView } from './calendar.dto.js';
import { type CalendarLecture, lecturesCalendar } from './ics.js';

/** Where the feed is served, under the API prefix; the token is the only credential. */
export const FEED_PATH = '/api/v1/calendar';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** How far back the feed reaches: calendar apps keep what they saw; a feed of every year would only grow. */
const PAST_DAYS = 366;

/** 256 random bits, URL-safe. */
const newToken = () => randomBytes(32).toString('base64url');

/**
 * Lecturers' private calendar feeds: each lecturer has one secret URL (made on first use) that a
 * calendar app subscribes to without logging in; rotating it makes the old URL answer 404. The link is
 * the lecturer's own, or for an admin whose scope holds the lecturer's home region.
 */
@Injectable()
export class CalendarService {
  constructor(private readonly dataSource: DataSource, private readonly lecturers: LecturersService) {}

  /** The feed URL (`baseUrl` + path; root-relative without one), made on first use. */
  async link(actor: Actor, lecturerId: string, baseUrl = ''): Promise<CalendarLinkView> {
    const lecturer = await this.lecturers.findManageable(actor, lecturerId);
    await this.dataSource.query(
      `INSERT INTO lecturer_calendar_tokens (lecturer_id, token) VALUES ($1, $2) ON CONFLICT (lecturer_id) DO NOTHING`, [lecturer.id, newToken()]);
    // A separate statement: under READ COMMITTED it sees a token that a racing first call committed.
    const [{ token }]: Array<{ token: string }> = await this.dataSource.query(`SELECT token FROM lecturer_calendar_tokens WHERE lecturer_id = $1`, [lecturer.id]);
    return { url: `${baseUrl}${FEED_PATH}/${token}.ics` };
  }

  /** A new secret URL; the old one stops working at once. */
  async rotate(actor: Actor, lecturerId: string, baseUrl = ''): Promise<CalendarLinkView> {
    const lecturer = await this.lecturers.findManageable(actor, lecturerId);
    const [{ token }]: Array<{ token: string }> = await this.dataSource.query(
      `INSERT INTO lecturer_calendar_tokens (lecturer_id, token) VALUES ($1, $2)
       ON CONFLICT (lecturer_id) DO UPDATE SET token = EXCLUDED.token, created_at = now() RETURNING token`, [lecturer.id, newToken()]);
    return { url: `${baseUrl}${FEED_PATH}/${token}.ics` };
  }

  /** The iCalendar text of the feed with this file name (`<token>.ics`): the lecturer's accepted and given lectures. */
  async feed(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!TOKEN.test(token)) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const [owner]: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT l.id, l.name FROM lecturer_calendar_tokens t JOIN lecturers l ON l.id = t.lecturer_id WHERE t.token = $1`, [token]);
    if (!owner) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT o.id, o.title, o.topic, o.format, o.status, b.starts_at, b.ends_at, br.name AS branch_name, r.name AS region_name,
              br.latitude, br.longitude, o.expected_audience, o.language, o.notes, o.updated_at
       FROM bookings b
       JOIN orders o ON o.id = b.order_id
       JOIN branches br ON br.id = o.branch_id
       JOIN regions r ON r.id = br.region_id
       WHERE b.lecturer_id = $1 AND b.released_at IS NULL AND o.status IN ('accepted', 'completed')
         AND b.starts_at >= now() - make_interval(days => $2)
       ORDER BY b.starts_at, o.id`, [owner.id, PAST_DAYS]);
    const lectures: CalendarLecture[] = rows.map((r) => ({
      orderId: r.id as string, title: r.title as string, topic: r.topic as string, format: r.format as string, status: r.status as string,
      startsAt: new Date(r.starts_at as string), endsAt: new Date(r.ends_at as string), branchName: r.branch_name as string, regionName: r.region_name as string,
      latitude: Number(r.latitude), longitude: Number(r.longitude), expectedAudience: Number(r.expected_audience), language: r.language as string,
      notes: r.notes as string | null, updatedAt: new Date(r.updated_at as string),
    }));
    return lecturesCalendar(owner.name, lectures);
  }
}
