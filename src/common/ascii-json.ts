/**
 * JSON text with every character beyond ASCII written as a `\uXXXX` escape (two for a character beyond the BMP,
 * as its UTF-16 halves), lowercase hex: the same value as JSON.stringify's text, in ASCII only.
 *
 * Why: the stored order views (`order_views`) are written out as they stand on every list page. Read from
 * PostgreSQL as UTF-8 with Chinese titles in them, Node decodes a page into a two-byte string and encodes it
 * back for the socket (~0.1 ms of the app's single thread per 50-order page); an ASCII page is copied both ways.
 * The database's `json_ascii` (migration AsciiOrderViews) escapes exactly the same way; a medium test compares.
 */
export function asciiJson(value: unknown): string {
  return escapeNonAscii(JSON.stringify(value));
}

const NON_ASCII = /[\u0080-\uffff]/g;

/** JSON text (or any text) with each UTF-16 unit beyond ASCII as `\uXXXX`. */
export function escapeNonAscii(text: string): string {
  return text.replace(NON_ASCII, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
