import { actorFromClaims, type TokenClaims } from './actor.js';

const who = { sub: '00000000-0000-4000-8000-00000000000a', usr: 'someone', sid: '00000000-0000-4000-8000-00000000000e', ver: 0 };
const claims = (c: Partial<TokenClaims>): TokenClaims => ({ ...who, role: 'admin', bid: null, lid: null, rid: null, ...c });

describe('actorFromClaims', () => {
  it('gives each role the link it acts through', () => {
    expect(actorFromClaims(claims({ rid: '00000000-0000-4000-8000-00000000000f' }))).toEqual({
      accountId: '00000000-0000-4000-8000-00000000000a',
      username: 'someone',
      role: 'admin',
      regionId: '00000000-0000-4000-8000-00000000000f',
    });
    expect(actorFromClaims(claims({}))).toEqual({
      accountId: '00000000-0000-4000-8000-00000000000a',
      username: 'someone',
      role: 'admin',
      regionId: null,
    });
    expect(actorFromClaims(claims({ role: 'branch', bid: '00000000-0000-4000-8000-00000000000b' }))).toEqual({
      accountId: '00000000-0000-4000-8000-00000000000a',
      username: 'someone',
      role: 'branch',
      branchId: '00000000-0000-4000-8000-00000000000b',
    });
    expect(actorFromClaims(claims({ role: 'lecturer', lid: '00000000-0000-4000-8000-00000000000c' }))).toEqual({
      accountId: '00000000-0000-4000-8000-00000000000a',
      username: 'someone',
      role: 'lecturer',
      lecturerId: '00000000-0000-4000-8000-00000000000c',
    });
  });

  it.each([
    ['a branch without its branch', claims({ role: 'branch' })],
    ['a lecturer without its lecturer', claims({ role: 'lecturer' })],
    [
      'a branch that is also a lecturer',
      claims({ role: 'branch', bid: '00000000-0000-4000-8000-00000000000b', lid: '00000000-0000-4000-8000-00000000000c' }),
    ],
    [
      'a lecturer with a region',
      claims({ role: 'lecturer', lid: '00000000-0000-4000-8000-00000000000c', rid: '00000000-0000-4000-8000-00000000000f' }),
    ],
    ['an admin with a branch', claims({ bid: '00000000-0000-4000-8000-00000000000b' })],
    ['an unknown role', claims({ role: 'root' as TokenClaims['role'] })],
    ['a token without its session', { ...claims({}), sid: undefined as unknown as string }],
    // Signed with our secret all the same (leaked, or a key rotation's slip): never a query with an id that is none.
    ['an account that is no id', claims({ sub: 'abc' })],
    ['a session that is no id', claims({ sid: "x' or 1=1--" })],
    ['a region that is no id', claims({ rid: '' })],
    ['a branch that is no id', claims({ role: 'branch', bid: 'branch-1' })],
    ['a lecturer that is no id', claims({ role: 'lecturer', lid: 'lecturer-1' })],
  ])('refuses claims that do not fit their role: %s', (_, c) => {
    expect(actorFromClaims(c)).toBeUndefined();
  });
});
