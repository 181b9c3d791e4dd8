/**
 * Every PostgreSQL advisory lock key of the platform, in one registry so that two jobs can never share a
 * key by accident. Keys are arbitrary but must stay distinct; a unit test checks that they are.
 */
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
