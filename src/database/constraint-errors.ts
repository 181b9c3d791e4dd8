import { AccountErrors } from '../accounts/accounts.errors.js';
import type { DomainError } from '../common/domain-error.js';
import { OrderErrors } from '../orders/orders.errors.js';

/**
 * What a violation of a named constraint (see `migrations/`) means for the client, in one table read
 * by `domainErrorFromDatabase`. A constraint not listed here answers a plain CONFLICT on 23505/23P01.
 */
export const CONSTRAINT_ERRORS: Readonly<Record<string, () => DomainError>> = {
  accounts_username_key: () => AccountErrors.USERNAME_TAKEN(),
  // The lecturer's bookings (lecture plus travel) overlap: someone booked them first.
  bookings_no_overlap: () => OrderErrors.LECTURER_BUSY(),
  bookings_order_key: () => OrderErrors.ORDER_ALREADY_ACCEPTED(),
};
