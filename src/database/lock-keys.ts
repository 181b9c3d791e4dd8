/**
 * Every PostgreSQL advisory lock of the platform: the keys, in one registry so that two jobs can never share
 * a key by accident (a unit test checks that they are distinct), and the one way each kind is taken.
 */
import { setTimeout } from 'node:timers/promises';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export const LOCK_KEYS = {
  /** Applying migrations: replicas starting together wait for one another. */
  migrations: 72_601_253,
  /** Loading the demo city into an empty database. */
  demoSeed: 72_601_255,
  /** A real scheduling run: two runs never plan on the same free time. */
  schedulingRun: 72_601_254,
  /** A real import: two imports never plan against rows the other is writing. */
  imports: 72_601_256,
} as const;

export type LockName = keyof typeof LOCK_KEYS;

/** Waits for the lock and holds it until the transaction ends. */
export async function lockForTransaction(manager: EntityManager, name: LockName): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEYS[name]]);
}

/** Waits for the lock and holds it on this connection until `unlockSession`. */
export async function lockSession(runner: QueryRunner, name: LockName): Promise<void> {
  await runner.query('SELECT pg_advisory_lock($1)', [LOCK_KEYS[name]]);
}

/** Takes the lock on this connection if no one holds it: whether it was taken. */
export async function tryLockSession(runner: QueryRunner, name: LockName): Promise<boolean> {
  const rows = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEYS[name]])) as Array<{ locked: boolean }>;
  return rows[0].locked;
}

export async function unlockSession(runner: QueryRunner, name: LockName): Promise<void> {
  await runner.query('SELECT pg_advisory_unlock($1)', [LOCK_KEYS[name]]);
}

/**
 * A connection holding the named session lock, for work that must not overlap (real scheduling runs, real imports).
 * A caller waiting for another holds no connection (it polls with pg_try_advisory_lock, each try on a connection it
 * gives back), so however many arrive at once they cannot starve the pool of the connections the holder's work needs.
 * Undefined once `waitMs` has passed in vain. The holder releases the lock with `unlockSession`, then the connection.
 */
export async function connectionHolding(
  dataSource: DataSource,
  name: LockName,
  waitMs: number,
  pollMs = 100,
): Promise<QueryRunner | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    if (await tryLockSession(runner, name)) return runner;
    await runner.release();
    if (Date.now() >= deadline) return undefined;
    await setTimeout(pollMs);
  }
}
