/**
 * The app's one source of "now" for every decision that depends on it (offer expiry, windows in the past,
 * a lecture's start having passed, today's date on the pages). Injected through Nest (`AppConfigModule`)
 * so that tests can run the app at a business time of their choosing instead of the wall clock's.
 * An abstract class rather than an interface so that it is its own injection token.
 */
export abstract class Clock {
  /** The current instant in epoch milliseconds. */
  abstract now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };
