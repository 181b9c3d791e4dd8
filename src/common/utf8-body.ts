import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

/**
 * A JSON body is UTF-8 (RFC 8259) unless its Content-Type names another charset. Bytes that are not UTF-8 would
 * be read as U+FFFD and stored so; refused instead as the malformed JSON they are (express.json's `verify`).
 */
export function refuseBrokenUtf8(req: IncomingMessage, _res: unknown, body: Buffer): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  if ((charset === 'utf-8' || charset === 'utf8') && !isUtf8(body)) {
    throw Object.assign(new Error('the body is not valid UTF-8'), { type: 'entity.parse.failed' });
  }
}
