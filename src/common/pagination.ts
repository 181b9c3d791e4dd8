import { createHash } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { validationFailed } from './domain-error.js';
import { QueryInteger, isStorableText } from './validation.js';

const CURSOR_DESCRIPTION =
  'opaque: the nextCursor of the previous page, instead of offset; a cursor page costs the same however deep, and leaves total out';

/** The most rows a page may ask for. */
export const MAX_PAGE_LIMIT = 200;
/** The deepest offset a page may start at: deeper, a cursor costs the same and an offset scan does not. */
const MAX_PAGE_OFFSET = 1_000_000;

/** `?limit=` with `?offset=` or `?cursor=` on every list: default 50, at most 200. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = 50;

  /** Left unset rather than defaulted, so that a cursor given with an offset is told apart (0 when neither). */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_PAGE_OFFSET, default: 0 })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset?: number;

  @ApiPropertyOptional({ description: CURSOR_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @ValidateBy({
    name: 'cursorWithoutOffset',
    validator: {
      validate: (_cursor, args) => (args?.object as PageQuery).offset === undefined,
      defaultMessage: () => 'cursor and offset cannot be used together',
    },
  })
  cursor?: string;
}

/** A page of a list. `nextCursor` is null on the last page; `total` is counted for an offset page and left out for a cursor page. */
export interface Page<T> {
  items: T[];
  total?: number;
  nextCursor: string | null;
}

/**
 * A page whose items are already the API's JSON: their texts joined by commas, as they stand in the answer's
 * array ('' for none), so the answer is written around them without parsing them again.
 */
export interface JsonPage {
  itemsJson: string;
  total?: number;
  nextCursor: string | null;
}

/** The page as the API's answer. */
export function pageJson(page: JsonPage): string {
  const total = page.total === undefined ? '' : `,"total":${page.total}`;
  return `{"items":[${page.itemsJson}],"nextCursor":${JSON.stringify(page.nextCursor)}${total}}`;
}

/** A page of JSON texts made into a JsonPage. */
export function jsonPage({ items, ...rest }: Page<string>): JsonPage {
  return { ...rest, itemsJson: items.join(',') };
}

/** The page with its items read back as values (for the pages, which render them). */
export function parsedPage<T>({ itemsJson, ...rest }: JsonPage): Page<T> {
  return { ...rest, items: JSON.parse(`[${itemsJson}]`) as T[] };
}

/** What every list's page schema says besides its items (the DTOs' page classes extend it). */
export class PageFields {
  @ApiPropertyOptional({ description: 'every row the list holds; counted for an offset page, left out for a cursor page' })
  total?: number;

  @ApiProperty({ type: String, nullable: true, description: 'pass as ?cursor= for the next page; null on the last page' })
  nextCursor: string | null;
}

/**
 * One column of a list's sort, the last one unique (the id). Its kind says what the cursor holds for it:
 * a timestamp as whole microseconds since the epoch (exactly what PostgreSQL stores), text, an integer or a uuid.
 */
export interface SortColumn {
  sql: string;
  kind: 'timestamp' | 'text' | 'int' | 'uuid';
  desc?: boolean;
}

export type SortKey = ReadonlyArray<string | number>;

/** Where a page starts, in its list's sort: after the row a cursor names, or at an offset. */
export type PageStart = { limit: number; sort: readonly SortColumn[] } & ({ after: SortKey } | { offset: number });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fits: Record<SortColumn['kind'], (v: unknown) => boolean> = {
  timestamp: (v) => Number.isSafeInteger(v),
  int: (v) => Number.isSafeInteger(v),
  text: (v) => typeof v === 'string' && v.length <= 1000 && isStorableText(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
};

function badCursor(): Error {
  return validationFailed([{ field: 'cursor', message: 'cursor is not one this list gave out' }]);
}

/**
 * Which list a cursor is of: its sort, as SQL (every list sorts by its own table's columns). Another list's key can
 * have the very shape of this one's (a time and an id), so the shape alone let an inbox's cursor page the orders.
 */
function sortTag(sort: readonly SortColumn[]): string {
  return createHash('sha256').update(orderBySql(sort)).digest('base64url').slice(0, 8);
}

export function encodeCursor(key: SortKey, sort: readonly SortColumn[]): string {
  return Buffer.from(JSON.stringify([sortTag(sort), ...key])).toString('base64url');
}

/** The sort key a cursor of this list holds, checked against the list's sort: anything else is 400 VALIDATION_FAILED. */
export function decodeCursor(cursor: string, sort: readonly SortColumn[]): SortKey {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let tagged: unknown;
  try {
    tagged = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(tagged) || tagged[0] !== sortTag(sort)) throw badCursor();
  const key = tagged.slice(1);
  if (key.length !== sort.length || !sort.every((c, i) => fits[c.kind](key[i]))) throw badCursor();
  return key as SortKey;
}

/** Where the page the query asks for starts, in a list sorted by `sort`. */
export function pageStart(q: PageQuery, sort: readonly SortColumn[]): PageStart {
  return q.cursor === undefined
    ? { limit: q.limit, sort, offset: q.offset ?? 0 }
    : { limit: q.limit, sort, after: decodeCursor(q.cursor, sort) };
}

/** ORDER BY for the sort. */
export function orderBySql(sort: readonly SortColumn[]): string {
  return sort.map((c) => `${c.sql}${c.desc ? ' DESC' : ''}`).join(', ');
}

/**
 * The rows after `after` in the sort, with placeholders from `add` (SqlParams#add, or named parameters for a
 * QueryBuilder). One direction: a row comparison, which PostgreSQL reads as an index range. Mixed directions
 * (newest first, id ascending among ties): a range bound on the first column plus the tie rule, so that it
 * still starts the index scan at the cursor.
 */
export function afterSql(sort: readonly SortColumn[], after: SortKey, add: (value: unknown) => string): string {
  const values = sort.map((c, i) =>
    c.kind === 'timestamp' ? `(timestamptz 'epoch' + ${add(after[i])}::bigint * interval '1 microsecond')` : add(after[i]),
  );
  if (sort.every((c) => c.desc === sort[0].desc)) {
    return `(${sort.map((c) => c.sql).join(', ')}) ${sort[0].desc ? '<' : '>'} (${values.join(', ')})`;
  }
  const beyond = (i: number): string => {
    const strictly = `${sort[i].sql} ${sort[i].desc ? '<' : '>'} ${values[i]}`;
    return i === sort.length - 1 ? strictly : `(${strictly} OR (${sort[i].sql} = ${values[i]} AND ${beyond(i + 1)}))`;
  };
  return `${sort[0].sql} ${sort[0].desc ? '<=' : '>='} ${values[0]} AND ${beyond(0)}`;
}

/** SQL that reads a timestamp column as the whole microseconds a cursor holds. */
export const microsSql = (column: string): string => `(extract(epoch FROM ${column}) * 1000000)::bigint`;

/**
 * SQL for the page in the sort, placeholders from `add`: `after`, the condition of a cursor page ('true' for
 * an offset page), and `tail`, its ORDER BY with LIMIT (one row more than the page: see keysetPage) and OFFSET.
 */
export function pageSql(start: PageStart, add: (value: unknown) => string): { after: string; tail: string } {
  const after = 'after' in start ? afterSql(start.sort, start.after, add) : 'true';
  const skip = 'offset' in start && start.offset > 0 ? ` OFFSET ${add(start.offset)}` : '';
  return { after, tail: `ORDER BY ${orderBySql(start.sort)} LIMIT ${limitLiteral(start.limit)}${skip}` };
}

/**
 * A page's LIMIT (one row more than the page, to tell whether another follows) written into the statement:
 * planned with a limit it cannot see, a prepared statement's generic plan looks dear, so PostgreSQL would plan
 * every page afresh (about a third of a page's time in the database). The limit is a validated integer of at
 * most MAX_PAGE_LIMIT, so few texts are ever prepared.
 */
function limitLiteral(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) throw new RangeError(`page limit ${limit} out of range`);
  return limit + 1;
}

/**
 * The page from rows fetched with one row more than the limit (the extra row only tells that another page
 * follows): the items, and the cursor of the last one when there is more.
 */
export function keysetPage<R>(rows: R[], start: PageStart, keyOf: (row: R) => SortKey): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, start.limit);
  return { items, nextCursor: rows.length > start.limit ? encodeCursor(keyOf(items[items.length - 1]), start.sort) : null };
}

