import { errorCatalogue } from '../common/domain-error.js';

export const AccountErrors = errorCatalogue({
  USERNAME_TAKEN: { status: 409, detail: 'That username is taken.' },
  ACCOUNT_LINK_INVALID: {
    status: 400,
    detail: 'A branch account needs branchId, a lecturer account lecturerId; an admin takes only regionId.',
  },
});
