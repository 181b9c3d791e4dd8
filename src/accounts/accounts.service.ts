import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type Actor, regionScopeOf } from '../auth/actor.js';
import type { AccountView } from '../auth/auth.dto.js';
import { AuthService, toAccountView } from '../auth/auth.service.js';
import type { CredentialStore, Credentials } from '../auth/credential-store.js';
import { BranchesService } from '../branches/branches.service.js';
import { AppConfig } from '../config/app-config.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { RegionsService } from '../regions/regions.service.js';
import { Account } from './account.entity.js';
import type { CreateAccountDto } from './accounts.dto.js';
import { AccountErrors } from './accounts.errors.js';

/** Accounts and their lifecycle; also the store logins read credentials from. */
@Injectable()
export class AccountsService implements CredentialStore, OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    private readonly config: AppConfig,
    private readonly regions: RegionsService,
    private readonly branches: BranchesService,
    private readonly lecturers: LecturersService,
  ) {}

  /** INITIAL_ADMIN_USERNAME/PASSWORD create the first city-wide admin when there is no admin yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { INITIAL_ADMIN_USERNAME: username, INITIAL_ADMIN_PASSWORD: password } = this.config;
    if (!username || !password) return;
    if (await this.accounts.existsBy({ role: 'admin' })) return;
    await this.accounts.query(
      `INSERT INTO accounts (username, password_hash, role) VALUES ($1, $2, 'admin') ON CONFLICT ON CONSTRAINT accounts_username_key DO NOTHING`,
      [username, await AuthService.hashPassword(password)],
    );
    this.logger.log(`created the initial admin '${username}'`);
  }

  /** By the normalised name (`accounts.username_key`), so that `ADMIN` or ` admin ` finds `admin`. */
  findByUsername(username: string): Promise<Credentials | null> {
    return this.accounts
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.username_key = lower(normalize(CAST(:username AS text), NFKC))', { username: username.trim() })
      .getOne();
  }

  /** Admins create accounts for what lies in their scope; a role takes exactly the link it needs. */
  async create(actor: Actor, dto: CreateAccountDto): Promise<AccountView> {
    const links = { branch: dto.branchId !== undefined, lecturer: dto.lecturerId !== undefined, region: dto.regionId !== undefined };
    const valid =
      (dto.role === 'branch' && links.branch && !links.lecturer && !links.region) ||
      (dto.role === 'lecturer' && links.lecturer && !links.branch && !links.region) ||
      (dto.role === 'admin' && !links.branch && !links.lecturer && (links.region || regionScopeOf(actor) === null));
    if (!valid) throw AccountErrors.ACCOUNT_LINK_INVALID();
    if (dto.branchId !== undefined) await this.branches.findVisible(actor, dto.branchId);
    if (dto.lecturerId !== undefined) await this.lecturers.findManageable(actor, dto.lecturerId);
    if (dto.regionId !== undefined) await this.regions.findVisible(actor, dto.regionId);
    const saved = await this.accounts.save(
      this.accounts.create({
        username: dto.username.normalize('NFKC'),
        passwordHash: await AuthService.hashPassword(dto.password),
        role: dto.role,
        branchId: dto.branchId ?? null,
        lecturerId: dto.lecturerId ?? null,
        regionId: dto.regionId ?? null,
      }),
    );
    return toAccountView(saved);
  }
}
