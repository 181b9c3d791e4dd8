import { errorCatalogue } from '../common/domain-error.js';

export const BranchErrors = errorCatalogue({
  BRANCH_NOT_FOUND: { status: 404, detail: 'Branch not found.' },
  BRANCH_CODE_TAKEN: { status: 409, detail: 'Another branch has that code.' },
});
