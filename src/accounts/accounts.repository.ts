import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { AccountState } from '../auth/account-state.js';
import type { CredentialStore, Credentials } from '../auth/credential-store.js';
import { insertInChunks } from '../common/bulk.js';
import { type Page, pageOfEntities, type SortColumn } from '../common/pagination.js';
import type { UiLanguage } from '../i18n/language.js';
import { withinSubtreeSql } from '../regions/region-scope.js';
import { Account } from './account.entity.js';
import type { AccountQuery } from './accounts.dto.js';

/** By username; the id breaks ties. */
const ACCOUNT_SORT: SortColumn[] = [
  { sql: 'a.username_key', kind: 'text' },
  { sql: 'a.id', kind: 'uuid' },
];

/** The accounts' SQL: credentials, the state every request checks (auth's CredentialStore), and the lifecycle's writes. */
@Injectable()
export class AccountsRepository implements CredentialStore {
  constructor(@InjectRepository(Account) private readonly accounts: Repository<Account>) {}

  /** By the normalised name (`accounts.username_key`), so that `ADMIN` or ` admin ` finds `admin`. */
  findByUsername(username: string): Promise<Credentials | null> {
    return this.accounts
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.username_key = lower(normalize(CAST(:username AS text), NFKC))', { username: username.trim() })
      .getOne();
  }

  findCredentials(id: string): Promise<Credentials | null> {
    return this.accounts.createQueryBuilder('a').addSelect('a.passwordHash').where('a.id = :id', { id }).getOne();
  }

  findByUsernames(usernames: readonly string[]): Promise<Account[]> {
    return this.accounts
      .createQueryBuilder('a')
      .where('a.username_key = ANY(SELECT lower(normalize(n, NFKC)) FROM unnest(CAST(:names AS text[])) AS n)', {
        names: usernames.map((n) => n.trim()),
      })
      .getMany();
  }

  findById(id: string): Promise<Account | null> {
    return this.accounts.findOneBy({ id });
  }

  hasAdmin(): Promise<boolean> {
    return this.accounts.existsBy({ role: 'admin' });
  }

  /** A city-wide admin, unless the username is taken: whether it was written. */
  async insertCityAdmin(username: string, passwordHash: string): Promise<boolean> {
    const rows: unknown[] = await this.accounts.query(
      `INSERT INTO accounts (username, password_hash, role) VALUES ($1, $2, 'admin') ON CONFLICT ON CONSTRAINT accounts_username_key DO NOTHING RETURNING id`,
      [username, passwordHash],
    );
    return rows.length > 0;
  }

  insert(
    account: Pick<Account, 'username' | 'passwordHash' | 'role' | 'branchId' | 'lecturerId' | 'regionId' | 'passwordChangeRequired'>,
  ): Promise<Account> {
    return this.accounts.save(this.accounts.create(account));
  }

  /** Many accounts at once, in the caller's transaction (an import). */
  async insertMany(manager: EntityManager, accounts: ReadonlyArray<Partial<Account>>): Promise<void> {
    await insertInChunks(manager, Account, accounts);
  }

