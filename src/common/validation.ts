import { type ArgumentMetadata, applyDecorators, ParseUUIDPipe, Param, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidatorOptions,
} from 'class-validator';
import { validationFailed, type FieldError } from './domain-error.js';
import { INSTANT_PATTERN, isRealInstant } from './period.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Text PostgreSQL cannot store (a NUL character, half of a surrogate pair): a 400 here rather than a 500 from the database. */
// eslint-disable-next-line no-control-regex -- matching the NUL character is the point of this pattern
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (v: unknown) => typeof v === 'string' && UNSTORABLE_TEXT.test(v);
/** Whether PostgreSQL can store (and compare) the text: for inputs that do not pass through a DTO, such as a cursor's keys. */
export const isStorableText = (v: string): boolean => !UNSTORABLE_TEXT.test(v);

const NONE: ReadonlySet<string> = new Set();
/** Per DTO prototype, the fields marked `@NullAllowed()`. */
const NULL_ALLOWED = new WeakMap<object, Set<string>>();

/** A field where null says something of its own (an admin's scope: null = the whole city), exempt from the rule below. */
export function NullAllowed(): PropertyDecorator {
  return (prototype, property) => {
    const fields = NULL_ALLOWED.get(prototype) ?? new Set<string>();
    fields.add(String(property));
    NULL_ALLOWED.set(prototype, fields);
  };
}

/**
 * What the DTOs' decorators do not say, for every input at once: no field takes null (a field is given or
 * left out; `@IsOptional()` alone would let null through to the services), and no text holds what the
 * database cannot store. Nested objects and arrays of objects are checked too.
 */
function inputRuleErrors(value: object, nullAllowed: ReadonlySet<string> = NONE): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const [property, v] of Object.entries(value) as Array<[string, unknown]>) {
    const constraints: Record<string, string> = {};
    if (v === null && !nullAllowed.has(property)) constraints.isNotNull = `${property} must not be null; leave it out instead`;
    if (unstorable(v) || (Array.isArray(v) && v.some(unstorable))) constraints.isStorableText = unstorableProblem(property).message;
    const children = Array.isArray(v)
      ? (v as unknown[])
          .flatMap((item: unknown, i) =>
            item !== null && typeof item === 'object' ? [{ property: String(i), children: inputRuleErrors(item) }] : [],
          )
          .filter((c) => c.children.length > 0)
      : v !== null && typeof v === 'object'
        ? inputRuleErrors(v)
        : [];
    if (Object.keys(constraints).length > 0 || children.length > 0) errors.push({ property, constraints, children });
  }
  return errors;
}

/** Adds `extra` errors to `into`, except where `into` already blames the same property. */
function mergeErrors(into: ValidationError[], extra: ValidationError[]): ValidationError[] {
  for (const e of extra) {
    const same = into.find((x) => x.property === e.property);
    if (!same) into.push(e);
    else if (e.children?.length) same.children = mergeErrors(same.children ?? [], e.children);
  }
  return into;
}

/** Deeper than any DTO goes; refused before anything walks the input recursively (a stack overflow would be a 500). */
const MAX_DEPTH = 16;

/**
 * Keys that name an object's prototype machinery, never a field: refused by name. Whitelisting misses them (a DTO
 * instance has `toString`, `valueOf`, `hasOwnProperty`… through its prototype, so they passed as known fields).
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The first problem with the input's shape (nested too deep, a prototype key), found without recursion; undefined if none. */
function shapeProblem(value: unknown): FieldError | undefined {
  const stack: Array<{ v: unknown; path: string[] }> = [{ v: value, path: [] }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (top.v === null || typeof top.v !== 'object') continue;
    const field = top.path.join('.');
    if (top.path.length >= MAX_DEPTH) return { field, message: `${top.path[0]} is nested deeper than ${MAX_DEPTH} levels` };
    for (const [key, child] of Object.entries(top.v)) {
      const path = [...top.path, key];
      if (PROTOTYPE_KEYS.has(key)) return { field: path.join('.'), message: `${key} is not an accepted field name` };
      stack.push({ v: child, path });
    }
  }
  return undefined;
}

const unstorableProblem = (field: string): FieldError => ({
  field,
  message: `${field} must not contain NUL characters or unpaired surrogates`,
});

/** The first problem with a path parameter (a sign-in code, a feed's file name): text the database cannot compare. */
function paramProblem(value: unknown, name = 'path'): FieldError | undefined {
  return unstorable(value) ? unstorableProblem(name) : undefined;
}

/** The first text anywhere in `value` (a query, a form) that the database cannot store, named by its path; found without recursion. */
export function unstorableTextProblem(value: unknown): FieldError | undefined {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: '' }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (unstorable(top.v)) return unstorableProblem(top.path);
    if (top.v === null || typeof top.v !== 'object') continue;
    for (const [key, child] of Object.entries(top.v)) stack.push({ v: child, path: top.path ? `${top.path}.${key}` : key });
  }
  return undefined;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problem =
      metadata.type === 'body' || metadata.type === 'query'
        ? shapeProblem(value)
        : metadata.type === 'param'
          ? paramProblem(value, metadata.data)
          : undefined;
    if (problem !== undefined) throw validationFailed([problem]);
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    if (Array.isArray(object)) return super.validate(object, validatorOptions);
    const ruleErrors = inputRuleErrors(object, NULL_ALLOWED.get(Object.getPrototypeOf(object) as object));
    return mergeErrors(await this.decoratorErrors(object, validatorOptions, ruleErrors.length > 0), ruleErrors);
  }

  /**
   * The DTO's decorators' errors. Some validators throw on text they were not written for (isEmail on half a
   * surrogate pair: a URIError); when the input already broke a rule of ours, that rule's 400 answers instead.
   */
  private async decoratorErrors(object: object, options: ValidatorOptions | undefined, brokeOurRules: boolean): Promise<ValidationError[]> {
    try {
      return await super.validate(object, options);
    } catch (err) {
      if (brokeOurRules) return [];
      throw err;
    }
  }
}

