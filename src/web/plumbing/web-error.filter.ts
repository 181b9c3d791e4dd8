import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CommonErrors } from '../../common/domain-error.js';
import { sendProblem as sendApiProblem } from '../../common/problem.filter.js';
import { inLanguage } from '../../i18n/language.js';
import { errorQuery, type PageError, toPageError } from '../../i18n/page-errors.js';
import { pageText } from '../../i18n/texts.js';
import { languageOf } from './page-language.js';
import { PageRenderer, sendProblem, wantsJson, withNotice } from './page-renderer.js';
import { PasswordChangeRequired, SessionRequired, WebErrors } from '../web.errors.js';
import type { PageRequest } from './page-request.js';
import { isApiNamespace } from '../../common/request-url.js';

/**
 * Errors on pages become pages: no session → the login page (coming back here afterwards), anything
 * `*_NOT_FOUND` → the 404 page (someone else's order looks exactly like no order), the rest → an
 * error page with the code's message, in the page's language, and its status.
 */
@Catch()
@Injectable()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrorFilter');

  constructor(private readonly pages: PageRenderer) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<PageRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    // Filters run outside the handler's language (PageLanguageInterceptor): the texts are rendered in it here.
    const language = languageOf(req);
    const error = inLanguage(language, () => toPageError(err));
    if (error.status >= 500) this.logger.error({ err, url: req.originalUrl, method: req.method }, 'page failed');
    // The outbox's script: the session's end keeps its entry for after the next login; the rest it shows.
    if (wantsJson(req)) return inLanguage(language, () => sendProblem(res, error));
    // Logging in, or changing a temporary password, then leads back to the page asked for (a form's: its page).
    const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    if (err instanceof SessionRequired) return res.redirect(303, `/login${back || formPageAgain(req)}`);
    if (err instanceof PasswordChangeRequired) return res.redirect(303, `/password${back}`);
    renderErrorPage(this.pages, req, res, error);
  }
}

/**
 * The login page saying the session ended, and after it the page a form was sent from once the session had ended
 * (its Referer, on this site only), saying that the form was not taken: the page's drafts (drafts.js) fill the
 * form in again, to be sent again.
 */
function formPageAgain(req: PageRequest): string {
  const referer = req.get('referer');
  if (referer === undefined || !URL.canParse(referer)) return '';
  const from = new URL(referer);
  // By host name, as Express reads it (behind a proxy that passes the host without its port, too).
  if (from.hostname !== req.hostname || from.pathname === '/login') return '';
  const page = withNotice(`${from.pathname}${from.search}`, errorQuery(toPageError(WebErrors.SESSION_ENDED_UNSENT())));
  return `?next=${encodeURIComponent(page)}&error=SESSION_REQUIRED`;
}

/**
 * A page's body refused before any route read it (a form over 100 KB, one that is not valid): told as the pages
 * tell a refusal, an error page (or the outbox's problem, to its script), not the API's problem+json.
 */
export function refusePageBody(pages: PageRenderer, err: unknown, req: PageRequest, res: Response): void {
  const language = languageOf(req);
  const error = inLanguage(language, () => toPageError(err));
  if (wantsJson(req)) return inLanguage(language, () => sendProblem(res, error));
  renderErrorPage(pages, req, res, error);
}

/**
 * The error page for `error` in the page's language: the 404 page for anything not found, else its message and
 * status. A lecturer's order page that is not found is most often a message's link to an offer that has since
 * expired or been withdrawn and then gone to another lecturer (while it waits in the queue it is still shown), or a
 * cancelled order: the page says so, and leads to the inbox.
 */
export function renderErrorPage(pages: PageRenderer, req: PageRequest, res: Response, error: PageError): void {
  const notFound = error.status === 404 || error.code.endsWith('_NOT_FOUND');
  const orderGone = error.code === 'ORDER_NOT_FOUND' && req.path.startsWith('/lecturer/orders/');
  const title = inLanguage(languageOf(req), () => pageText(notFound ? 'error.notFoundTitle' : 'error.failedTitle'));
  pages.render(req, res, 'error.njk', { error, notFound, orderGone, title }, notFound ? 404 : error.status);
}

/**
 * A path that neither the pages nor the API serve (a cut-off QR link, a typo): the Chinese (or Mongolian) 404
 * page instead of Express's English "Cannot GET". Mounted after every route (setUpPageNotFound). Under /api the
 * answer is problem+json: Nest answers the paths under its prefix, this the rest (/api, /api/v2/…).
 */
export function pageNotFound(pages: PageRenderer, recognise: (req: PageRequest) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next();
    if (isApiNamespace(req.path)) return sendApiProblem(res, req, CommonErrors.ROUTE_NOT_FOUND());
    // Signed in, the 404 page keeps the header (who, the inbox, the menu) that leads back to the person's pages;
    // without the database to say who it is (down), it is still the 404 page, without them.
    const shown = () => {
      const error = inLanguage(languageOf(req), () => toPageError(CommonErrors.ROUTE_NOT_FOUND()));
      renderErrorPage(pages, req as PageRequest, res, error);
    };
    recognise(req as PageRequest)
      .catch(() => undefined)
      .then(shown)
      .catch(next);
  };
}
