import type { NextFunction, Request, Response } from 'express';
import { CommonErrors } from './domain-error.js';
import { sendProblem } from './problem.filter.js';

/** The JSON types the API's parser reads (express.json's `type`). */
export const JSON_BODY_TYPES = ['application/json', 'application/*+json'];
/** What an API body may be: JSON, or multipart for the uploads (UnreadInputs keeps multipart to the upload routes). */
const API_BODY_TYPES = [...JSON_BODY_TYPES, 'multipart/form-data'];

/**
 * An API request with a body of another type (text/plain, a form, none named) is refused with 415. The JSON
 * parser passes such a body by unread, so the handler saw an empty body: `{"dryRun": true}` sent as text/plain
 * became a real scheduling run, its offers made.
 */
export function refuseBodyNotJson(req: Request, res: Response, next: NextFunction): void {
  // null: the request has no body; false: it has one of another type, or of no named type. An empty body
  // (Content-Length: 0, as clients send a POST without one) is no body whatever its type.
  const empty = req.headers['content-length'] === '0';
  if (!empty && req.is(API_BODY_TYPES) === false) return sendProblem(res, req, CommonErrors.UNSUPPORTED_MEDIA_TYPE());
  next();
}
