import { errorCatalogue } from '../common/domain-error.js';

export const AuthErrors = errorCatalogue({
  INVALID_CREDENTIALS: { status: 401, detail: 'Wrong username or password.' },
});
