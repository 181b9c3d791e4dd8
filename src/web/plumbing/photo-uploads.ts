import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { MAX_PHOTO_BYTES, MAX_PHOTOS_PER_LECTURE } from '../../evidence/evidence.errors.js';
import { SESSION_COOKIE } from './web-session.service.js';

/** The report form's path: its photos come as multipart/form-data. */
export const REPORT_FORM_PATH = '/lecturer/orders/:id/complete';
export const PHOTO_FIELD = 'photo';

const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS_PER_LECTURE } }).array(
  PHOTO_FIELD,
  MAX_PHOTOS_PER_LECTURE,
);

/**
 * Reads the report form's multipart body before the page guard checks its CSRF field (Nest's own
 * interceptors would run after it). A photo over the limit sends the lecturer back to the form with
 * the reason, nothing done (a page without JavaScript sends photos as the camera made them).
 */
export function reportFormUploads(req: Request, res: Response, next: NextFunction): void {
  // No one without a session makes the server hold megabytes: the guard refuses such a request unread.
  if (!(req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE]) return next();
  parse(req, res, (err: unknown) => {
    if (!err) return next();
    if (!(err instanceof multer.MulterError)) return next(err);
    const code = err.code === 'LIMIT_FILE_SIZE' ? 'EVIDENCE_PHOTO_TOO_LARGE' : 'EVIDENCE_LIMIT_REACHED';
    // Unread bytes of the upload are dropped with the connection's keep-alive: the browser shows the page it is sent to.
    res.setHeader('Connection', 'close');
    res.redirect(303, `${req.originalUrl.replace(/\/complete(\?.*)?$/, '')}?error=${code}`);
  });
}

/** The photos a form sent, as their bytes. */
export function uploadedPhotos(req: Request): Buffer[] {
  const files = (req as Request & { files?: Array<{ buffer: Buffer; size: number }> }).files;
  return Array.isArray(files) ? files.filter((f) => f.size > 0).map((f) => f.buffer) : [];
}
