import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HTML_LANG, inLanguage, LANGUAGE_ENDONYM, type UiLanguage } from '../../i18n/language.js';
import { texts } from '../../i18n/texts.js';
import { errorQuery, explainedFields, type Notice, noticeOf, type PageError, pageProblem } from '../../i18n/page-errors.js';
import { UNREAD_BADGE_MAX } from '../../notifications/notifications.service.js';
import type { PageRequest } from './page-request.js';
import { isChineseOnly, languageOf } from './page-language.js';
import { navFor } from './role-menus.js';
import { CSRF_FIELD, WebSessionService } from './web-session.service.js';
import { type Pager, pastTheEnd } from '../shared/page-params.js';

/** When the request reached the app, for the Server-Timing header (set by `stampArrival`). */
const ARRIVED = Symbol('arrived');
type Stamped = PageRequest & { [ARRIVED]?: number };

export function stampArrival(req: PageRequest): void {
  (req as Stamped)[ARRIVED] ??= performance.now();
}

/** A refusal shown on the page the form is on again (rather than carried in the query to another page). */
/** The notice of a refused form; `labels` names fields as this form's labels do where the usual word would mislead. */
export function errorNotice(error: PageError, labels?: Readonly<Record<string, string>>): Notice {
  return {
    kind: 'error',
    message: error.message,
    ...explainedFields(error.fieldNames, error.reasons, labels),
    fieldNames: error.fieldNames,
  };
}

/**
 * A form sent by the outbox's script (offline-queue.js) asks for JSON: it learns where the result is, or
 * why the form was refused, without loading a page over a weak link. A browser's own navigation asks for HTML.
 */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** A refusal answered to the outbox's script: its status, problem+json with the title and detail in the page's language. */
export function sendProblem(res: Response, error: PageError): void {
  res
    .status(error.status)
    .type('application/problem+json')
    .send(JSON.stringify(pageProblem(error)));
}

/**
 * Renders a page with what every page needs: who is logged in and their menu, the form token, the
 * notice carried from the previous action, and how long the server took (Server-Timing).
 */
@Injectable()
export class PageRenderer {
  private readonly logger = new Logger('PageRenderer');

  constructor(private readonly session: WebSessionService) {}

  render(req: PageRequest, res: Response, view: string, data: object = {}, status = 200): void {
    const lastPage = req.method === 'GET' ? pastTheEnd((data as { pager?: Pager }).pager) : undefined;
    // A list page past its end (an old link, a list that shrank) leads to its last page, not to an empty one.
    if (lastPage !== undefined) return res.redirect(`${req.path}${lastPage}`);
    const language = languageOf(req);
    inLanguage(language, () => this.renderIn(req, res, view, data, status, language));
  }

  private renderIn(req: PageRequest, res: Response, view: string, data: object, status: number, language: UiLanguage): void {
    const actor = req.actor;
    const other: UiLanguage = language === 'mn' ? 'zh' : 'mn';
    const context = {
      ...data,
      me: actor
        ? { username: actor.username, role: actor.role, roleLabel: texts().role[actor.role], unread: badgeOf(req.unreadNotifications ?? 0) }
        : undefined,
      // A page may say which section it belongs to where its path does not (a menu course's order form, a form shown again after a post).
      nav: navFor(actor?.role, (data as { navSection?: string }).navSection ?? req.path),
      csrf: { field: CSRF_FIELD, token: this.session.csrfToken(req, res) },
      notice: (data as { notice?: unknown }).notice ?? noticeOf(req.query),
      path: req.path,
      language,
      htmlLang: HTML_LANG[language],
      /**
       * The switch, on every page in both languages (not the organisation department's): to the other language, named in
       * its own script; back to this page (a form's answer: home).
       */
      languageSwitch: isChineseOnly(req)
        ? undefined
        : { back: req.method === 'GET' ? req.originalUrl : '/', to: other, lang: HTML_LANG[other], name: LANGUAGE_ENDONYM[other] },
    };
    res.status(status);
    // A signed-in person's pages are read fresh each time, Back included: after an accept, a dispatch or a reset the
    // page before it must not come back from the browser's memory with live buttons or a temporary password. (The
    // service worker still keeps the branch's and lecturer's pages for the field without signal: sw.js.)
    if (actor) res.setHeader('Cache-Control', 'no-store');
    res.render(view, context, (err: Error | null, html?: string) => {
      if (err) {
        this.logger.error({ err, view }, 'template failed');
        res.status(500).type('text/plain; charset=utf-8').send('页面出错，已记录。');
        return;
      }
      const arrived = (req as Stamped)[ARRIVED];
      if (arrived !== undefined) res.setHeader('Server-Timing', `app;dur=${(performance.now() - arrived).toFixed(1)}`);
      res.type('html').send(html);
    });
  }

  /** After a POST: see the result on a page of its own (303, so that reloading does not repeat the action). */
  redirect(res: Response, to: string, done?: string): void {
    const location = withNotice(to, done === undefined ? '' : `done=${done}`);
    if (wantsJson(res.req)) res.json({ location });
    else res.redirect(303, location);
  }

  /** After a failed POST: back to the page the form was on, with the error to show. */
  redirectWithError(res: Response, to: string, error: PageError): void {
    if (wantsJson(res.req)) sendProblem(res, error);
    else res.redirect(303, withNotice(to, errorQuery(error)));
  }
}

/** The notice a page shows once (`?done=`, `?error=` with its `field`s): never carried on to the next one. */
const NOTICE_PARAMS = ['done', 'error', 'field'];

/**
 * A page (a path with its query) with this notice in place of any it carried: a back link kept the notice of the
 * action before, which then showed again beside, or instead of, the new one.
 */
export function withNotice(to: string, notice: string): string {
  const url = new URL(to, 'http://page.invalid');
  for (const name of NOTICE_PARAMS) url.searchParams.delete(name);
  const query = [url.searchParams.toString(), notice].filter((part) => part !== '').join('&');
  return `${url.pathname}${query === '' ? '' : `?${query}`}`;
}

/** The page a request is for, without the notice it carried: where a form on it posts, so that a refusal shows it again as it was. */
export function pageWithoutNotice(req: PageRequest): string {
  return withNotice(req.originalUrl, '');
}

/** The unread badge: the count, or "99+" past UNREAD_BADGE_MAX (all it was counted up to); 0 shows none. */
function badgeOf(unread: number): number | string {
  return unread > UNREAD_BADGE_MAX ? `${UNREAD_BADGE_MAX}+` : unread;
}
