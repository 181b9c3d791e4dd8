import { errorCatalogue } from '../common/domain-error.js';

export const AccountErrors = errorCatalogue({
  USERNAME_TAKEN: { status: 409, detail: 'That username is taken.', field: 'username' },
  ACCOUNT_LINK_INVALID: {
    status: 400,
    // The field is the link missing or not taken, as the service names it.
    detail: 'A branch account needs branchId, a lecturer account lecturerId; an admin takes only regionId.',
  },
  ACCOUNT_NOT_FOUND: { status: 404, detail: 'No such account in your scope.' },
  ACCOUNT_SELF_DISABLE: { status: 409, detail: 'You cannot disable your own account.' },
  ACCOUNT_SELF_SCOPE: {
    status: 409,
    detail: 'You cannot move your own scope: you could not widen it again. An admin above you can.',
    field: 'regionId',
  },
  ACCOUNT_SCOPE_OUTSIDE: { status: 400, detail: 'An admin account can only be given a scope inside your own.', field: 'regionId' },
});
