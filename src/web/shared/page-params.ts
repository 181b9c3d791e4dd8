import { Param, ParseUUIDPipe } from '@nestjs/common';
import { CommonErrors } from '../../common/domain-error.js';
import { dayOfDate } from './time-format.js';

/** An id in a page's path: anything that is not a UUID names no page (404), lower-cased as the database gives ids back. */
export const PageId = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => CommonErrors.ROUTE_NOT_FOUND() }), {
    transform: (id: string) => id.toLowerCase(),
  });

/** `?page=` of a list: 1 when missing or not a positive number. */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
}

/** A query value if it is one of the allowed ones. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** A query or form value if it is a local date 'YYYY-MM-DD'. */
export function dateParam(value: unknown): string | undefined {
  return typeof value === 'string' && dayOfDate(value) !== undefined ? value : undefined;
}

/** Pager links for a list: which page, how many, and the query for the previous and next ones. */
export interface Pager {
  page: number;
  pages: number;
  total: number;
  prev?: string;
  next?: string;
}

export function pager(page: number, size: number, total: number, query: Record<string, string | undefined>): Pager {
  const pages = Math.max(1, Math.ceil(total / size));
  const link = (p: number) =>
    '?' +
    new URLSearchParams({
      ...Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)),
      page: String(p),
    }).toString();
  // Past the end (an old link, a list that shrank): back leads to the last page, not to another empty one.
  return {
    page,
    pages,
    total,
    ...(page > 1 ? { prev: link(Math.min(page - 1, pages)) } : {}),
    ...(page < pages ? { next: link(page + 1) } : {}),
  };
}

/** The link to a list's last page when `pager` lies past it and the list has rows; undefined otherwise. */
export function pastTheEnd(pager: Pager | undefined): string | undefined {
  return pager !== undefined && pager.total > 0 && pager.page > pager.pages ? pager.prev : undefined;
}
