import { DomainError } from '../common/domain-error.js';
import { OrderErrors } from '../orders/orders.errors.js';
import { hasCode } from './error-codes.js';

describe(hasCode.name, () => {
  it('tells an error by its code, thrown or as a page shows it', () => {
    expect(hasCode(OrderErrors.ORDER_NOT_FOUND(), 'ORDER_NOT_FOUND')).toBe(true);
    expect(hasCode({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 }, 'IDEMPOTENCY_KEY_REUSED')).toBe(true);
  });

  it('does not match another code or a value without one', () => {
    expect(hasCode(new DomainError('CONFLICT', 409, 'x'), 'ORDER_NOT_FOUND')).toBe(false);
    expect(hasCode(undefined, 'ORDER_NOT_FOUND')).toBe(false);
    expect(hasCode('ORDER_NOT_FOUND', 'ORDER_NOT_FOUND')).toBe(false);
  });
});
