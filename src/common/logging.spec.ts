import { redactSecrets } from './logging.js';

describe(redactSecrets.name, () => {
  it('hides the secret token of a calendar feed URL', () => {
    expect(redactSecrets('/api/v1/calendar/0f3a9c2b7e.ics?x=1')).toBe('/api/v1/calendar/[redacted]?x=1');
  });

  it('leaves other URLs as they are', () => {
    expect(redactSecrets('/api/v1/lecturers/42/calendar-link')).toBe('/api/v1/lecturers/42/calendar-link');
  });
});
