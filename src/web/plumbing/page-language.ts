import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { inLanguage, isUiLanguage, type UiLanguage } from '../../i18n/language.js';
import { DAY_MS } from '../../kernel/time.js';
import type { PageRequest } from './page-request.js';

/**
 * The browser's language choice. It is remembered per browser (so the login page speaks it before
 * anyone logs in) and per account (accounts.ui_language, copied into this cookie at login).
 */
export const LANGUAGE_COOKIE = '__Host-gpl.lang';

/** Pages only in Chinese: the organisation department's. */
const CHINESE_ONLY = ['/admin'];

/**
 * Whether the page is only in Chinese: the organisation department's section, and every page an admin is shown (the
 * inbox, the password), which show admins no switch: an admin who chose Mongolian on the login page had those in
 * Mongolian with no way back but logging out.
 */
export function isChineseOnly(req: Request): boolean {
  if ((req as PageRequest).actor?.role === 'admin') return true;
  return CHINESE_ONLY.some((section) => req.path === section || req.path.startsWith(`${section}/`));
}

/** The page's language: the browser's choice, but where the page is only in Chinese. */
export function languageOf(req: Request): UiLanguage {
  return isChineseOnly(req) ? 'zh' : (browserLanguage(req) ?? 'zh');
}

/** The choice the browser made, if it made one. */
export function browserLanguage(req: Request): UiLanguage | undefined {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[LANGUAGE_COOKIE];
  return isUiLanguage(value) ? value : undefined;
}

export function rememberLanguage(res: Response, language: UiLanguage): void {
  res.cookie(LANGUAGE_COOKIE, language, { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 365 * DAY_MS });
}

/**
 * Runs a page's handler in the page's language, so that what it renders (labels, the timeline, the
 * inbox, errors) comes out in it. Subscribing inside `inLanguage` carries the language into the handler.
 */
@Injectable()
export class PageLanguageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const language = languageOf(context.switchToHttp().getRequest<Request>());
    return new Observable((subscriber) => inLanguage(language, () => next.handle().subscribe(subscriber)));
  }
}
