import type { Request, Response } from 'express';
import multer from 'multer';
import { ImportErrors } from './imports.errors.js';

/** The largest sheet an import takes. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, fieldSize: 100 * 1024 },
}).single('file');

/**
 * The multipart field `file` (multer, held in memory up to 20 MB: the rows are then read from it as a
 * stream); undefined when the request carries none. A larger file, or anything but one file, is a 400.
 */
export function uploadedFile(req: Request, res: Response): Promise<{ buffer: Buffer; body: Record<string, unknown> } | undefined> {
  return new Promise((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        reject(err.code === 'LIMIT_FILE_SIZE' ? ImportErrors.IMPORT_FILE_TOO_LARGE() : ImportErrors.IMPORT_FILE_MISSING(err.message));
      } else if (err) {
        reject(ImportErrors.IMPORT_FILE_UNREADABLE());
      } else {
        resolve(req.file ? { buffer: req.file.buffer, body: (req.body ?? {}) as Record<string, unknown> } : undefined);
      }
    });
  });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook as a download; the Chinese file name as RFC 5987 asks, with an ASCII fallback. */
export function sendWorkbook(res: Response, body: Buffer, asciiName: string, chineseName: string): void {
  res
    .status(200)
    .setHeader('Content-Type', XLSX_TYPE)
    .setHeader('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`)
    .setHeader('Cache-Control', 'no-store')
    .send(body);
}

/** A page request whose multipart body the page upload middleware read (before the pages' guard checks its CSRF field). */
export interface UploadRequest extends Request {
  upload?: { buffer: Buffer; body: Record<string, unknown> };
  uploadError?: Error;
}

/**
 * Express middleware for the pages' upload forms: reads the multipart body first, so that its CSRF field
 * is in `req.body` when the pages' guard looks; a refused file is kept for the page to show.
 */
export function pageUploadMiddleware(req: Request, res: Response, next: () => void): void {
  uploadedFile(req, res).then(
    (upload) => {
      (req as UploadRequest).upload = upload;
      next();
    },
    (err: Error) => {
      (req as UploadRequest).uploadError = err;
      next();
    },
  );
}
