import type { Actor, TokenClaims } from './actor.js';
import type { Role } from '../kernel/vocabulary.js';

/** An account as every request must see it now: its links, and what decides whether its tokens still work. */
export interface AccountState {
  id: string;
  username: string;
  role: Role;
  branchId: string | null;
  lecturerId: string | null;
  regionId: string | null;
  disabled: boolean;
  /** Bumped whenever every token of the account must stop working (disabled, password changed). */
  tokenVersion: number;
  /** The one session that survives a version bump: the one that changed the password itself. */
  keptSessionId: string | null;
  /** Logged-out sessions whose tokens have not expired yet. */
  endedSessionIds: readonly string[];
  passwordChangeRequired: boolean;
}

/** What a token says about its session, besides whom it speaks for. */
export type SessionClaims = Pick<TokenClaims, 'sid' | 'ver'>;

/** Whether a token of this session may still act for the account. */
export function sessionLive(account: AccountState, token: SessionClaims): boolean {
  if (account.disabled || account.endedSessionIds.includes(token.sid)) return false;
  return token.ver === account.tokenVersion || token.sid === account.keptSessionId;
}

/**
 * The Actor a request acts as: the account as it is now, not as its token remembers it, so that a
 * narrowed scope applies at once; undefined when the account's links do not fit its role.
 */
export function actorOfAccount(a: AccountState): Actor | undefined {
  const who = { accountId: a.id, username: a.username };
  switch (a.role) {
    case 'admin':
      return { ...who, role: 'admin', regionId: a.regionId };
    case 'branch':
      return a.branchId === null ? undefined : { ...who, role: 'branch', branchId: a.branchId };
    case 'lecturer':
      return a.lecturerId === null ? undefined : { ...who, role: 'lecturer', lecturerId: a.lecturerId };
    default:
      return undefined;
  }
}
