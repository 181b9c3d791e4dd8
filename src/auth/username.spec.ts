import { isUnambiguous, normalizeUsername } from './username.js';

describe('normalizeUsername', () => {
  it.each(['admin', 'ADMIN', '  Admin ', 'ａｄｍｉｎ'])('reads %j as admin', (typed) => {
    expect(normalizeUsername(typed)).toBe('admin');
  });
});

describe('isUnambiguous', () => {
  it.each(['admin', 'админ', '草原先锋', '张wei-2026'])('accepts %s', (name) => {
    expect(isUnambiguous(name)).toBe(true);
  });

  it.each(['adm\u0131n', 'lecturer-\u0661', 'user\u0669', 'b\u00e1tu'])(
    'refuses %s, whose Latin letter or digit reads as an ASCII one',
    (name) => {
      expect(isUnambiguous(name)).toBe(false);
    },
  );

  it.each(['ａｄｍｉｎ', 'user①'])('accepts %s, which NFKC reads as ASCII (and which is then the same username)', (name) => {
    expect(isUnambiguous(name)).toBe(true);
  });

  it.each(['аdmin', 'pаypal', 'αdmin'])('refuses %s, which mixes look-alike scripts', (name) => {
    expect(isUnambiguous(name)).toBe(false);
  });
});
