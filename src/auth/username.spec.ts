import { isSingleScript, normalizeUsername } from './username.js';

describe('normalizeUsername', () => {
  it.each(['admin', 'ADMIN', '  Admin ', 'ａｄｍｉｎ'])('reads %j as admin', (typed) => {
    expect(normalizeUsername(typed)).toBe('admin');
  });
});

describe('isSingleScript', () => {
  it.each(['admin', 'админ', '草原先锋', '张wei-2026'])('accepts %s', (name) => {
    expect(isSingleScript(name)).toBe(true);
  });

  it.each(['аdmin', 'pаypal', 'αdmin'])('refuses %s, which mixes look-alike scripts', (name) => {
    expect(isSingleScript(name)).toBe(false);
  });
});
