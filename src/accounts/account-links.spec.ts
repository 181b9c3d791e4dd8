import { linksFitRole } from './account-links.js';

describe(linksFitRole.name, () => {
  const none = { branch: false, lecturer: false, region: false };

  it('gives a branch account its branch and a lecturer account its lecturer, and nothing else', () => {
    expect(linksFitRole('branch', { ...none, branch: true }, true)).toBe(true);
    expect(linksFitRole('branch', { ...none, branch: true, region: true }, true)).toBe(false);
    expect(linksFitRole('lecturer', { ...none, lecturer: true }, true)).toBe(true);
    expect(linksFitRole('lecturer', { ...none, lecturer: true, branch: true }, true)).toBe(false);
    expect(linksFitRole('branch', none, true)).toBe(false);
  });

  it('lets only a city-wide admin make an admin without a region scope', () => {
    expect(linksFitRole('admin', none, true)).toBe(true);
    expect(linksFitRole('admin', none, false)).toBe(false);
    expect(linksFitRole('admin', { ...none, region: true }, false)).toBe(true);
    expect(linksFitRole('admin', { ...none, region: true, branch: true }, true)).toBe(false);
  });
});
