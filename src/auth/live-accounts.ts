import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { type AccountState, actorOfAccount, sessionLive } from './account-state.js';
import { type Actor, actorFromClaims, type TokenClaims } from './actor.js';
import { CredentialStore } from './credential-store.js';

/** Where the accounts' trigger announces every change of an account or of its ended sessions (migration AccountLifecycle). */
export const ACCOUNT_CHANGED_CHANNEL = 'gpl_account_changed';
/** Accounts remembered at most: the oldest is forgotten first. */
const REMEMBERED = 20_000;
const RETRY_MS = { first: 500, max: 30_000 };

export interface LiveSession {
  actor: Actor;
  /** A temporary password: nothing but changing it (and logging out) until then. */
  passwordChangeRequired: boolean;
}

/**
 * The accounts as they are now, for every request, without a database round trip each time: an account
 * read once is remembered until PostgreSQL announces a change of it (LISTEN/NOTIFY, sent by a trigger on
 * commit, whoever writes), so several instances agree. Only while the listening connection is up is
 * anything remembered: when it drops, everything is forgotten and every request reads the database
 * until it listens again. A read that raced with an announcement is not remembered (the generation).
 */
@Injectable()
export class LiveAccounts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveAccounts.name);
  private readonly remembered = new Map<string, AccountState | null>();
  /** Bumped by every announcement and whenever listening starts or stops. */
  private generation = 0;
  private listening = false;
  private stopped = false;
  private client?: pg.Client;
  private retry?: { timer: NodeJS.Timeout; wake: () => void };

  constructor(
    private readonly store: CredentialStore,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    void this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) {
      clearTimeout(this.retry.timer);
      this.retry.wake();
    }
    await this.client?.end().catch(() => undefined);
  }

  /**
   * Whom a verified token acts for now, or undefined when it no longer may (logged out, disabled,
   * password changed, account deleted) or its claims do not fit its role (not issued by us).
   */
  async sessionOf(claims: TokenClaims): Promise<LiveSession | undefined> {
    if (!actorFromClaims(claims)) return undefined;
    const account = await this.state(claims.sub);
    const actor = account && sessionLive(account, claims) ? actorOfAccount(account) : undefined;
    return actor && account ? { actor, passwordChangeRequired: account.passwordChangeRequired } : undefined;
  }

  async state(accountId: string): Promise<AccountState | null> {
    const known = this.listening ? this.remembered.get(accountId) : undefined;
    if (known !== undefined) return known;
    const generation = this.generation;
    const state = await this.store.accountState(accountId);
    if (this.listening && generation === this.generation) this.remember(accountId, state);
    return state;
  }

  /** After this instance changed an account: forget it now, before its announcement comes back. */
  forget(accountId: string): void {
    this.generation++;
    this.remembered.delete(accountId);
  }

  private remember(accountId: string, state: AccountState | null): void {
    if (this.remembered.size >= REMEMBERED) this.remembered.delete(this.remembered.keys().next().value as string);
    this.remembered.set(accountId, state);
  }

  private forgetAll(): void {
    this.generation++;
    this.remembered.clear();
  }

  private async listen(): Promise<void> {
    let wait = RETRY_MS.first;
    while (!this.stopped) {
      const client = new pg.Client({
        connectionString: (this.db.options as { url?: string }).url,
        application_name: 'grassland-pioneer-listen',
      });
      this.client = client;
      const closed = new Promise<unknown>((resolve) => client.once('error', resolve).once('end', resolve));
      client.on('error', () => undefined);
      client.on('notification', (n) => n.payload !== undefined && this.forget(n.payload));
      try {
        await client.connect();
        await client.query(`LISTEN ${ACCOUNT_CHANGED_CHANNEL}`);
        this.forgetAll();
        this.listening = true;
        wait = RETRY_MS.first;
        await closed;
      } catch (err) {
        if (!this.stopped) this.logger.warn({ err }, 'not listening for account changes; reading accounts from the database meanwhile');
      }
      this.listening = false;
      this.forgetAll();
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      await new Promise<void>((wake) => (this.retry = { timer: setTimeout(wake, wait).unref(), wake }));
      wait = Math.min(RETRY_MS.max, wait * 2);
    }
  }
}
