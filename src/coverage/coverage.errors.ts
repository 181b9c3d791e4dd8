import { errorCatalogue } from '../common/domain-error.js';

export const CoverageErrors = errorCatalogue({
  CAMPAIGN_NOT_FOUND: { status: 404, detail: 'Campaign not found.' },
  CAMPAIGN_PERIOD_INVALID: { status: 400, detail: 'A campaign runs from a real date to a real date on or after it, for at most ten years.', field: 'to' },
});
