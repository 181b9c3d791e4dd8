import { API_PATH } from '../common/request-url.js';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import { actorOfAccount } from '../auth/account-state.js';
import { LiveAccounts } from '../auth/live-accounts.js';
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
/**
 * An admin's feed secret: derived from the lecturer's token, so rotating that one ends every admin's link too, and
 * from the admin's account and scope, so that a link given under another scope is no link.
 */
const adminSecret = (token: string, admin: AdminActor) =>
  createHmac('sha256', token)
    .update(`${admin.accountId}:${admin.regionId ?? 'city'}`)
    .digest('base64url');
const adminLink = (baseUrl: string, lecturerId: string, admin: AdminActor, token: string): CalendarLinkView => ({
  url: `${baseUrl}${FEED_PATH}/${lecturerId}/${admin.accountId}/${adminSecret(token, admin)}.ics`,
});
type AdminActor = Extract<Actor, { role: 'admin' }>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Lecturers' private calendar feeds: each lecturer has one secret URL (made on first use) that a
 * calendar app subscribes to without logging in; rotating it makes the old URL answer 404. An admin whose
 * scope holds the lecturer's home region gets a link of its own, which works only while the account does:
 * not once it is disabled or its scope changed, nor once the lecturer's home has left that scope. A banner
 * admin's feed shows lectures for branches outside its banner only as busy time.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly lecturers: LecturersService,
    private readonly accounts: LiveAccounts,
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
    return actor.role === 'admin' ? adminLink(baseUrl, lecturerId, actor, token) : feedLink(baseUrl, token);
  }

  /** The iCalendar text of the feed with this file name (`<token>.ics`): the lecturer's accepted and given lectures. */
  async feed(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!TOKEN.test(token)) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const owner = await this.repository.ownerOf(token);
    if (!owner) throw CalendarErrors.CALENDAR_NOT_FOUND();
    return lecturesCalendar(owner.name, await this.repository.lecturesOf(owner.id, new Date(this.clock.now() - PAST_DAYS * DAY_MS)));
  }

  /**
   * An admin's feed of a lecturer (`<lecturer>/<admin account>/<secret>.ics`), as the account may see it now:
   * 404 once it is disabled, its scope changed, or the lecturer's home lies outside it.
   */
  async adminFeed(lecturerId: string, accountId: string, file: string): Promise<string> {
    const secret = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!UUID.test(lecturerId) || !UUID.test(accountId) || !TOKEN.test(secret)) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const account = await this.accounts.state(accountId);
    const admin = account && !account.disabled ? actorOfAccount(account) : undefined;
    const owner = await this.repository.tokenOf(lecturerId);
    if (admin?.role !== 'admin' || !owner || !timingSafeEqual(Buffer.from(adminSecret(owner.token, admin)), Buffer.from(secret)))
      throw CalendarErrors.CALENDAR_NOT_FOUND();
    if (!(await this.lecturers.mayManage(admin, lecturerId))) throw CalendarErrors.CALENDAR_NOT_FOUND();
    const scope = regionScopeOf(admin);
    const lectures = await this.repository.lecturesOf(lecturerId, new Date(this.clock.now() - PAST_DAYS * DAY_MS));
    return lecturesCalendar(
      owner.name,
      lectures.map((l) => (scopeCovers(scope, { path: l.regionPath }) ? l : { busy: true, startsAt: l.startsAt, endsAt: l.endsAt })),
    );
  }
}