  async accountState(id: string): Promise<AccountState | null> {
    const rows: Array<Omit<AccountState, 'disabled'> & { disabledAt: Date | null }> = await this.accounts.query(
      `SELECT a.id, a.username, a.role, a.branch_id AS "branchId", a.lecturer_id AS "lecturerId", a.region_id AS "regionId",
              a.disabled_at AS "disabledAt", a.token_version AS "tokenVersion", a.kept_session_id AS "keptSessionId",
              a.password_change_required AS "passwordChangeRequired",
              ARRAY(SELECT e.session_id::text FROM ended_sessions e WHERE e.account_id = a.id AND e.expires_at > now()) AS "endedSessionIds"
         FROM accounts a WHERE a.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const { disabledAt, ...rest } = row;
    return { ...rest, disabled: disabledAt !== null };
  }

  /** Ends one session; the account's sessions past their expiry go at the same time. */
  async endSession(accountId: string, sessionId: string, expiresAt: Date): Promise<void> {
    await this.accounts.manager.transaction(async (m) => {
      await m.query(`DELETE FROM ended_sessions WHERE account_id = $1 AND expires_at <= now()`, [accountId]);
      await m.query(
        `INSERT INTO ended_sessions (session_id, account_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT ended_sessions_pk DO NOTHING`,
        [sessionId, accountId, expiresAt],
      );
    });
  }

  /**
   * A temporary password set by an admin, to be changed before anything else. The account's sessions live on, every one of them held to the password change (403 PASSWORD_CHANGE_REQUIRED), which
   * asks for the temporary password: one in a thief's hands can do nothing, and the contract's "until then" holds for all.
   */
  async setTemporaryPassword(id: string, passwordHash: string): Promise<void> {
    await this.accounts.query(
      `UPDATE accounts SET password_hash = $2, password_change_required = true
        WHERE id = $1`,
      [id, passwordHash],
    );
  }

  async changePassword(accountId: string, passwordHash: string, keptSessionId: string, replacedHash: string): Promise<boolean> {
    const [, affected] = await this.accounts.query<[unknown, number]>(
      `UPDATE accounts SET password_hash = $2, password_change_required = false, token_version = token_version + 1, kept_session_id = $3
        WHERE id = $1 AND password_hash = $4`,
      [accountId, passwordHash, keptSessionId, replacedHash],
    );
    return affected === 1;
  }

  /** Disabling ends every token (a later enabling does not bring them back). */
  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.accounts.query(
      `UPDATE accounts
          SET token_version = token_version + CASE WHEN $2 AND disabled_at IS NULL THEN 1 ELSE 0 END,
              kept_session_id = CASE WHEN $2 THEN NULL ELSE kept_session_id END,
              disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) ELSE NULL END
        WHERE id = $1`,
      [id, disabled],
    );
  }

  /** The account's page language; a first choice (made in the browser before logging in) is kept if it had none. */
  async settleUiLanguage(id: string, firstChoice: UiLanguage | null): Promise<UiLanguage | null> {
    const rows: Array<{ ui_language: UiLanguage | null }> = await this.accounts.query(
      // A SELECT over the UPDATE, so that the driver answers with its rows (a bare UPDATE answers [rows, count]).
      `WITH settled AS (UPDATE accounts SET ui_language = COALESCE(ui_language, $2) WHERE id = $1 RETURNING ui_language)
       SELECT ui_language FROM settled`,
      [id, firstChoice],
    );
    return rows[0]?.ui_language ?? null;
  }

  async setUiLanguage(id: string, language: UiLanguage): Promise<void> {
    await this.accounts.query(`UPDATE accounts SET ui_language = $2 WHERE id = $1`, [id, language]);
  }

  async setRegion(id: string, regionId: string | null): Promise<void> {
    await this.accounts.query(`UPDATE accounts SET region_id = $2 WHERE id = $1`, [id, regionId]);
  }

  /** The accounts whose branch, lecturer's home or admin scope lies in the scope (null = the whole city). */
  list(scope: string | null, q: AccountQuery): Promise<Page<Account>> {
    const qb = this.accounts.createQueryBuilder('a');
    if (scope !== null) {
      qb.leftJoin('branches', 'b', 'b.id = a.branch_id')
        .leftJoin('lecturers', 'l', 'l.id = a.lecturer_id')
        .innerJoin('regions', 'r', 'r.id = COALESCE(a.region_id, b.region_id, l.region_id)')
        .andWhere(withinSubtreeSql('r.path', ':scope'), { scope });
    }
    if (q.role !== undefined) qb.andWhere('a.role = :role', { role: q.role });
    if (q.disabled !== undefined) qb.andWhere(q.disabled ? 'a.disabled_at IS NOT NULL' : 'a.disabled_at IS NULL');
    if (q.q !== undefined) qb.andWhere('strpos(a.username_key, lower(normalize(CAST(:q AS text), NFKC))) > 0', { q: q.q });
    return pageOfEntities(qb, q, ACCOUNT_SORT, (a) => [a.usernameKey, a.id]);
  }
}
