/** What one attempt to hand a notification to a gateway or receiver came to (`outdated`: not made, its moment gone). */
export type DeliveryOutcome =
  { kind: 'sent' } | { kind: 'retry'; error: string } | { kind: 'refused'; error: string } | { kind: 'outdated'; error: string };

/** Whether an HTTP status says the other side took the notification (any 2xx). */
export const accepted = (status: number): boolean => status >= 200 && status < 300;

/**
 * Text from the other side as the log keeps it: without control characters (a NUL, which PostgreSQL's text cannot
 * hold, failed the attempt's record, so a refusal was sent again and again), at most `max` characters.
 */
export function asKept(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what this removes
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').slice(0, max);
}

/**
 * An HTTP answer as an outcome: 2xx delivered; 5xx, 408 and 429 (the other side is down or busy) are worth
 * another try; any other 4xx is a refusal that the same request will meet again, so it is not retried, nor is a
 * 3xx (a redirect is not followed: the webhook's URL is what an admin set, and must be changed there).
 */
export function outcomeOfStatus(status: number, body = ''): DeliveryOutcome {
  if (accepted(status)) return { kind: 'sent' };
  const error = `HTTP ${status}${body ? `: ${asKept(body, 200)}` : ''}`;
  return status >= 500 || status === 408 || status === 429 ? { kind: 'retry', error } : { kind: 'refused', error };
}

/** A failure to reach the other side at all (refused connection, time-out) is worth another try. */
export function outcomeOfError(err: unknown): DeliveryOutcome {
  return { kind: 'retry', error: asKept(err instanceof Error ? `${err.name}: ${err.message}` : String(err), 300) };
}

/**
 * What is recorded after an attempt: sent; outdated; failed for good (refused, or the last allowed attempt); or
 * still pending, to be tried again by the queue's backoff.
 */
export function statusAfter(outcome: DeliveryOutcome, attempt: number, maxAttempts: number): 'sent' | 'outdated' | 'failed' | 'pending' {
  if (outcome.kind === 'sent' || outcome.kind === 'outdated') return outcome.kind;
  if (outcome.kind === 'refused' || attempt >= maxAttempts) return 'failed';
  return 'pending';
}
