import { backTo } from './page-actions.js';

describe(backTo.name, () => {
  it('leads back to the page the form was on, with its query', () => {
    expect(backTo('/admin?from=2026-01-01&to=2026-03-31', '/admin')).toBe('/admin?from=2026-01-01&to=2026-03-31');
    expect(backTo('/admin/accounts', '/admin/accounts')).toBe('/admin/accounts');
  });

  it('leads anywhere else to the base page: another page, another site, a fragment or a backslash trick', () => {
    for (const back of [
      undefined,
      '/admin/accounts',
      '//evil.example/admin',
      'https://evil.example/admin?x',
      '/admin?x#y',
      '/admin?\\\\evil',
    ])
      expect(backTo(back, '/admin')).toBe('/admin');
  });
});
