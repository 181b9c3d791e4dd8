import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { validationFailed } from './domain-error.js';
import { API_PATH } from './request-url.js';

/** The argument keys Nest records for a handler's `@Body()` parameters start with this. */
const BODY_ARGUMENT = `${RouteParamtypes.BODY}:`;

/**
 * An API route that takes no body (mark read, log out, rotate a link) refuses a body with fields, as a route
 * with a DTO refuses the fields it does not know: the global pipe only sees the bodies handlers ask for.
 */
@Injectable()
export class BodylessRoutes implements NestInterceptor {
  /** Per handler: whether it has a `@Body()` parameter (read from Nest's metadata once). */
  private readonly readsBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      const fields = fieldsOf(req.body);
      if (fields.length > 0 && req.path.startsWith(`${API_PATH}/`) && !this.handlerReadsBody(context))
        throw validationFailed(fields.map((field) => ({ field, message: `property ${field} should not exist` })));
    }
    return next.handle();
  }

  private handlerReadsBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let reads = this.readsBody.get(handler);
    if (reads === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as object;
      reads = Object.keys(args).some((key) => key.startsWith(BODY_ARGUMENT));
      this.readsBody.set(handler, reads);
    }
    return reads;
  }
}

/** The fields of a parsed JSON body (none for no body or an empty object). */
function fieldsOf(body: unknown): string[] {
  return body !== null && typeof body === 'object' ? Object.keys(body) : [];
}
