import { type AccountState, actorOfAccount, sessionLive } from './account-state.js';

const account = (a: Partial<AccountState> = {}): AccountState => ({
  id: 'account-1',
  username: 'someone',
  role: 'admin',
  branchId: null,
  lecturerId: null,
  regionId: null,
  disabled: false,
  tokenVersion: 2,
  keptSessionId: null,
  endedSessionIds: [],
  passwordChangeRequired: false,
  ...a,
});

describe('sessionLive', () => {
  it('lets a token of the current version act', () => {
    expect(sessionLive(account(), { sid: 's1', ver: 2 })).toBe(true);
  });

  it('ends tokens of an older version, but the session kept by a password change', () => {
    expect(sessionLive(account(), { sid: 's1', ver: 1 })).toBe(false);
    expect(sessionLive(account({ keptSessionId: 's1' }), { sid: 's1', ver: 1 })).toBe(true);
  });

  it('ends a logged-out session and every token of a disabled account', () => {
    expect(sessionLive(account({ endedSessionIds: ['s1'] }), { sid: 's1', ver: 2 })).toBe(false);
    expect(sessionLive(account({ disabled: true }), { sid: 's1', ver: 2 })).toBe(false);
  });
});

describe('actorOfAccount', () => {
  it('acts with the scope the account has now', () => {
    expect(actorOfAccount(account({ regionId: 'region-2' }))).toEqual({
      accountId: 'account-1',
      username: 'someone',
      role: 'admin',
      regionId: 'region-2',
    });
  });

  it('refuses a branch account without its branch', () => {
    expect(actorOfAccount(account({ role: 'branch' }))).toBeUndefined();
  });
});
