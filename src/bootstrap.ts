import { API_PATH, API_PREFIX, PUBLIC_URL_SETTING, isApiNamespace } from './common/request-url.js';
import 'reflect-metadata';
import { type RequestListener, createServer } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import { PROBLEM_RESPONSES, ProblemView } from './common/problem.dto.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import type { Clock } from './kernel/clock.js';
import { PinoNestLogger, requestLogger } from './common/logging.js';
import { ProblemFilter } from './common/problem.filter.js';
import { strictValidationPipe } from './common/validation.js';
import { refuseBrokenUtf8 } from './common/utf8-body.js';
import { answerClientError, refuseRequestWithoutHost } from './common/client-error.js';
import { JSON_BODY_TYPES, refuseBodyNotJson } from './common/body-type.js';
import { PAGE_ROUTES, bodyRefusals, setUpPageNotFound, setUpWebPages } from './web/plumbing/web-setup.js';

/**
 * Express on a Node server with timeouts of its own: Node's default lets a client take 300 s to send a
 * request, holding a socket all along. The limits are only options of `createServer` (the checking interval
 * cannot be changed later), hence the server made here. The app uses neither HTTPS nor forced closing.
 */
class TimedExpressAdapter extends ExpressAdapter {
  constructor(private readonly requestTimeoutMs: number) {
    super();
  }

  override initHttpServer(_options: NestApplicationOptions): void {
    const requestTimeout = this.requestTimeoutMs;
    const headersTimeout = Math.min(10_000, requestTimeout);
    const connectionsCheckingInterval = Math.min(1_000, headersTimeout);
    const server = createServer(
      // Node's own refusal of a request without Host is a bare 400: refuseRequestWithoutHost answers it instead.
      { requestTimeout, headersTimeout, connectionsCheckingInterval, requireHostHeader: false },
      this.getInstance<RequestListener>(),
    );
    server.on('clientError', answerClientError);
    this.setHttpServer(server);
  }
}

/**
 * gzip for phones on weak links: pages, and the API's reads (a page of 50 orders is ~34 KB, a few KB
 * gzipped). Not the API's other answers: a token, a temporary password or a signing secret is only ever
 * in the answer to a POST, and a secret is never compressed beside what a request sent (BREACH).
 */
function worthCompressing(req: Request, res: Response): boolean {
  return (req.method === 'GET' || !isApiNamespace(req.path)) && compression.filter(req, res);
}

/** Builds the HTTP app (not yet listening): used by `npm start`, the tests (with a clock of their own) and the benchmarks alike. */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger, clock?: Clock): Promise<NestExpressApplication> {
  const adapter = new TimedExpressAdapter(config.REQUEST_TIMEOUT_SECONDS * 1000);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, clock), adapter, {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  // X-Forwarded-For is anyone's to write: believed only from the proxies TRUST_PROXY names.
  app.set('trust proxy', config.trustProxy());
  app.disable('x-powered-by');
  if (config.PUBLIC_URL !== undefined) app.set(PUBLIC_URL_SETTING, config.PUBLIC_URL);
  // Answers are no-store (API) or personal (pages): none is revalidated, so hashing every body for an ETag is waste.
  app.set('etag', false);
  app.use(requestLogger(logger));
  app.use(refuseRequestWithoutHost);
  // api.md lists /health among the routes of its base path: the check answers at /api/v1/health as well as at /health.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.path === `${API_PATH}/health`) req.url = req.url.slice(API_PATH.length);
    next();
  });
  app.use(compression({ filter: worthCompressing }));
  // The web pages: cookies, static assets and templates, all outside /api.
  setUpWebPages(app);
  // API answers are per account and often personal: no browser or proxy keeps a copy, nor reads one as another type.
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use('/api', refuseBodyNotJson);
  app.use(express.json({ limit: '100kb', strict: true, type: JSON_BODY_TYPES, verify: refuseBrokenUtf8 }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(bodyRefusals(app));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', ...PAGE_ROUTES] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableCors({ origin: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('草原先锋讲师 Grassland Pioneer Lecturer API')
      .setDescription(
        'Party branches order lectures from the course menu; lecturers take them; the scheduler matches them. Errors are RFC 9457 problem+json with stable codes.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addGlobalResponse(...PROBLEM_RESPONSES)
      .build(),
    { extraModels: [ProblemView] },
  );
  // The same operation under its second path needs an operationId of its own (OpenAPI: unique per document).
  const health = document.paths['/health']?.get;
  if (health) document.paths[`${API_PATH}/health`] = { get: { ...health, operationId: `${health.operationId}_underApiPath` } };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  // Routes are mounted by init: what none of them serves outside /api then gets the pages' own 404.
  await app.init();
  setUpPageNotFound(app);
  return app;
}
