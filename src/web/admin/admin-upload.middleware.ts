import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { pageUploadMiddleware } from '../../imports/upload.js';
import { WebSessionService } from '../plumbing/web-session.service.js';

/**
 * The import pages' uploads, read before the pages' guard (which checks the form's CSRF field in them), but
 * only for a signed-in admin: a stranger's body of up to 20 MB is never held in memory. Left unread, the guard
 * refuses the request without it: no session, to the login page; another role, forbidden; no CSRF field, refused.
 */
@Injectable()
export class AdminUploadMiddleware implements NestMiddleware {
  constructor(private readonly session: WebSessionService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const session = await this.session.sessionOf(req);
    if (session?.actor.role !== 'admin') return next();
    pageUploadMiddleware(req, res, next);
  }
}
