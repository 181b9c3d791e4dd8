import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { hash, verify } from '@node-rs/argon2';
import { Repository } from 'typeorm';
import { BranchesService } from '../branches/branches.service.js';
import { registerConstraintErrors } from '../common/database-errors.js';
import { AppConfig } from '../config/app-config.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { RegionsService } from '../regions/regions.service.js';
import { Account } from './account.entity.js';
import type { Actor } from './actor.js';
import type { AccountView, CreateAccountDto, LoginResponse } from './auth.dto.js';
import { AuthErrors } from './auth.errors.js';
import type { TokenClaims } from './auth.guard.js';

registerConstraintErrors({ accounts_username_key: () => AuthErrors.USERNAME_TAKEN() });

// argon2id with OWASP's minimum parameters: memory-hard, ~20 ms here.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function toAccountView(a: Account): AccountView {
  return {
    id: a.id, username: a.username, role: a.role,
    ...(a.branchId ? { branchId: a.branchId } : {}), ...(a.lecturerId ? { lecturerId: a.lecturerId } : {}), ...(a.regionId ? { regionId: a.regionId } : {}),
  };
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the username is unknown, so that timing does not tell which usernames exist. */
  private decoyHash?: Promise<string>;

  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    private readonly jwt: JwtService,
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
      [username, await hash(password, ARGON2)],
    );
    this.logger.log(`created the initial admin '${username}'`);
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const account = await this.accounts.createQueryBuilder('a').addSelect('a.passwordHash')
      .where('a.username = :username', { username }).getOne();
    this.decoyHash ??= hash('decoy-password', ARGON2);
    // A stored hash that cannot be decoded is a wrong password, never a 500.
    const ok = await verify(account?.passwordHash ?? (await this.decoyHash), password).catch(() => false);
    if (!account || !ok) throw AuthErrors.INVALID_CREDENTIALS();
    const claims: TokenClaims = { sub: account.id, usr: account.username, role: account.role, bid: account.branchId, lid: account.lecturerId, rid: account.regionId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, account: toAccountView(account) };
  }

  me(actor: Actor): AccountView {
    return toAccountView({ id: actor.accountId, username: actor.username, role: actor.role, branchId: actor.branchId, lecturerId: actor.lecturerId, regionId: actor.regionId } as Account);
  }

  /** Admins create accounts for what lies in their scope; a role takes exactly the link it needs. */
  async createAccount(actor: Actor, dto: CreateAccountDto): Promise<AccountView> {
    const links = { branch: dto.branchId !== undefined, lecturer: dto.lecturerId !== undefined, region: dto.regionId !== undefined };
    const valid = (dto.role === 'branch' && links.branch && !links.lecturer && !links.region)
      || (dto.role === 'lecturer' && links.lecturer && !links.branch && !links.region)
      || (dto.role === 'admin' && !links.branch && !links.lecturer && (links.region || actor.regionId === null));
    if (!valid) throw AuthErrors.ACCOUNT_LINK_INVALID();
    if (dto.branchId !== undefined) await this.branches.findVisible(actor, dto.branchId);
    if (dto.lecturerId !== undefined) await this.lecturers.findManageable(actor, dto.lecturerId);
    if (dto.regionId !== undefined) await this.regions.findVisible(actor, dto.regionId);
    const saved = await this.accounts.save(this.accounts.create({
      username: dto.username, passwordHash: await hash(dto.password, ARGON2), role: dto.role,
      branchId: dto.branchId ?? null, lecturerId: dto.lecturerId ?? null, regionId: dto.regionId ?? null,
    }));
    return toAccountView(saved);
  }

  /** Used by the demo data and tests' fixtures: an account with a hashed password. */
  static hashPassword(password: string): Promise<string> {
    return hash(password, ARGON2);
  }
}
