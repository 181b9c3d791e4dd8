import { errorCatalogue } from '../common/domain-error.js';

export const RegionErrors = errorCatalogue({
  REGION_NOT_FOUND: { status: 404, detail: 'Region not found.' },
  REGION_CODE_TAKEN: { status: 409, detail: 'Another region has that code.' },
  REGION_PARENT_INVALID: {
    status: 400,
    detail: 'A city has no parent; a banner belongs to a city, a township to a banner, a village to a township.',
    field: 'parentId',
  },
});
