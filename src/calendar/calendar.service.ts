import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../kernel/clock.js';
import { DAY_MS } from '../kernel/time.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { CalendarErrors } from './calendar.errors.js';
import { CalendarRepository } from './calendar.repository.js';
import type { CalendarLinkView } from './calendar.dto.js';
import { lecturesCalendar } from './ics.js';

/** Where the feed is served, under the API prefix; the token is the only credential. */
export const FEED_PATH = '/api/v1/calendar';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** How far back the feed reaches: calendar apps keep what they saw; a feed of every year would only grow. */
const PAST_DAYS = 366;

/** 256 random bits, URL-safe. */
const newToken = () => randomBytes(32).toString('base64url');
const feedLink = (baseUrl: string, token: string): CalendarLinkView => ({ url: `${baseUrl}${FEED_PATH}/${token}.ics` });

/**
 * Lecturers' private calendar feeds: each lecturer has one secret URL (made on first use) that a
 * calendar app subscribes to without logging in; rotating it makes the old URL answer 404. The link is
 * the lecturer's own, or for an admin whose scope holds the lecturer's home region.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly lecturers: LecturersService,
    private readonly clock: Clock,
  ) {}

  /** The feed URL (`baseUrl` + path; root-relative without one), made on first use. */
  async link(actor: Actor, lecturerId: string, baseUrl = ''): Promise<CalendarLinkView> {
    const lecturer = await this.lecturers.findManageable(actor, lecturerId);
    return feedLink(baseUrl, await this.repository.ensureToken(lecturer.id, newToken()));
  }

  /** A new secret URL; the old one stops working at once. */
  async rotate(actor: Actor, lecturerId: string, baseUrl = ''): Promise<CalendarLinkView> {
    const lecturer = await this.lecturers.findManageable(actor, lecturerId);
    return feedLink(baseUrl, await this.repository.replaceToken(lecturer.id, newToken()));
  }

  /** The iCalendar text of the feed with this file name (`<token>.ics`): the lecturer's accepted and given lectures. */
  async feed(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!TOKEN.test(token)) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const owner = await this.repository.ownerOf(token);
    if (!owner) throw CalendarErrors.CALENDAR_NOT_FOUND();
    return lecturesCalendar(owner.name, await this.repository.lecturesOf(owner.id, new Date(this.clock.now() - PAST_DAYS * DAY_MS)));
  }
}