/**
 * A whole number in a query, as a person or a client writes it: decimal digits with an optional minus. `1e2`,
 * `0x10` or ` 5` (which `Number` reads as 100, 16 and 5) become NaN, which @IsInt refuses naming the parameter.
 */
export const QueryInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value === undefined ? value : NaN,
  );

/** The one global pipe: unknown fields are errors, null and unstorable text too, values are converted to the DTO's types. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. Lower-cased, as the database gives ids back. */
export const UuidParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => validationFailed([{ field: name, message: `${name} must be a UUID` }]) }), {
    transform: (id: string) => id.toLowerCase(),
  });

const lowerCased = (value: unknown): unknown =>
  typeof value === 'string' ? value.toLowerCase() : Array.isArray(value) ? value.map(lowerCased) : value;

/**
 * An id (a UUID, or with `each` a list of them) in a body or query, lower-cased as the database gives ids back: one
 * sent in capitals is stored, echoed and compared as the same id (the pages had lost a named lecturer so sent).
 */
export const IsId = (options?: { each?: boolean }): PropertyDecorator =>
  applyDecorators(
    IsUUID('all', options),
    Transform(({ value }: { value: unknown }) => lowerCased(value)),
  );

/** An ISO 8601 date-time with an offset (a point in time) that names a real calendar instant. */
export function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && INSTANT_PATTERN.test(value) && isRealInstant(value),
      defaultMessage: (args) => `${args?.property} must be an ISO 8601 date-time with offset, e.g. 2026-06-01T09:00:00+08:00`,
    },
  });
}

/**
 * Characters that change how the text around them is shown without being seen: controls (but line breaks and tabs)
 * and the bidirectional embeddings, overrides and isolates, with which a name can be made to read as another
 * (`U+202E` turns what follows around) or a bell and escape codes ride along into lists, exports and logs.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const HIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Text without characters that change how it is shown unseen (HIDDEN_CONTROL). */
const HasNoHiddenControls = (): PropertyDecorator =>
  ValidateBy({
    name: 'hasNoHiddenControls',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !HIDDEN_CONTROL.test(value),
      defaultMessage: (args) => `${args?.property} must not contain control characters or text direction overrides`,
    },
  });

/**
 * Text that must say something (a name, a title, a reason): not empty, not only spaces, nothing shown unseen, at most
 * `max` characters.
 */
export const IsFilledText = (max: number): PropertyDecorator =>
  applyDecorators(IsString(), HasVisibleText(), HasNoHiddenControls(), MaxLength(max));

/**
 * At least one character a person can see: not only spaces, nor only invisible ones (zero-width spaces, a BOM,
 * controls), letters drawn blank (the Hangul fillers, the blank Braille pattern) or marks with nothing to sit on.
 */
const VISIBLE_CHARACTER = /[^\s\p{Cf}\p{Cc}\p{M}\u115f\u1160\u3164\uffa0\u2800]/u;

/** Whether the text holds a character a person can see (what a name, a title or a cell must). */
export const hasVisibleCharacter = (text: string): boolean => VISIBLE_CHARACTER.test(text);

/** Text (or, with `each`, every text of a list) holding a character a person can see. */
export const HasVisibleText = (options: { each?: boolean } = {}): PropertyDecorator =>
  Matches(VISIBLE_CHARACTER, { ...options, message: (args) => `${args.property} must not be empty, only spaces or invisible characters` });

/**
 * A list (at most 100 items, as every list in the contract) of `type`'s objects, each validated as one. Each must
 * be an object: ValidateNested alone walks into an element that is itself a list, so `[[]]` passed with nothing
 * checked.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-transformer's Type takes any class
export const NestedList = (type: () => Function): PropertyDecorator =>
  applyDecorators(IsArray(), ArrayMaxSize(100), IsObject({ each: true }), ValidateNested({ each: true }), Type(type));

/** One object of `type`'s, validated as one (not a list of them, which ValidateNested alone would walk into). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-transformer's Type takes any class
export const NestedObject = (type: () => Function): PropertyDecorator => applyDecorators(IsObject(), ValidateNested(), Type(type));

/** A field that only makes sense beside `other` (a latitude beside its longitude): given alone, it is a 400. */
export const GivenWith = (other: string): PropertyDecorator =>
  ValidateBy({
    name: 'givenWith',
    validator: {
      validate: (_value, args) => (args?.object as Record<string, unknown>)[other] !== undefined,
      defaultMessage: (args) => `${args?.property} must be given together with ${other}`,
    },
  });

/** The pattern of an office's own code (编码): letters, digits and `. _ -`, 1–64 of them (as imports read it). */
export const CODE_PATTERN = /^[\p{L}\p{N}._-]{1,64}$/u;

/** An optional code (编码) on a create or update body: unique per kind, what imports match rows on. */
export const OptionalCode = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ maxLength: 64, example: 'XEQ-001', description: "the office's own code, unique per kind (编码)" }),
    IsOptional(),
    Matches(CODE_PATTERN, { message: 'code must be 1-64 letters, digits or . _ -' }),
  );
