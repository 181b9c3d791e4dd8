import { DomainError, errorCatalogue } from '../common/domain-error.js';

/** Codes of the web pages themselves (not from the API's services). */
export const WebErrors = errorCatalogue({
  CSRF_INVALID: { status: 403, detail: 'The form token is missing or does not match the session.' },
  SESSION_REQUIRED: { status: 401, detail: 'Log in first.' },
  /** Shown on a form's page after logging in again: the form was sent after the session ended, and not taken. */
  SESSION_ENDED_UNSENT: { status: 401, detail: 'The session ended before the form was sent: it was not taken; send it again.' },
});

/** No valid session: the pages' filter sends the person to the login page. */
export class SessionRequired extends DomainError<'SESSION_REQUIRED'> {
  constructor() {
    const { code, status, detail } = WebErrors.SESSION_REQUIRED();
    super(code, status, detail);
  }
}

export const csrfInvalid = WebErrors.CSRF_INVALID;

/** A temporary password still in use: the pages' filter sends the person to change it. */
export class PasswordChangeRequired extends DomainError<'PASSWORD_CHANGE_REQUIRED'> {
  constructor() {
    super('PASSWORD_CHANGE_REQUIRED', 403, 'Change the temporary password first.');
  }
}
