import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import type { AccountView } from '../auth/auth.dto.js';
import { AuthService, toAccountView } from '../auth/auth.service.js';
import { weakPasswordReason } from '../auth/common-passwords.js';
import { LiveAccounts } from '../auth/live-accounts.js';
import { temporaryPassword } from '../auth/temporary-password.js';
import { BranchesService } from '../branches/branches.service.js';
import type { Page } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import type { UiLanguage } from '../i18n/language.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { scopeCovers } from '../regions/region-scope.js';
import { RegionsService } from '../regions/regions.service.js';
import { Account } from './account.entity.js';
import type { AccountDetailView, AccountQuery, CreateAccountDto, TemporaryPasswordView, UpdateAccountDto } from './accounts.dto.js';
import { linkAmiss, widensToWholeCity } from './account-links.js';
import { AccountErrors } from './accounts.errors.js';
import { AccountsRepository } from './accounts.repository.js';

export function toAccountDetailView(a: Account): AccountDetailView {
  return { ...toAccountView(a), disabled: a.disabledAt !== null, createdAt: a.createdAt.toISOString() };
}

/** Accounts and their lifecycle (the store auth reads credentials and sessions from is the repository). */
@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly repository: AccountsRepository,
    private readonly config: AppConfig,
    private readonly regions: RegionsService,
    private readonly branches: BranchesService,
    private readonly lecturers: LecturersService,
    private readonly live: LiveAccounts,
  ) {}

  /** INITIAL_ADMIN_USERNAME/PASSWORD create the first city-wide admin when there is no admin yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { INITIAL_ADMIN_USERNAME: username, INITIAL_ADMIN_PASSWORD: password } = this.config;
    if (!username || !password) return;
    if (await this.repository.hasAdmin()) return;
    if (await this.repository.insertCityAdmin(username, await AuthService.hashPassword(password))) {
      this.logger.log(`created the initial admin '${username}'`);
      const weak = password.length < 8 ? 'it is shorter than 8 characters' : weakPasswordReason(password, username);
      if (weak !== undefined) this.logger.warn(`INITIAL_ADMIN_PASSWORD is weak (${weak}): change it at the first login`);
    } else this.logger.warn(`INITIAL_ADMIN_USERNAME '${username}' is taken by an account that is not an admin: no initial admin created`);
  }

  /** Accounts by their usernames (however typed), for imports. */
  findByUsernames(usernames: readonly string[]): Promise<Account[]> {
    return this.repository.findByUsernames(usernames);
  }

  /** Every account in the actor's scope, for exports. */
  async findAllInScope(actor: Actor): Promise<Account[]> {
    return (await this.repository.list(regionScopeOf(actor), { limit: 1_000_000 })).items;
  }

  /**
   * Accounts an import creates, in the caller's transaction, each with a temporary password it must change
   * at its first login; returns those passwords (shown once).
   */
  async createImported(
    manager: EntityManager,
    accounts: ReadonlyArray<Pick<Account, 'id' | 'username' | 'role' | 'branchId' | 'lecturerId' | 'regionId'>>,
  ): Promise<Array<{ username: string; temporaryPassword: string }>> {
    const passwords = accounts.map((a) => ({ username: a.username.normalize('NFKC'), temporaryPassword: temporaryPassword() }));
    const hashes = await Promise.all(passwords.map((p) => AuthService.hashPassword(p.temporaryPassword)));
    await this.repository.insertMany(
      manager,
      accounts.map((a, i) => ({ ...a, username: passwords[i].username, passwordHash: hashes[i], passwordChangeRequired: true })),
    );
    return passwords;
  }

  /** Admins create accounts for what lies in their scope; a role takes exactly the link it needs. */
  async create(actor: Actor, dto: CreateAccountDto, options: { temporary?: boolean } = {}): Promise<AccountView> {
    const links = { branch: dto.branchId !== undefined, lecturer: dto.lecturerId !== undefined, region: dto.regionId !== undefined };
    const amiss = linkAmiss(dto.role, links);
    if (amiss !== undefined) throw AccountErrors.ACCOUNT_LINK_INVALID(undefined, amiss);
    if (widensToWholeCity(dto.role, links, regionScopeOf(actor) === null)) throw AccountErrors.ACCOUNT_SCOPE_OUTSIDE();
    if (dto.branchId !== undefined) await this.branches.findVisible(actor, dto.branchId);
    if (dto.lecturerId !== undefined) await this.lecturers.findManageable(actor, dto.lecturerId);
    if (dto.regionId !== undefined) await this.regions.findVisible(actor, dto.regionId);
    const saved = await this.repository.insert({
      username: dto.username.normalize('NFKC'),
      passwordHash: await AuthService.hashPassword(dto.password),
      role: dto.role,
      branchId: dto.branchId ?? null,
      lecturerId: dto.lecturerId ?? null,
      regionId: dto.regionId ?? null,
      passwordChangeRequired: options.temporary ?? false,
    });
    return toAccountView(saved);
  }

  async list(actor: Actor, q: AccountQuery): Promise<Page<AccountDetailView>> {
    const page = await this.repository.list(regionScopeOf(actor), q);
    return { ...page, items: page.items.map(toAccountDetailView) };
  }

  async get(actor: Actor, id: string): Promise<AccountDetailView> {
    return toAccountDetailView(await this.findManageable(actor, id));
  }

  /** Switching an account off or on, or moving an admin's scope (within the actor's own). Takes effect on the next request. */
  async update(actor: Actor, id: string, dto: UpdateAccountDto): Promise<AccountDetailView> {
    const account = await this.findManageable(actor, id);
    if (dto.disabled === true && account.id === actor.accountId) throw AccountErrors.ACCOUNT_SELF_DISABLE();
    // Narrowed, an admin could never widen its scope again (only within its own); the city's only admin would shut the city out.
    if (dto.regionId !== undefined && dto.regionId !== account.regionId && account.id === actor.accountId)
      throw AccountErrors.ACCOUNT_SELF_SCOPE();
    if (dto.regionId !== undefined) {
      // The field sent is what is wrong here: the account's role is not the request's to change.
      if (account.role !== 'admin') throw AccountErrors.ACCOUNT_LINK_INVALID('Only an admin account takes a regionId.', 'regionId');
      // As at creation: the whole city is refused to a banner admin; a region it cannot see is not found.
      if (dto.regionId === null && regionScopeOf(actor) !== null) throw AccountErrors.ACCOUNT_SCOPE_OUTSIDE();
      if (dto.regionId !== null) await this.regions.findVisible(actor, dto.regionId);
      await this.repository.setRegion(id, dto.regionId);
    }
    if (dto.disabled !== undefined) await this.repository.setDisabled(id, dto.disabled);
    this.live.forget(id);
    return toAccountDetailView((await this.repository.findById(id)) as Account);
  }

  /** The language the actor reads the pages in; the first choice made before logging in sticks when it had none. */
  settleUiLanguage(actor: Actor, firstChoice: UiLanguage | null): Promise<UiLanguage | null> {
    return this.repository.settleUiLanguage(actor.accountId, firstChoice);
  }

  /** Each person chooses their own language only: the account is the actor's own. */
  setUiLanguage(actor: Actor, language: UiLanguage): Promise<void> {
    return this.repository.setUiLanguage(actor.accountId, language);
  }

  /** A new temporary password, shown once: every token of the account must change it before anything else. */
  async resetPassword(actor: Actor, id: string): Promise<TemporaryPasswordView> {
    const account = await this.findManageable(actor, id);
    const password = temporaryPassword();
    await this.repository.setTemporaryPassword(account.id, await AuthService.hashPassword(password));
    this.live.forget(account.id);
    return { temporaryPassword: password };
  }

  /** An account the actor manages: its branch, its lecturer's home or its admin scope lies in the actor's scope. */
  private async findManageable(actor: Actor, id: string): Promise<Account> {
    const account = await this.repository.findById(id);
    if (!account || !(await this.manages(actor, account))) throw AccountErrors.ACCOUNT_NOT_FOUND();
    return account;
  }

  private async manages(actor: Actor, account: Account): Promise<boolean> {
    const scope = regionScopeOf(actor);
    if (scope === null) return true;
    const notFoundIsFalse = (err: unknown) => {
      if ((err as { status?: number }).status === 404) return false;
      throw err;
    };
    if (account.branchId !== null) return this.branches.findVisible(actor, account.branchId).then(() => true, notFoundIsFalse);
    if (account.lecturerId !== null) return this.lecturers.findManageable(actor, account.lecturerId).then(() => true, notFoundIsFalse);
    return account.regionId !== null && this.regionVisible(actor, account.regionId);
  }

  private async regionVisible(actor: Actor, regionId: string): Promise<boolean> {
    const region = await this.regions.findById(regionId).catch(() => null);
    return region !== null && scopeCovers(regionScopeOf(actor), region);
  }
}
