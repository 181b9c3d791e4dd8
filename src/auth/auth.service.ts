import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash, verify } from '@node-rs/argon2';
import { AppConfig } from '../config/app-config.js';
import { randomUUID } from 'node:crypto';
import { type Actor, branchIdOf, lecturerIdOf, regionScopeOf, type TokenClaims } from './actor.js';
import type { AccountView, LoginResponse } from './auth.dto.js';
import { AuthErrors } from './auth.errors.js';
import { weakPasswordReason } from './common-passwords.js';
import { validationFailed } from '../common/domain-error.js';
import { type Credentials, CredentialStore } from './credential-store.js';
import { LiveAccounts } from './live-accounts.js';
import { LoginThrottle } from './login-throttle.js';

// argon2id with OWASP's minimum parameters: memory-hard, ~20 ms here.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The fields of an account the API shows; links only when set. */
export function toAccountView(
  a: Pick<Credentials, 'id' | 'username' | 'role' | 'branchId' | 'lecturerId' | 'regionId'> & { passwordChangeRequired?: boolean },
): AccountView {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
    ...(a.branchId ? { branchId: a.branchId } : {}),
    ...(a.lecturerId ? { lecturerId: a.lecturerId } : {}),
    ...(a.regionId ? { regionId: a.regionId } : {}),
    ...(a.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
  };
}

/** Whether `hash` is a stored hash of `password` (a hash it cannot read is none). */
const isHashOf = (hash: string, password: string): Promise<boolean> => verify(hash, password).catch(() => false);

@Injectable()
export class AuthService {
  /** Verified against when the username is unknown, so that timing does not tell which usernames exist. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
    private readonly live: LiveAccounts,
  ) {}

  /** `address` is the client's (clientAddress): guesses are limited per username × address and per address (LoginThrottle). */
  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    // Counted here, once the request is known to be a login: a body refused by validation checks no password.
    await this.throttle.attempt(username, address);
    const account = await this.credentials.findByUsername(username);
    this.decoyHash ??= hash('decoy-password', ARGON2);
    // A stored hash that cannot be decoded is a wrong password, never a 500.
    const ok = await isHashOf(account?.passwordHash ?? (await this.decoyHash), password);
    if (!account || !ok) throw AuthErrors.INVALID_CREDENTIALS();
    await this.throttle.succeeded(username, address);
    // Said only to whoever knows the password: the account exists and is switched off.
    if (account.disabledAt !== null) throw AuthErrors.ACCOUNT_DISABLED();
    const claims: TokenClaims = {
      sub: account.id,
      usr: account.username,
      role: account.role,
      bid: account.branchId,
      lid: account.lecturerId,
      rid: account.regionId,
      sid: randomUUID(),
      ver: account.tokenVersion,
    };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, account: toAccountView(account) };
  }

  /** Ends the session of this token: it stops working everywhere at once. */
  async logout(actor: Actor, claims: TokenClaims & { exp: number }): Promise<void> {
    await this.credentials.endSession(actor.accountId, claims.sid, new Date(claims.exp * 1000));
    this.live.forget(actor.accountId);
  }

  /** The owner's own new password: the account's other sessions end, this one goes on. */
  async changePassword(actor: Actor, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.credentials.findCredentials(actor.accountId);
    if (account === null || !(await isHashOf(account.passwordHash, currentPassword))) throw AuthErrors.CURRENT_PASSWORD_WRONG();
    // A temporary password kept as it is would stay known to the admin who issued it.
    if (newPassword === currentPassword) throw AuthErrors.PASSWORD_UNCHANGED();
    const weak = weakPasswordReason(newPassword, actor.username);
    if (weak !== undefined) throw validationFailed([{ field: 'newPassword', message: weak }]);
    // Compared and set: of two changes at once, both proving the same password, the second finds it gone.
    const changed = await this.credentials.changePassword(
      actor.accountId,
      await AuthService.hashPassword(newPassword),
      sessionId,
      account.passwordHash,
    );
    this.live.forget(actor.accountId);
    if (!changed) throw AuthErrors.CURRENT_PASSWORD_WRONG();
  }

  /** The account the token acts for, and whether it must change its temporary password first (as at login). */
  me(actor: Actor, passwordChangeRequired: boolean): AccountView {
    return toAccountView({
      passwordChangeRequired,
      id: actor.accountId,
      username: actor.username,
      role: actor.role,
      branchId: branchIdOf(actor),
      lecturerId: lecturerIdOf(actor),
      regionId: regionScopeOf(actor),
    });
  }

  /** The one way a password is stored (accounts, the demo data and tests' fixtures). */
  static hashPassword(password: string): Promise<string> {
    return hash(password, ARGON2);
  }
}
