/**
 * What the admin's pages with a create form share (讲师库、党支部、区域、课程菜单、账号): the list's page size,
 * the form shown again as typed after a refusal, and the refusal as the page's notice and status.
 */
import type { Response } from 'express';
import type { PageError } from '../../i18n/page-errors.js';
import { errorNotice, type PageRenderer, pageWithoutNotice } from '../plumbing/page-renderer.js';
import type { PageRequest } from '../plumbing/web-page.guard.js';
import { CSRF_FIELD } from '../plumbing/web-session.service.js';
import type { FormBody } from '../shared/form-fields.js';

export const PAGE_SIZE = 30;

/** A form as typed: every field a string (or a list of them), to show again after a refusal. */
export type TypedForm = Record<string, string | string[] | undefined>;

/** The posted form's own fields, without the CSRF token, for showing again. */
export function typedForm(body: FormBody): TypedForm {
  const { [CSRF_FIELD]: _token, ...rest } = body;
  return rest as TypedForm;
}

/**
 * Renders a page with its create form: the defaults or what was typed, and a refusal as the notice, answered with
 * its status. The form posts to the page as it is (`formAction`: its filter and page kept), so a refused form comes
 * back on the same list.
 */
export function renderCreateFormPage(
  pages: PageRenderer,
  req: PageRequest,
  res: Response,
  view: string,
  data: object,
  form: TypedForm,
  error?: PageError,
  labels?: Readonly<Record<string, string>>,
): void {
  const formAction = pageWithoutNotice(req);
  pages.render(
    req,
    res,
    view,
    { ...data, form, formAction, error, ...(error ? { notice: errorNotice(error, labels) } : {}) },
    error?.status ?? 200,
  );
}
