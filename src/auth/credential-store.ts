import type { Role } from '../kernel/vocabulary.js';

/** What a login needs of an account: who it is (for the token) and its password hash. */
export interface Credentials {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  branchId: string | null;
  lecturerId: string | null;
  regionId: string | null;
}

/**
 * Where logins find accounts by username. `accounts/` provides it, so that auth depends on no
 * feature while accounts (which checks branches, lecturers and regions) depends on auth's actor.
 */
export abstract class CredentialStore {
  abstract findByUsername(username: string): Promise<Credentials | null>;
}
