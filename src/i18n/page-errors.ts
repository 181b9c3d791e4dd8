/** Errors and notices as a person reads them on a page, in the page's language. */
import { DomainError } from '../common/domain-error.js';
import { toProblem } from '../common/problem.filter.js';
import type { ErrorCode } from './error-codes.js';
import { reasonKeyOf, reasonZh } from './field-reasons-zh.js';
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
  /** Why fields were refused, where the message is of a kind a page can say (`field-reasons-zh.ts`). */
  reasons: FieldReason[];
}

/** Why one field (by its form name) was refused, as a key of `field-reasons-zh.ts`. */
export interface FieldReason {
  field: string;
  why: string;
}

/** A hard rule's code, as a refusal names it; anything else (a query's) is dropped. */
const isRule = (r: unknown): r is RuleCode => typeof r === 'string' && Object.hasOwn(RULE_ZH, r);

/**
 * Where the rules that refused a take are said, what leads them instead of the code's own message: "该讲师不符合此订单
 * 的要求（专题、语言…）" lists every rule there is, in the third person, to the lecturer who claimed too.
 */
const LEAD_BEFORE_RULES_ZH: Partial<Record<ErrorCode, string>> = { LECTURER_NOT_ELIGIBLE: '不符合授课条件。' };
/** Rules a code's own message already says ("讲师已有其他授课安排"): not said twice. */
const SAID_BY_CODE: Partial<Record<ErrorCode, readonly RuleCode[]>> = { LECTURER_BUSY: ['booking'] };

/** The code's message, with the rules that refused it said where the page speaks Chinese (their words are Chinese only). */
function messageWith(code: string, rules: RuleCode[]): string {
  const known = isErrorCode(code);
  const unsaid = rules.filter((r) => !(known && SAID_BY_CODE[code]?.includes(r)));
  if (unsaid.length === 0 || currentLanguage() !== 'zh') return messageOf(code);
  const lead = (known ? LEAD_BEFORE_RULES_ZH[code] : undefined) ?? messageOf(code);
  return `${lead}原因：${unsaid.map((r) => RULE_ZH[r]).join('；')}。`;
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
  const reasons = (problem.errors ?? []).flatMap((e) => {
    const why = reasonKeyOf(e.message);
    return why === undefined ? [] : [{ field: e.field.split('.')[0], why }];
  });
  return {
    code: problem.code,
    status: problem.status,
    message: problem.retryAfterSeconds === undefined ? messageWith(problem.code, rules) : retryMessage(problem.retryAfterSeconds),
    fields: [...new Set(fieldNames.map(fieldLabel))],
    fieldNames,
    rules,
    reasons,
  };
}

/**
 * An empty field fails its length rules too (不能为空 beside 最多 200 个字符; an absent one, 至少 8 beside 最多 200;
 * an absent number, 不能小于 1 beside 不能大于 100000): it is said to be empty, and only that.
 */
function emptyOrAsSaid(whys: string[]): string[] {
  const failsBoth = (low: string, high: string) => whys.some((w) => w.startsWith(low)) && whys.some((w) => w.startsWith(high));
  return whys.includes('blank') || failsBoth('tooShort.', 'tooLong.') || failsBoth('atLeast.', 'atMost.') ? ['blank'] : whys;
}

/**
 * Each field of `fieldNames` as the notice lists it: "新密码：两次输入的不一致" where its reason can be said (in
 * Chinese), the field alone otherwise (under 请检查). Reasons of fields not among them (a query typed by hand) are dropped.
 */
export function explainedFields(
  fieldNames: readonly string[],
  reasons: readonly FieldReason[],
  labels: Readonly<Record<string, string>> = {},
): { explained: ExplainedField[]; fields: string[] } {
  const label = (field: string) => labels[field] ?? fieldLabel(field);
  const whys = new Map<string, string[]>();
  for (const r of reasons) if (fieldNames.includes(r.field)) whys.set(r.field, [...(whys.get(r.field) ?? []), r.why]);
  const said = new Map<string, string[]>();
  if (currentLanguage() === 'zh')
    for (const [field, keys] of whys) {
      const texts = [...new Set(emptyOrAsSaid(keys).map(reasonZh))].filter((t) => t !== undefined);
      if (texts.length > 0) said.set(field, texts);
    }
  return {
    explained: [...said].map(([field, texts]) => ({ field, text: `${label(field)}：${texts.join('；')}` })),
    fields: [...new Set(fieldNames.filter((f) => !said.has(f)).map(label))],
  };
}

/** A field refused with its reason said ("新密码：两次输入的不一致"), by its form name so that the page can show it beside the field. */
export interface ExplainedField {
  field: string;
  text: string;
}

/** A message carried to the next page in its query (`?done=` or `?error=&field=`): only known codes and fields are shown. */
export interface Notice {
  kind: 'done' | 'error';
  message: string;
  /** Fields refused with the reason said. */
  explained?: ExplainedField[];
  /** Fields to check, in the page's language, whose reason is not said. */
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
  const reasons = ([] as unknown[])
    .concat(query.why ?? [])
    .filter((w): w is string => typeof w === 'string')
    .map((w) => ({ field: w.slice(0, w.indexOf(':')), why: w.slice(w.indexOf(':') + 1) }));
  return { kind: 'error', message: messageWith(error, rules), ...explainedFields(fieldNames, reasons), fieldNames };
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
  const { explained, fields } = explainedFields(error.fieldNames, error.reasons);
  return {
    type: 'about:blank',
    title,
    status: error.status,
    detail: [error.message, ...explained.map((e) => e.text)].join(' '),
    code: error.code,
    fields,
  };
}

/** The query that carries an error to the next page. */
export function errorQuery(error: PageError): string {
  const params = new URLSearchParams({ error: error.code });
  for (const f of error.fieldNames) params.append('field', f);
  for (const r of error.rules) params.append('rule', r);
  for (const r of error.reasons) params.append('why', `${r.field}:${r.why}`);
  return params.toString();
}
