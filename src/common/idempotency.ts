import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { errorCatalogue, validationFailed } from './domain-error.js';
import { inTransaction } from './transactions.js';

export const IdempotencyErrors = errorCatalogue({
  IDEMPOTENCY_KEY_REUSED: { status: 422, detail: 'This Idempotency-Key was already used with a different request body.' },
});

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
  replayed: boolean;
}

/** JSON with sorted keys, so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

class KeyTakenMeanwhile extends Error {}

/**
 * The Idempotency-Key contract (IETF draft): the same key and body from the same account returns the
 * first response and creates nothing new; the same key with another body is a 422. The record is
 * written in the same transaction as the work, so a response the client saw always has its record,
 * and two concurrent requests with one key serialise on the primary key: the second waits for the
 * first to commit and then replays its response.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  static validateKey(key: string): void {
    if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw validationFailed([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-255 visible ASCII characters' }]);
    }
  }

  async run<T>(accountId: string, key: string, request: unknown, work: (manager: EntityManager) => Promise<{ status: number; body: T }>): Promise<StoredResponse<T>> {
    IdempotencyService.validateKey(key);
    const hash = createHash('sha256').update(canonical(request)).digest('hex');
    const earlier = await this.find<T>(accountId, key, hash);
    if (earlier) return earlier;
    try {
      const fresh = await inTransaction(this.dataSource, async (manager) => {
        const result = await work(manager);
        const stored = await manager.query(
          `INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT ON CONSTRAINT idempotency_keys_pk DO NOTHING RETURNING 1`,
          [accountId, key, hash, result.status, JSON.stringify(result.body)],
        );
        if (stored.length === 0) throw new KeyTakenMeanwhile();
        return result;
      });
      return { ...fresh, replayed: false };
    } catch (err) {
      if (!(err instanceof KeyTakenMeanwhile)) throw err;
      const winner = await this.find<T>(accountId, key, hash);
      if (!winner) throw err;
      return winner;
    }
  }

  private async find<T>(accountId: string, key: string, hash: string): Promise<StoredResponse<T> | undefined> {
    const rows: Array<{ request_hash: string; response_status: number; response_body: T }> = await this.dataSource.query(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE account_id = $1 AND key = $2',
      [accountId, key],
    );
    if (rows.length === 0) return undefined;
    if (rows[0].request_hash !== hash) throw IdempotencyErrors.IDEMPOTENCY_KEY_REUSED();
    return { status: rows[0].response_status, body: rows[0].response_body, replayed: true };
  }

  /** Keys are kept at least 24 hours (the contract); older ones are dropped by the sweeper. */
  async purgeOlderThan(hours: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
  }
}
