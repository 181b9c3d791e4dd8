import type { Actor } from '../auth/actor.js';
import { isPartyTo, scopeCovers } from './region-scope.js';

describe('region scope', () => {
  const lecture = { lecturerId: 'l1', branchId: 'b1', regionPath: ['city', 'banner-a', 'village-1'] };
  const base = { accountId: 'a', username: 'u' };
  const admin = (regionId: string | null) => ({ ...base, role: 'admin', regionId }) as Actor;
  const branch = (branchId: string) => ({ ...base, role: 'branch', branchId }) as Actor;
  const lecturer = (lecturerId: string) => ({ ...base, role: 'lecturer', lecturerId }) as Actor;
  const everyone = ['lecturer', 'branch', 'admin'] as const;

  it('lets a city-wide admin see every region, a banner admin its subtree only', () => {
    expect(scopeCovers(null, { path: lecture.regionPath })).toBe(true);
    expect(scopeCovers('banner-a', { path: lecture.regionPath })).toBe(true);
    expect(scopeCovers('banner-b', { path: lecture.regionPath })).toBe(false);
  });

  it("makes the lecture's own lecturer, its branch and the admins over it its parties, and nobody else", () => {
    expect(isPartyTo(lecturer('l1'), lecture, everyone)).toBe(true);
    expect(isPartyTo(branch('b1'), lecture, everyone)).toBe(true);
    expect(isPartyTo(admin('banner-a'), lecture, everyone)).toBe(true);
    expect(isPartyTo(lecturer('l2'), lecture, everyone)).toBe(false);
    expect(isPartyTo(branch('b2'), lecture, everyone)).toBe(false);
    expect(isPartyTo(admin('banner-b'), lecture, everyone)).toBe(false);
  });

  it('admits only the parties a route names', () => {
    expect(isPartyTo(branch('b1'), lecture, ['lecturer', 'admin'])).toBe(false);
    expect(isPartyTo(admin(null), lecture, ['lecturer'])).toBe(false);
    expect(isPartyTo(lecturer('l1'), lecture, ['lecturer'])).toBe(true);
  });

  it('gives a lecture without a booked lecturer no lecturer party', () => {
    expect(isPartyTo(lecturer('l1'), { ...lecture, lecturerId: null }, everyone)).toBe(false);
  });
});
