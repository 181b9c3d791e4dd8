import { API_PATH } from '../common/request-url.js';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import { Clock } from '../kernel/clock.js';
import { DAY_MS } from '../kernel/time.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { scopeCovers } from '../regions/region-scope.js';
import { CalendarErrors } from './calendar.errors.js';
import { CalendarRepository } from './calendar.repository.js';
import type { CalendarLinkView } from './calendar.dto.js';
import { lecturesCalendar } from './ics.js';

/** Where the feed is served, under the API prefix; the token is the only credential. */
export const FEED_PATH = `${API_PATH}/calendar`;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** How far back the feed reaches: calendar apps keep what they saw; a feed of every year would only grow. */
const PAST_DAYS = 366;

/** 256 random bits, URL-safe. */
const newToken = () => randomBytes(32).toString('base64url');
const feedLink = (baseUrl: string, token: string): CalendarLinkView => ({ url: `${baseUrl}${FEED_PATH}/${token}.ics` });
/** A scoped feed's secret: derived from the lecturer's token, so rotating that one ends every scoped link too. */
const scopeSecret = (token: string, scopeRegionId: string) => createHmac('sha256', token).update(scopeRegionId).digest('base64url');
const scopedLink = (baseUrl: string, lecturerId: string, scopeRegionId: string, token: string): CalendarLinkView => ({
  url: `${baseUrl}${FEED_PATH}/${lecturerId}/${scopeRegionId}/${scopeSecret(token, scopeRegionId)}.ics`,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Lecturers' private calendar feeds: each lecturer has one secret URL (made on first use) that a
 * calendar app subscribes to without logging in; rotating it makes the old URL answer 404. The link is
 * the lecturer's own, or for an admin whose scope holds the lecturer's home region. A banner admin gets
 * a feed of its own scope: lectures for branches outside its banner show only as busy time.
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
    return this.linkFor(actor, lecturer.id, await this.repository.ensureToken(lecturer.id, newToken()), baseUrl);
  }

  /** A new secret URL; the old one (and every scoped one) stops working at once. */
  async rotate(actor: Actor, lecturerId: string, baseUrl = ''): Promise<CalendarLinkView> {
    const lecturer = await this.lecturers.findManageable(actor, lecturerId);
    return this.linkFor(actor, lecturer.id, await this.repository.replaceToken(lecturer.id, newToken()), baseUrl);
  }

  private linkFor(actor: Actor, lecturerId: string, token: string, baseUrl: string): CalendarLinkView {
    const scope = regionScopeOf(actor);
    return scope === null ? feedLink(baseUrl, token) : scopedLink(baseUrl, lecturerId, scope, token);
  }

  /** The iCalendar text of the feed with this file name (`<token>.ics`): the lecturer's accepted and given lectures. */
  async feed(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!TOKEN.test(token)) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const owner = await this.repository.ownerOf(token);
    if (!owner) throw CalendarErrors.CALENDAR_NOT_FOUND();
    return lecturesCalendar(owner.name, await this.repository.lecturesOf(owner.id, new Date(this.clock.now() - PAST_DAYS * DAY_MS)));
  }

  /** A banner admin's feed of a lecturer (`<lecturer>/<scope>/<secret>.ics`): lectures outside the scope as busy time. */
  async scopedFeed(lecturerId: string, scopeRegionId: string, file: string): Promise<string> {
    const secret = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!UUID.test(lecturerId) || !UUID.test(scopeRegionId) || !TOKEN.test(secret)) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const owner = await this.repository.tokenOf(lecturerId);
    const expected = owner && Buffer.from(scopeSecret(owner.token, scopeRegionId));
    if (!owner || !expected || !timingSafeEqual(expected, Buffer.from(secret))) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const lectures = await this.repository.lecturesOf(lecturerId, new Date(this.clock.now() - PAST_DAYS * DAY_MS));
    return lecturesCalendar(
      owner.name,
      lectures.map((l) =>
        scopeCovers(scopeRegionId, { path: l.regionPath }) ? l : { busy: true, startsAt: l.startsAt, endsAt: l.endsAt },
      ),
    );
  }
}
