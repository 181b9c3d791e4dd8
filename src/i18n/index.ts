/**
 * Every text a person reads, rendered from codes. Chinese today: labels of the vocabulary's codes
 * (`labels-zh.ts`) and messages of the error codes (`messages-zh.ts`). A Mongolian rendering sits
 * beside them as `labels-mn.ts` and `messages-mn.ts` with the same shapes (`Record<ErrorCode, string>`).
 */
export * from './error-codes.js';
export * from './labels-zh.js';
export * from './messages-zh.js';
