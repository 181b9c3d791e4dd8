import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { inLanguage } from '../../i18n/language.js';
import { toPageError } from '../../i18n/page-errors.js';
import { pageText } from '../../i18n/texts.js';
import { languageOf } from './page-language.js';
import { PageRenderer, sendProblem, wantsJson } from './page-renderer.js';
import { PasswordChangeRequired, SessionRequired } from '../web.errors.js';
import type { PageRequest } from './page-request.js';

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
    if (err instanceof SessionRequired) {
      const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${back}`);
      return;
    }
    if (err instanceof PasswordChangeRequired) {
      res.redirect(303, '/password');
      return;
    }
    const notFound = error.status === 404 || error.code.endsWith('_NOT_FOUND');
    const title = inLanguage(language, () => pageText(notFound ? 'error.notFoundTitle' : 'error.failedTitle'));
    this.pages.render(req, res, 'error.njk', { error, notFound, title }, notFound ? 404 : error.status);
  }
}