/** A time as a cursor's key holds it: whole microseconds since the epoch (from a Date, which has milliseconds). */
export const timestampKey = (t: Date | string): number => new Date(t).getTime() * 1000;

/** -1, 0 or 1 as key `a` comes before, with or after key `b` in the sort (each column its own direction). */
function compareKeys(a: SortKey, b: SortKey, sort: readonly SortColumn[]): number {
  for (let i = 0; i < sort.length; i++) {
    if (a[i] === b[i]) continue;
    const before = a[i] < b[i] ? -1 : 1;
    return sort[i].desc ? -before : before;
  }
  return 0;
}

/**
 * A page of a short list read whole: one bounded by what it is (a lecture's photos, an office's webhooks, a
 * lecturer's lectures in a period), so any of its pages costs the same. Put in the sort by the very keys its
 * cursors hold; by offset with its total, or the rows after a cursor's key, as every list answers.
 */
export function pageOfList<T>(rows: readonly T[], q: PageQuery, sort: readonly SortColumn[], keyOf: (row: T) => SortKey): Page<T> {
  const start = pageStart(q, sort);
  const sorted = [...rows].sort((a, b) => compareKeys(keyOf(a), keyOf(b), sort));
  const first = 'offset' in start ? start.offset : sorted.findIndex((row) => compareKeys(keyOf(row), start.after, sort) > 0);
  const rest = first < 0 ? [] : sorted.slice(first, first + start.limit + 1);
  return { ...keysetPage(rest, start, keyOf), ...('offset' in start ? { total: rows.length } : {}) };
}

