import { isUtf8 } from 'node:buffer';

/**
 * A JSON body is UTF-8 (RFC 8259) unless its Content-Type names another charset. Bytes that are not UTF-8 would
 * be read as U+FFFD and stored so; refused instead as the malformed JSON they are. express.json's `verify`, which
 * is handed the charset body-parser worked out from the header.
 */
export function refuseBrokenUtf8(_req: unknown, _res: unknown, body: Buffer, charset: string): void {
  if (charset === 'utf-8' && !isUtf8(body)) throw Object.assign(new Error('the body is not valid UTF-8'), { type: 'entity.parse.failed' });
}
