/**
 * Every text a person reads, rendered from codes, in Chinese or Mongolian (traditional script): the
 * `*-zh.ts` tables and their `*-mn.ts` twins with the same keys; `texts.ts` picks the page's language.
 */
export * from './error-codes.js';
export * from './labels-zh.js';
export * from './messages-zh.js';
export * from './page-errors.js';
export * from './language.js';
export * from './texts.js';
