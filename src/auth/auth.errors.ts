import { API_PATH } from '../common/request-url.js';
import { errorCatalogue } from '../common/domain-error.js';

export const AuthErrors = errorCatalogue({
  INVALID_CREDENTIALS: { status: 401, detail: 'Wrong username or password.' },
  ACCOUNT_DISABLED: { status: 401, detail: 'This account has been disabled; ask an admin.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, detail: `Change the temporary password first (POST ${API_PATH}/auth/password).` },
  CURRENT_PASSWORD_WRONG: { status: 400, detail: 'The current password is wrong.', field: 'currentPassword' },
  PASSWORD_UNCHANGED: { status: 400, detail: 'The new password must differ from the current one.', field: 'newPassword' },
});
