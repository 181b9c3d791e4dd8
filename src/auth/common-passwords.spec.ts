import { weakPasswordReason } from './common-passwords.js';

describe('weakPasswordReason', () => {
  it.each([
    ['qs_3273a414', 'qs_3273a414'],
    ['probe12345678', 'probe12345678'],
    ['98765432b', '98765432b'],
    ['saruul', 'SARUUL2026'],
    ['saruul2025', 'saruul2026'],
    ['admin', 'ａｄｍｉｎ123'],
    ['lect2', 'lect2!!!!!!'],
    ['lect2', 'Lect2-2026'],
    ['lect2', 'lect2lect2'],
    ['lect4', 'LECT4lect4'],
    ['saruul', '2026.saruul.2026'],
  ])('refuses, for the username %s, the password %s: the username again', (username, password) => {
    expect(weakPasswordReason(password, username)).toBe('password must not be the username');
  });

  it.each([
    ['saruul', 'saruul-steppe-7'],
    ['2026', '20261234abcd'],
    ['bat', 'batbayar-herds'],
    ['lect2', '4719-2026-8833'],
  ])('takes, for the username %s, the password %s, which is more than it', (username, password) => {
    expect(weakPasswordReason(password, username)).toBeUndefined();
  });

  it('refuses a common password whatever the username', () => {
    expect(weakPasswordReason('12345678', 'saruul')).toMatch(/most common passwords/);
  });

  it('says of a password of one character repeated that it is so, not that it is a common one', () => {
    expect(weakPasswordReason('长长长长长长长长', 'saruul')).toBe('password repeats one character only; choose another');
  });
});
