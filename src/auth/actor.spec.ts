import { actorFromClaims, type TokenClaims } from './actor.js';

const who = { sub: 'account-1', usr: 'someone', sid: 'session-1', ver: 0 };
const claims = (c: Partial<TokenClaims>): TokenClaims => ({ ...who, role: 'admin', bid: null, lid: null, rid: null, ...c });

describe('actorFromClaims', () => {
  it('gives each role the link it acts through', () => {
    expect(actorFromClaims(claims({ rid: 'region-1' }))).toEqual({
      accountId: 'account-1',
      username: 'someone',
      role: 'admin',
      regionId: 'region-1',
    });
    expect(actorFromClaims(claims({}))).toEqual({ accountId: 'account-1', username: 'someone', role: 'admin', regionId: null });
    expect(actorFromClaims(claims({ role: 'branch', bid: 'branch-1' }))).toEqual({
      accountId: 'account-1',
      username: 'someone',
      role: 'branch',
      branchId: 'branch-1',
    });
    expect(actorFromClaims(claims({ role: 'lecturer', lid: 'lecturer-1' }))).toEqual({
      accountId: 'account-1',
      username: 'someone',
      role: 'lecturer',
      lecturerId: 'lecturer-1',
    });
  });

  it.each([
    ['a branch without its branch', claims({ role: 'branch' })],
    ['a lecturer without its lecturer', claims({ role: 'lecturer' })],
    ['a branch that is also a lecturer', claims({ role: 'branch', bid: 'branch-1', lid: 'lecturer-1' })],
    ['a lecturer with a region', claims({ role: 'lecturer', lid: 'lecturer-1', rid: 'region-1' })],
    ['an admin with a branch', claims({ bid: 'branch-1' })],
    ['an unknown role', claims({ role: 'root' as TokenClaims['role'] })],
    ['a token without its session', { ...claims({}), sid: undefined as unknown as string }],
  ])('refuses claims that do not fit their role: %s', (_, c) => {
    expect(actorFromClaims(c)).toBeUndefined();
  });
});
