import type { Role } from '../kernel/vocabulary.js';
import type { AccountState } from './account-state.js';

/** What a login needs of an account: who it is (for the token), its password hash and whether it may log in. */
export interface Credentials {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  branchId: string | null;
  lecturerId: string | null;
  regionId: string | null;
  disabledAt: Date | null;
  tokenVersion: number;
  passwordChangeRequired: boolean;
}

/**
 * Where auth finds and keeps accounts. `accounts/` provides it, so that auth depends on no feature while
 * accounts (which checks branches, lecturers and regions) depends on auth's actor.
 */
export abstract class CredentialStore {
  abstract findByUsername(username: string): Promise<Credentials | null>;
  abstract findCredentials(accountId: string): Promise<Credentials | null>;
  /** The account as a request must see it now; null when it no longer exists. */
  abstract accountState(accountId: string): Promise<AccountState | null>;
  /** Ends one session (a token) until the token would have expired anyway. */
  abstract endSession(accountId: string, sessionId: string, expiresAt: Date): Promise<void>;
  /**
   * Stores a password its owner chose in place of the one stored as `replacedHash` (the one they proved they know):
   * every other session ends, `keptSessionId` goes on. False, and nothing changed, if the password was changed
   * meanwhile (another change, an admin's reset).
   */
  abstract changePassword(accountId: string, passwordHash: string, keptSessionId: string, replacedHash: string): Promise<boolean>;
}
