import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { EvidenceErrors, MAX_PHOTO_BYTES, MAX_PHOTOS_PER_LECTURE } from '../../evidence/evidence.errors.js';
import { toPageError } from '../../i18n/page-errors.js';
import { sendProblem, wantsJson } from './page-renderer.js';
import { SESSION_COOKIE } from './web-session.service.js';

/** The paths whose photos come as multipart/form-data: the report form, and one photo at a time from the outbox. */
export const PHOTO_FORM_PATHS = ['/lecturer/orders/:id/complete', '/lecturer/orders/:id/evidence'];
export const PHOTO_FIELD = 'photo';

/** The upload key of a report's photo, by its place in the report: the same whether sent with the report or alone. */
export function photoKey(reportKey: string, place: number): string {
  return `${reportKey}.photo.${place}`;
}

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
    if (wantsJson(req)) return sendProblem(res, toPageError(EvidenceErrors[code]()));
    res.redirect(303, `${req.originalUrl.replace(/\/(complete|evidence)(\?.*)?$/, '')}?error=${code}`);
  });
}

/** The photos a form sent, as their bytes. */
export function uploadedPhotos(req: Request): Buffer[] {
  const files = (req as Request & { files?: Array<{ buffer: Buffer; size: number }> }).files;
  return Array.isArray(files) ? files.filter((f) => f.size > 0).map((f) => f.buffer) : [];
}
