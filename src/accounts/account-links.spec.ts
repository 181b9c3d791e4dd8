import { linkAmiss, linksFitRole, widensToWholeCity } from './account-links.js';

describe(linksFitRole.name, () => {
  const none = { branch: false, lecturer: false, region: false };

  it('gives a branch account its branch and a lecturer account its lecturer, and nothing else', () => {
    expect(linksFitRole('branch', { ...none, branch: true })).toBe(true);
    expect(linksFitRole('branch', { ...none, branch: true, region: true })).toBe(false);
    expect(linksFitRole('lecturer', { ...none, lecturer: true })).toBe(true);
    expect(linksFitRole('lecturer', { ...none, lecturer: true, branch: true })).toBe(false);
    expect(linksFitRole('branch', none)).toBe(false);
  });

  it('gives an admin a region scope or none, and no branch or lecturer', () => {
    expect(linksFitRole('admin', none)).toBe(true);
    expect(linksFitRole('admin', { ...none, region: true })).toBe(true);
    expect(linksFitRole('admin', { ...none, region: true, branch: true })).toBe(false);
    expect(linksFitRole('admin', { ...none, lecturer: true })).toBe(false);
  });
});

describe(widensToWholeCity.name, () => {
  it('lets only a city-wide admin make an admin without a region', () => {
    expect(widensToWholeCity('admin', { region: false }, false)).toBe(true);
    expect(widensToWholeCity('admin', { region: false }, true)).toBe(false);
    expect(widensToWholeCity('admin', { region: true }, false)).toBe(false);
    expect(widensToWholeCity('branch', { region: false }, false)).toBe(false);
  });
});

describe(linkAmiss.name, () => {
  const none = { branch: false, lecturer: false, region: false };
  it("names the role's own link when it is missing, before any it may not take", () => {
    expect(linkAmiss('branch', { ...none, lecturer: true })).toBe('branchId');
    expect(linkAmiss('lecturer', none)).toBe('lecturerId');
  });
  it('names a link the role may not take', () => {
    expect(linkAmiss('branch', { ...none, branch: true, region: true })).toBe('regionId');
    expect(linkAmiss('admin', { ...none, region: true, lecturer: true })).toBe('lecturerId');
    expect(linkAmiss('admin', { ...none, region: true })).toBeUndefined();
  });
});
