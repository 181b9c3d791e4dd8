import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { CommonErrors, validationFailed } from './domain-error.js';
import { isApiPath } from './request-url.js';

/** The argument keys Nest records for a handler's `@Body()` and `@Query()` parameters start with these. */
const BODY_ARGUMENT = `${RouteParamtypes.BODY}:`;
const QUERY_ARGUMENT = `${RouteParamtypes.QUERY}:`;

const ANY_QUERY = 'anyQuery';
/**
 * A route whose query string is not the API client's to fill: a calendar feed is fetched by calendar apps, and
 * what they add to a subscribed URL is theirs.
 */
export const AnyQuery = (): MethodDecorator => SetMetadata(ANY_QUERY, true);

const TAKES_UPLOAD = 'takesUpload';
/** A route whose body is a multipart upload (an evidence photo, an import file); every other route refuses one. */
export const TakesUpload = (): MethodDecorator => SetMetadata(TAKES_UPLOAD, true);

/** What a handler reads of the request, besides its path. */
interface Reads {
  body: boolean;
  query: boolean;
  upload: boolean;
}

/**
 * An API route that takes no body (mark read, log out, rotate a link) refuses a body with fields, and one that
 * takes no query refuses query parameters, as a route with a DTO refuses the fields it does not know: the global
 * pipe only sees what handlers ask for. Without this, `POST /scheduling/runs?dryRun=true` made a real run. A
 * multipart body is refused (415) but on the upload routes.
 */
@Injectable()
export class UnreadInputs implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  /** Per handler, from Nest's metadata once. */
  private readonly reads = new WeakMap<object, Reads>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      if (isApiPath(req.path)) {
        const reads = this.readsOf(context);
        // Only an upload route reads multipart: elsewhere its fields would go unread and the handler see an empty body.
        if (!reads.upload && req.is('multipart/form-data')) throw CommonErrors.UNSUPPORTED_MEDIA_TYPE();
        // An empty array has no fields to name, yet is a body all the same (`[]` to mark-all-read marked all read).
        if (!reads.body && Array.isArray(req.body)) throw validationFailed([{ field: 'body', message: 'the body must be a JSON object' }]);
        const unread = [...(reads.body ? [] : fieldsOf(req.body)), ...(reads.query ? [] : fieldsOf(req.query))];
        if (unread.length > 0) throw unreadFields(unread);
      }
    }
    return next.handle();
  }

  private readsOf(context: ExecutionContext): Reads {
    const handler = context.getHandler();
    let reads = this.reads.get(handler);
    if (reads === undefined) {
      const keys = Object.keys((Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as object);
      reads = {
        body: keys.some((key) => key.startsWith(BODY_ARGUMENT)),
        query: keys.some((key) => key.startsWith(QUERY_ARGUMENT)) || this.reflector.get<boolean>(ANY_QUERY, handler) === true,
        upload: this.reflector.get<boolean>(TAKES_UPLOAD, handler) === true,
      };
      this.reads.set(handler, reads);
    }
    return reads;
  }
}

/** The 400 for fields a route does not read, each named, as the global pipe names a DTO's unknown fields. */
export function unreadFields(fields: string[]): Error {
  return validationFailed(fields.map((field) => ({ field, message: `property ${field} should not exist` })));
}

/** The fields of a parsed JSON body or query (none for no body or an empty object). */
function fieldsOf(input: unknown): string[] {
  return input !== null && typeof input === 'object' ? Object.keys(input) : [];
}
