/** Errors and notices as a person reads them on a page, in the page's language. */
import { DomainError } from '../common/domain-error.js';
import { toProblem } from '../common/problem.filter.js';
import type { ErrorCode } from './error-codes.js';
import { MESSAGES_ZH } from './messages-zh.js';
import { currentLanguage } from './language.js';
import { RULE_ZH } from './scheduling-zh.js';
import type { RuleCode } from '../scheduling/solver/types.js';
import { pageText, texts } from './texts.js';

/** An error as the person reads it: the code's message (or a generic one), and the fields to fix. */
export interface PageError {
  code: string;
  status: number;
  message: string;
  /** The fields to fix, in the page's language. */
  fields: string[];
  /** The same fields by their form names. */
  fieldNames: string[];
  /** The hard rules that refused a take (claim, offer), if that was the refusal. */
  rules: RuleCode[];
}

/** A hard rule's code, as a refusal names it; anything else (a query's) is dropped. */
const isRule = (r: unknown): r is RuleCode => typeof r === 'string' && Object.hasOwn(RULE_ZH, r);

/** The code's message, with the rules that refused it said where the page speaks Chinese (their words are Chinese only). */
function messageWith(code: string, rules: RuleCode[]): string {
  const message = messageOf(code);
  return rules.length === 0 || currentLanguage() !== 'zh' ? message : `${message}原因：${rules.map((r) => RULE_ZH[r]).join('；')}。`;
}

/** Whether a code (from a thrown error or a query) is one of ours. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(MESSAGES_ZH, code);
}

export function messageOf(code: string): string {
  const { messages } = texts();
  return isErrorCode(code) ? messages[code] : messages.INTERNAL_ERROR;
}

/** The field a validation error names, in the page's language: `weekly.2.from` → `每周可授课时间`. */
export function fieldLabel(field: string): string {
  const top = field.split('.')[0];
  const { fields } = texts();
  return Object.hasOwn(fields, top) ? fields[top] : top;
}

/** A limit's refusal says how long to wait, in whole minutes: a locked login may wait up to an hour, not "a minute". */
const retryMessage = (seconds: number): string =>
  pageText('problem.retryIn', { wait: pageText('common.minutes', { n: Math.ceil(seconds / 60) }) });

export function toPageError(err: unknown): PageError {
  const problem: DomainError = toProblem(err);
  const fieldNames = [...new Set((problem.errors ?? []).map((e) => e.field.split('.')[0]))];
  const named = (problem as { rules?: unknown }).rules;
  const rules = Array.isArray(named) ? named.filter(isRule) : [];
  return {
    code: problem.code,
    status: problem.status,
    message: problem.retryAfterSeconds === undefined ? messageWith(problem.code, rules) : retryMessage(problem.retryAfterSeconds),
    fields: [...new Set(fieldNames.map(fieldLabel))],
    fieldNames,
    rules,
  };
}

/** A message carried to the next page in its query (`?done=` or `?error=&field=`): only known codes and fields are shown. */
export interface Notice {
  kind: 'done' | 'error';
  message: string;
  fields: string[];
  /** The same fields by their form names, for the page to mark them (fields.js). */
  fieldNames?: string[];
}

export function noticeOf(query: Record<string, unknown>): Notice | undefined {
  const t = texts();
  const done = query.done;
  if (typeof done === 'string' && Object.hasOwn(t.done, done)) return { kind: 'done', message: t.done[done], fields: [] };
  const error = query.error;
  if (typeof error !== 'string' || !isErrorCode(error)) return undefined;
  const fieldNames = ([] as unknown[])
    .concat(query.field ?? [])
    .filter((f): f is string => typeof f === 'string' && Object.hasOwn(t.fields, f));
  const rules = ([] as unknown[]).concat(query.rule ?? []).filter(isRule);
  return { kind: 'error', message: messageWith(error, rules), fields: fieldNames.map(fieldLabel), fieldNames };
}

/** A refusal as RFC 9457 problem details in the page's language, for a form the pages' outbox sent by script (it shows title and detail to the person). */
export interface PageProblem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  code: string;
  /** The fields to fix, in the page's language. */
  fields: string[];
}

export function pageProblem(error: PageError): PageProblem {
  const title = pageText(
    error.status === 401
      ? 'problem.signInAgain'
      : error.status === 404
        ? 'error.notFoundTitle'
        : error.status >= 500
          ? 'problem.serverError'
          : 'problem.refused',
  );
  return { type: 'about:blank', title, status: error.status, detail: error.message, code: error.code, fields: error.fields };
}

/** The query that carries an error to the next page. */
export function errorQuery(error: PageError): string {
  const params = new URLSearchParams({ error: error.code });
  for (const f of error.fieldNames) params.append('field', f);
  for (const r of error.rules) params.append('rule', r);
  return params.toString();
}
