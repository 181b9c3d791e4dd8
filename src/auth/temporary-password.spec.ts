import { weakPasswordReason } from './common-passwords.js';
import { temporaryPassword } from './temporary-password.js';

describe('temporaryPassword', () => {
  it('reads as three groups of four unambiguous characters', () => {
    expect(temporaryPassword()).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });

  it('is a password the rules accept, and a new one each time', () => {
    const passwords = new Set(Array.from({ length: 100 }, temporaryPassword));
    expect(passwords.size).toBe(100);
    expect([...passwords].filter((p) => weakPasswordReason(p, 'someone') !== undefined)).toEqual([]);
  });
});
