import type { Response } from 'express';
import { isUUID } from 'class-validator';
import { CommonErrors, DomainError } from '../../common/domain-error.js';
import { type PageError, toPageError } from '../../i18n/page-errors.js';
import type { PageRenderer } from '../plumbing/page-renderer.js';

/**
 * Where a form on a list or dashboard leads back to: the page it was on (its filter, period, page), as its hidden
 * `back` field says, if that is a page under `base`; else `base` itself (a `back` is the form's: never another site).
 */
export function backTo(back: string | undefined, base: string): string {
  const ownPage = back !== undefined && (back === base || back.startsWith(`${base}?`)) && !/[#\\]/.test(back);
  return ownPage ? back : base;
}

/**
 * A button's action (cancel, accept, rate …): done → back to the page with the notice `done` (if any; an action
 * may answer another notice's key instead, when what it did differs from what was asked); a
 * service's refusal → back with its Chinese message; not found → the 404 page; a bug → the 500 page.
 */
export async function runAction(
  pages: PageRenderer,
  res: Response,
  back: string,
  done: string | undefined,
  action: () => Promise<unknown>,
): Promise<void> {
  let result: unknown;
  try {
    result = await action();
  } catch (err) {
    const error = toPageError(err);
    if (error.status >= 500 || error.status === 404) throw err;
    pages.redirectWithError(res, back, error);
    return;
  }
  pages.redirect(res, back, result instanceof OtherNotice ? result.done : done);
}

/** What an action answers when what it did differs from what was asked: the notice (`?done=`) to show instead. */
export class OtherNotice {
  constructor(readonly done: string) {}
}

/** An id from a query or form: a UUID, or the page is not found (a malformed id must not reach the database as one). */
export function idOrNotFound(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isUUID(value)) throw CommonErrors.ROUTE_NOT_FOUND();
  return value.toLowerCase();
}

/** For `.catch`: a thing that is not found (or not the actor's to see) is undefined; any other error stays an error. */
export function unlessNotFound(err: unknown): undefined {
  if (err instanceof DomainError && err.status === 404) return undefined;
  throw err;
}

/**
 * A create (or edit) form's post: made → back to the list with `done` ("created"); refused (bad input, taken
 * name …) → the same page again with what was typed and the Chinese message, answered with the error's status.
 */
export async function createOrShowAgain(
  pages: PageRenderer,
  res: Response,
  back: string,
  create: () => Promise<unknown>,
  showAgain: (error: PageError) => Promise<void>,
  done = 'created',
): Promise<void> {
  try {
    await create();
  } catch (err) {
    const error = toPageError(err);
    if (error.status >= 500) throw err;
    return showAgain(error);
  }
  pages.redirect(res, back, done);
}