/** What foldedPageSql reads back: the page's items joined, how many rows the page's query gave, the last item's key. */
export interface FoldedPageRow {
  items_json: string;
  rows: number;
  last_at: string | null;
  last_id: string | null;
  total?: number;
}

/**
 * One row for a whole page, folded in PostgreSQL: `rowsSql` gives the page's rows (one more than the limit,
 * as pageSql asks) with `body` (an item's JSON), its sort key `cursor_at` (a timestamp's microseconds) and `id`,
 * and `n`, its place in the sort. The app then reads one text instead of a row per item. `extraColumns` rides
 * along (e.g. `, (…) AS total`).
 */
export function foldedPageSql(rowsSql: string, limit: number, extraColumns = ''): string {
  const pastPage = limitLiteral(limit); // the row past the page, numbered limit + 1 (and the limit checked)
  return `SELECT coalesce(string_agg(p.body::text, ',' ORDER BY p.n) FILTER (WHERE p.n < ${pastPage}), '') AS items_json,
    count(*)::int AS rows, max(p.cursor_at) FILTER (WHERE p.n = ${limit}) AS last_at, max(p.id::text) FILTER (WHERE p.n = ${limit}) AS last_id${extraColumns}
    FROM (${rowsSql}) p`;
}

/** The JsonPage of a folded row: a cursor to the next page when the query found a row past the limit. */
export function foldedPage(row: FoldedPageRow, start: PageStart): JsonPage {
  // A row past the limit means the page is full, so its last item (row `limit`) has a key.
  const nextCursor = row.rows > start.limit ? encodeCursor([Number(row.last_at), String(row.last_id)], start.sort) : null;
  return { itemsJson: row.items_json, nextCursor, ...(row.total === undefined ? {} : { total: row.total }) };
}

/** Named parameters for a QueryBuilder condition, added one by one like SqlParams. */
function namedParams(prefix: string): { add: (value: unknown) => string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  return {
    values,
    add: (value) => {
      const name = `${prefix}${Object.keys(values).length}`;
      values[name] = value;
      return `:${name}`;
    },
  };
}

/**
 * The page the query asks for of a QueryBuilder's entities, in the sort: an offset page with its count, a
 * cursor page from an index range without one.
 */
export async function pageOfEntities<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  q: PageQuery,
  sort: readonly SortColumn[],
  keyOf: (entity: E) => SortKey,
): Promise<Page<E>> {
  const start = pageStart(q, sort);
  const counting = 'offset' in start ? qb.clone().getCount() : undefined;
  if ('after' in start) {
    const named = namedParams('after');
    qb.andWhere(afterSql(sort, start.after, named.add), named.values);
  }
  sort.forEach((c, i) => (i === 0 ? qb.orderBy(c.sql, c.desc ? 'DESC' : 'ASC') : qb.addOrderBy(c.sql, c.desc ? 'DESC' : 'ASC')));
  if ('offset' in start) qb.offset(start.offset);
  const [rows, total] = await Promise.all([qb.limit(start.limit + 1).getMany(), counting]);
  return { ...keysetPage(rows, start, keyOf), ...(total === undefined ? {} : { total }) };
}
