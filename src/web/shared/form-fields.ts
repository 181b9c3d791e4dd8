/** Reading HTML form posts into the API's DTOs, validated by the API's own pipe (same rules, same field errors). */
import type { Type } from '@nestjs/common';
import { strictValidationPipe } from '../../common/validation.js';

const pipe = strictValidationPipe();

/** The DTO the form describes, or VALIDATION_FAILED naming the fields, exactly as the API would answer the same JSON. */
export async function validated<T extends object>(type: Type<T>, plain: object): Promise<T> {
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  return (await pipe.transform(defined, { type: 'body', metatype: type, data: undefined })) as T;
}

export type FormBody = Record<string, unknown>;

/** A text field, trimmed; an empty one counts as not given. */
export function text(body: FormBody, name: string): string | undefined {
  const v = body[name];
  const s: unknown = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') return undefined;
  const trimmed = s.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * A field that may not be left empty once it has a value (a name): sent empty, it is '' (refused as blank), not
 * left out (which a change takes as "keep what is stored", saying 已保存 for a name cleared in vain).
 */
export function required(body: FormBody, name: string): string | undefined {
  return name in body ? (text(body, name) ?? '') : undefined;
}

/** A number field: a number when it reads as one, else the text as typed (so that validation names the field). */
export function num(body: FormBody, name: string): number | string | undefined {
  const s = text(body, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  return /^-?\d+(\.\d+)?$/.test(s) && Number.isFinite(n) ? n : s;
}

/** Checkboxes or a multiple select: every value given under the name. */
export function list(body: FormBody, name: string): string[] {
  const v = body[name];
  return ([] as unknown[])
    .concat(v ?? [])
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim());
}

/** A checkbox: on when sent. */
export function checked(body: FormBody, name: string): boolean {
  return body[name] !== undefined;
}
