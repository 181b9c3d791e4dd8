import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { validationFailed } from '../../common/domain-error.js';
import { unstorableTextProblem } from '../../common/validation.js';

/**
 * Text the database cannot hold (a NUL character, half of a surrogate pair) is a 400 on the pages as on the API.
 * The API's DTOs check their own fields (the global pipe); the pages read their queries and forms by hand (a
 * login's username, a search box), so a page's query and parsed form are checked here, before its handler.
 */
@Injectable()
export class StorablePageInput implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      const problem = unstorableTextProblem(req.query) ?? unstorableTextProblem(req.body);
      if (problem !== undefined) throw validationFailed([problem]);
    }
    return next.handle();
  }
}
