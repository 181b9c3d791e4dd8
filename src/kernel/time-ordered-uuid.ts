import { randomUUID } from 'node:crypto';

/**
 * A UUID of version 7 (RFC 9562): the first 48 bits are milliseconds since 1970, the rest random, so that rows
 * keyed by it are appended at the right edge of their primary key's index rather than on a random leaf page
 * (after each checkpoint PostgreSQL writes a page's full image to the WAL the first time the page changes).
 * Made from a random (version 4) UUID: its time fields replaced, its version digit set to 7, 74 random bits kept.
 */
export function timeOrderedUuid(ms: number): string {
  const time = Math.trunc(ms).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
