import { errorCatalogue } from '../common/domain-error.js';

export const AuthErrors = errorCatalogue({
  INVALID_CREDENTIALS: { status: 401, detail: 'Wrong username or password.' },
  USERNAME_TAKEN: { status: 409, detail: 'That username is taken.' },
  ACCOUNT_LINK_INVALID: { status: 400, detail: 'A branch account needs branchId, a lecturer account lecturerId; an admin takes only regionId.' },
  ACCOUNT_TARGET_NOT_FOUND: { status: 404, detail: 'The branch, lecturer or region the account is for was not found.' },
});
