import { outcomeOfError, outcomeOfStatus, statusAfter } from './delivery-outcome.js';

describe('delivery outcomes', () => {
  it('counts a 2xx as sent', () => {
    expect(outcomeOfStatus(204)).toEqual({ kind: 'sent' });
  });

  it.each([500, 502, 503, 408, 429])('retries an HTTP %i', (status) => {
    expect(outcomeOfStatus(status).kind).toBe('retry');
  });

  it.each([400, 401, 404, 410, 422])('does not retry an HTTP %i', (status) => {
    expect(outcomeOfStatus(status, 'bad signature')).toEqual({ kind: 'refused', error: `HTTP ${status}: bad signature` });
  });

  it('does not follow nor retry a redirect', () => {
    expect(outcomeOfStatus(301, 'moved')).toEqual({ kind: 'refused', error: 'HTTP 301: moved' });
  });

  it('keeps an answer without the control characters PostgreSQL cannot store (NUL) or a log should not show', () => {
    expect(outcomeOfStatus(400, 'bad\u0000zero\u001b[31m\tred\n')).toEqual({ kind: 'refused', error: 'HTTP 400: badzero[31m\tred\n' });
    expect(outcomeOfError(new Error('reset\u0000by peer'))).toEqual({ kind: 'retry', error: 'Error: resetby peer' });
  });

  it('retries a gateway that cannot be reached', () => {
    expect(outcomeOfError(new Error('connect ECONNREFUSED')).kind).toBe('retry');
  });

  it('keeps a retryable failure pending until the last attempt, then fails it', () => {
    const down = outcomeOfStatus(503);
    expect([statusAfter(down, 1, 9), statusAfter(down, 8, 9), statusAfter(down, 9, 9)]).toEqual(['pending', 'pending', 'failed']);
  });

  it('fails a refusal at once', () => {
    expect(statusAfter(outcomeOfStatus(400), 1, 9)).toBe('failed');
  });
});
