import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { pgErrorOf } from './database-errors.js';
import { errorCatalogue, validationFailed } from './domain-error.js';
import type { SqlParams } from './sql.js';

export const IdempotencyErrors = errorCatalogue({
  IDEMPOTENCY_KEY_REUSED: { status: 422, detail: 'This Idempotency-Key was already used with a different request body.' },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    detail: 'A request with this Idempotency-Key is still being processed; retry once it has finished.',
  },
});

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
  replayed: boolean;
}

/** One request's claim on a key: who, which key, and the hash of its body. */
export interface IdempotencyClaim {
  accountId: string;
  key: string;
  hash: string;
}

/** The header's value, if it is one the contract allows (1-255 visible ASCII characters); else a 400. */
export function checkedIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw validationFailed([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-255 visible ASCII characters' }]);
  }
  return key;
}

/** What a request's body is compared by: the SHA-256 of its canonical JSON, or of the bytes of an upload. */
export const sha256Hex = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

/** JSON with sorted keys, so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The Idempotency-Key contract (IETF draft): the same key and body from the same account returns the
 * first response and creates nothing new; the same key with another body is a 422. The response is
 * recorded by the very statement that does the work (`recordCte`), so a response the client saw
 * always has its record. A retry while the first request runs is refused (`exclusively`); should two
 * instances run one key at once, they meet on the primary key: the second waits for the first to
 * commit, fails on the key, and replays the first response.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  /** Keys (`account:key`) of the requests this process is running now. */
  private readonly running = new Set<string>();

  claim(accountId: string, key: string, request: unknown): IdempotencyClaim {
    return { accountId, key: checkedIdempotencyKey(key), hash: sha256Hex(canonical(request)) };
  }

  /**
   * Runs the request under its claim; a retry arriving while the first is still running is a 409
   * (IDEMPOTENCY_REQUEST_IN_PROGRESS), as the contract says. The guard is this process's: across
   * instances the key's primary key still keeps the work to one (the retry then replays).
   */
  async exclusively<T>(claim: IdempotencyClaim, work: () => Promise<T>): Promise<T> {
    const id = `${claim.accountId}:${claim.key}`;
    if (this.running.has(id)) throw IdempotencyErrors.IDEMPOTENCY_REQUEST_IN_PROGRESS();
    this.running.add(id);
    try {
      return await work();
    } finally {
      this.running.delete(id);
    }
  }

  /** A CTE (`idem`) recording the response, to add to the statement that does the work; its values join `params`. */
  static recordCte(params: SqlParams, claim: IdempotencyClaim, response: { status: number; body: unknown }): string {
    const values = [claim.accountId, claim.key, claim.hash, response.status, JSON.stringify(response.body)].map((v) => params.add(v));
    return `idem AS (INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body)
      VALUES (${values.join(', ')}) RETURNING 1)`;
  }

  /** After the work's statement failed: the first response if the key was taken (a 422 for another body); else the error. */
  async replayOnConflict<T>(err: unknown, claim: IdempotencyClaim): Promise<StoredResponse<T>> {
    if (pgErrorOf(err)?.constraint !== 'idempotency_keys_pk') throw err;
    const rows: Array<{ request_hash: string; response_status: number; response_body: T }> = await this.dataSource.query(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE account_id = $1 AND key = $2',
      [claim.accountId, claim.key],
    );
    if (rows.length === 0) throw err;
    if (rows[0].request_hash !== claim.hash) throw IdempotencyErrors.IDEMPOTENCY_KEY_REUSED();
    return { status: rows[0].response_status, body: rows[0].response_body, replayed: true };
  }

  /**
   * For work that cannot be repeated (a state transition): whether this claim's request was done before,
   * read in the work's own transaction under its row lock; the same key with another body is a 422.
   */
  async doneBefore(manager: EntityManager, claim: IdempotencyClaim): Promise<boolean> {
    const rows: Array<{ request_hash: string }> = await manager.query(
      'SELECT request_hash FROM idempotency_keys WHERE account_id = $1 AND key = $2',
      [claim.accountId, claim.key],
    );
    if (rows.length === 0) return false;
    if (rows[0].request_hash !== claim.hash) throw IdempotencyErrors.IDEMPOTENCY_KEY_REUSED();
    return true;
  }

  /**
   * Records the claim in the transaction that does its work, so the work and its record commit together. A key
   * already taken is a 422: its first request was another one (a retry of this very request finds its work done
   * and is answered by `doneBefore` instead); a request running under the key on another instance is waited for.
   */
  async recordIn(manager: EntityManager, claim: IdempotencyClaim, response: { status: number; body: unknown }): Promise<void> {
    const recorded: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT idempotency_keys_pk DO NOTHING RETURNING 1`,
      [claim.accountId, claim.key, claim.hash, response.status, JSON.stringify(response.body)],
    );
    if (recorded.length === 0) throw IdempotencyErrors.IDEMPOTENCY_KEY_REUSED();
  }

  /** Keys are kept at least 24 hours (the contract); older ones are dropped by the sweeper. */
  async purgeOlderThan(hours: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
  }
}
