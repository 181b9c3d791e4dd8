import { pageNotFound, refusePageBody } from './web-error.filter.js';
import { sendProblem, toProblem } from '../../common/problem.filter.js';
import type { PageRequest } from './page-request.js';
import { PageRenderer } from './page-renderer.js';
import { WebPageGuard } from './web-page.guard.js';
import { AppConfig } from '../../config/app-config.js';
import { RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces/middleware/index.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import nunjucks from 'nunjucks';
import { DAY_MS } from '../../kernel/time.js';
import {
  ECHARTS_FILE,
  ECHARTS_URL,
  MONGOLIAN_FONT_CSS,
  MONGOLIAN_FONT_CSS_PATH,
  MONGOLIAN_FONT_FILE,
  MONGOLIAN_FONT_URL,
  PUBLIC_DIR,
  OFFLINE_VENDOR_FILES,
  OFFLINE_VENDOR_URL,
  SERVICE_WORKER_FILE,
  VIEWS_DIR,
  assetUrl,
} from './web-assets.js';
import { stampArrival } from './page-renderer.js';
import { PHOTO_FORM_PATHS, reportFormUploads } from './photo-uploads.js';
import { adminClientTexts, adminText, clientTexts, pageText } from '../../i18n/texts.js';
import { TEMPLATE_FILTERS } from './template-filters.js';
import { isApiNamespace } from '../../common/request-url.js';

/** Page routes, kept out of the API's global prefix (Nest path syntax). */
export const PAGE_ROUTES: Array<string | RouteInfo> = [
  '/',
  'login',
  'logout',
  'password',
  'offline',
  'branch',
  'branch/{*rest}',
  'lecturer',
  'lecturer/{*rest}',
  'admin',
  'admin/{*rest}',
  'photos/{*rest}',
  // The attendees' page, by method: POST /sign-in/:code itself is the API's, under its prefix.
  { path: 'sign-in/:code', method: RequestMethod.GET },
  { path: 'sign-in/:code/form', method: RequestMethod.POST },
  'inbox',
  'inbox/{*rest}',
  'language',
];

/** Runs a middleware for the pages and their assets only: the API under /api keeps reading no cookies and stays as it was. */
function outsideApi(middleware: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => (isApiNamespace(req.path) ? next() : middleware(req, res, next));
}

/** What every page answers with: no framing, no foreign scripts or styles, no sniffing. */
function pageHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  next();
}

const YEAR_MS = 365 * DAY_MS;

/**
 * The pages' share of the Express app: cookies, hashed static assets cached for a year, and nunjucks
 * templates with autoescaping on.
 */
export function setUpWebPages(app: NestExpressApplication): void {
  app.use(
    outsideApi((req, _res, next) => {
      stampArrival(req);
      next();
    }),
  );
  app.use(outsideApi(cookieParser()));
  app.use(outsideApi(pageHeaders));
  const cacheForever = { maxAge: YEAR_MS, immutable: true };
  app.use(ECHARTS_URL, (_req: Request, res: Response) => res.sendFile(ECHARTS_FILE, cacheForever));
  // The Mongolian font and its @font-face: hashed URLs, kept a year (see MONGOLIAN_FONT_FILE for who links them).
  app.use(MONGOLIAN_FONT_URL, (_req: Request, res: Response) => res.sendFile(MONGOLIAN_FONT_FILE, cacheForever));
  app.use(MONGOLIAN_FONT_CSS_PATH, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', `public, max-age=${YEAR_MS / 1000}, immutable`);
    res.type('text/css').send(MONGOLIAN_FONT_CSS);
  });
  // The service worker and its libraries keep fixed names: browsers check them on every visit (no-cache).
  app.use('/sw.js', (_req: Request, res: Response) => res.sendFile(SERVICE_WORKER_FILE, { headers: { 'Cache-Control': 'no-cache' } }));
  app.use(OFFLINE_VENDOR_URL, (req: Request, res: Response, next: NextFunction) => {
    const file = OFFLINE_VENDOR_FILES.get(req.path.slice(1));
    if (file) res.sendFile(file, { headers: { 'Cache-Control': 'no-cache' } });
    else next();
  });
  app.use('/assets', express.static(PUBLIC_DIR, { ...cacheForever, index: false }));
  app.use(PHOTO_FORM_PATHS, (req: Request, res: Response, next: NextFunction) =>
    req.method === 'POST' ? reportFormUploads(req, res, next) : next(),
  );

  const env = nunjucks.configure(VIEWS_DIR, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
    express: app.getHttpAdapter().getInstance(),
  });
  for (const [name, filter] of Object.entries(TEMPLATE_FILTERS)) env.addFilter(name, filter);
  env.addGlobal('asset', assetUrl);
  // A page's text by key, in the page's language: `{{ t('common.people', { n: 30 }) }}`.
  env.addGlobal('t', pageText);
  // The organisation department's pages' texts, Chinese only: `{{ at('admin.run.hidden', { n: 3 }) }}`, `{{ at('nav.orders') }}`.
  env.addGlobal('at', adminText);
  // The same for the pages' scripts, as JSON in the page (layout.njk's data-texts): they fill the `{name}` places.
  // The organisation department's pages (Chinese) add theirs: `clientTexts(true)`.
  env.addGlobal('clientTexts', (admin?: boolean) => JSON.stringify(admin ? { ...clientTexts(), ...adminClientTexts() } : clientTexts()));
  env.addGlobal('echartsUrl', () => assetUrl(ECHARTS_URL));
  // Where a page asks a person to contact the organisation department: how (OFFICE_CONTACT), when it is set.
  env.addGlobal('officeContact', app.get(AppConfig).OFFICE_CONTACT);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('njk');
}

/**
 * Body-parser failures (malformed JSON, a body over 100 KB) never reach Nest's filters: answered here, the API's as
 * problem+json, a page's form as the pages answer (a browser showed the raw JSON).
 */
export function bodyRefusals(app: NestExpressApplication): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    if (isApiNamespace(req.path)) return sendProblem(res, req, toProblem(err));
    refusePageBody(app.get(PageRenderer), err, req as PageRequest, res);
  };
}

/** After every route (the app initialised): the pages' 404 for any path outside /api that nothing serves. */
export function setUpPageNotFound(app: NestExpressApplication): void {
  const guard = app.get(WebPageGuard);
  app.use(pageNotFound(app.get(PageRenderer), (req) => guard.recognise(req)));
}
