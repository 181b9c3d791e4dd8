import { errorCatalogue } from '../common/domain-error.js';

/** Why a lecturer cannot take an order at a start: the hard rules and the bookings' own constraints. */
export const BookingErrors = errorCatalogue({
  // An order is booked once: its booking is its acceptance.
  ORDER_ALREADY_ACCEPTED: { status: 409, detail: 'The order has already been accepted.' },
  START_OUTSIDE_WINDOW: { status: 409, detail: "startsAt lies outside the order's window." },
  LECTURER_NOT_ELIGIBLE: { status: 409, detail: 'The lecturer does not meet the rules for this order.' },
  LECTURER_BUSY: { status: 409, detail: 'The lecturer already has a lecture (or the travel to it) at that time.' },
  MONTHLY_CAP_REACHED: { status: 409, detail: "The lecturer's monthly cap of lectures is reached." },
  LECTURER_DECLINED: { status: 409, detail: 'This lecturer declined the order before.' },
});
