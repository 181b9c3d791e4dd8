import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommonErrors, DomainError, validationFailed } from './domain-error.js';
import { domainErrorFromDatabase } from '../database/constraint-errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  408: 'Request Timeout',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const PROBLEM_BASE = 'https://grassland-pioneer.example/problems/';

/** A request whose body or path cannot be read at all: a validation failure naming which. */
const unreadable = (field: 'body' | 'path') => validationFailed([{ field, message: `the request's ${field} could not be read` }]);

/** Nest's own HTTP exceptions (unknown route, throttling, body parser) as our codes. */
function fromHttpException(e: HttpException): DomainError {
  const status = e.getStatus();
  switch (status) {
    case 404:
      return CommonErrors.ROUTE_NOT_FOUND();
    case 405:
      return CommonErrors.METHOD_NOT_ALLOWED();
    case 413:
      return CommonErrors.PAYLOAD_TOO_LARGE();
    case 415:
      return CommonErrors.UNSUPPORTED_MEDIA_TYPE();
    case 429:
      return CommonErrors.RATE_LIMITED();
    case 401:
      return CommonErrors.UNAUTHENTICATED();
    case 403:
      return CommonErrors.FORBIDDEN();
    case 400:
      // The router's own: a path segment that is not valid percent-encoding.
      return /^Failed to decode param/.test(e.message) ? unreadable('path') : validationFailed([{ field: 'request', message: e.message }]);
    default:
      return new DomainError('HTTP_' + status, status, e.message);
  }
}

/** Express body-parser errors carry a `type`; map them before they become 500s. */
export function fromBodyParserError(err: unknown): DomainError | undefined {
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return CommonErrors.MALFORMED_JSON();
  if (type === 'entity.too.large') return CommonErrors.PAYLOAD_TOO_LARGE();
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return CommonErrors.UNSUPPORTED_MEDIA_TYPE();
  if (type === 'request.aborted' || type === 'request.size.invalid' || type === 'stream.encoding.set') return unreadable('body');
  const { status, expose } = (err ?? {}) as { status?: unknown; expose?: unknown };
  // A body that does not decompress (Content-Encoding gzip, deflate, br) comes untyped, marked only as a client error.
  if (type === undefined && status === 400 && expose === true) return unreadable('body');
  return undefined;
}

function isDatabaseDown(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return (
    code === 'ECONNREFUSED' ||
    code?.startsWith('08') === true || // connection exception: what PgBouncer answers while PostgreSQL is down
    code === '57P01' ||
    code === '57P03' ||
    code === '53300' ||
    (err instanceof Error && /Connection terminated|timeout exceeded when trying to connect/.test(err.message))
  );
}

/** Turns any thrown value into the problem+json the error belongs to. */
export function toProblem(err: unknown): DomainError {
  if (err instanceof DomainError) return err as DomainError;
  const parsed = fromBodyParserError(err);
  if (parsed) return parsed;
  if (err instanceof HttpException) return fromHttpException(err);
  const fromDb = domainErrorFromDatabase(err);
  if (fromDb) return fromDb;
  if (isDatabaseDown(err)) return CommonErrors.SERVICE_UNAVAILABLE();
  return CommonErrors.INTERNAL_ERROR();
}

/** The reason phrase of a problem's status, also its `title`. */
export const problemTitle = (status: number): string => TITLES[status] ?? 'Error';

/** A problem as RFC 9457 problem+json; `instance` is the URL asked for, where there was one to read. */
export function problemJson(problem: DomainError, instance?: string): Record<string, unknown> {
  return {
    type: PROBLEM_BASE + problem.code.toLowerCase().replace(/_/g, '-'),
    title: problemTitle(problem.status),
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    ...(instance === undefined ? {} : { instance }),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

export function sendProblem(res: Response, req: Request, problem: DomainError): void {
  if (res.headersSent) return;
  if (problem.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  // RFC 6750: a 401 names the scheme that would be let in.
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(problem.status).type('application/problem+json').json(problemJson(problem, req.originalUrl));
}

/** Every error leaves as RFC 9457 problem+json with a stable code. A 500 is logged as the bug it is. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const problem = toProblem(err);
    if (problem.status >= 500) this.logger.error({ err, url: req.originalUrl, method: req.method }, 'request failed');
    sendProblem(http.getResponse<Response>(), req, problem);
  }
}
