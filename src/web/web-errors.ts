import { DomainError } from '../common/domain-error.js';
import { WEB_CODES } from './messages-zh.js';

/** No valid session: the pages' filter sends the person to the login page. */
export class SessionRequired extends DomainError {
  constructor() {
    super(WEB_CODES.SESSION_REQUIRED, 401, 'Log in first.');
  }
}

export const csrfInvalid = () => new DomainError(WEB_CODES.CSRF_INVALID, 403, 'The form token is missing or does not match the session.');
