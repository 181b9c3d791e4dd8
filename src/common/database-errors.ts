import { QueryFailedError } from 'typeorm';

/** What PostgreSQL says about a failed statement (SQLSTATE and, for a violation, the constraint's name). */
export interface PgError {
  code?: string;
  constraint?: string;
}

export function pgErrorOf(err: unknown): PgError | undefined {
  if (err instanceof QueryFailedError) return err.driverError as PgError;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as PgError).code === 'string') return err as PgError;
  return undefined;
}

/** Serialization failures and deadlocks are worth retrying as a whole transaction. */
export function isRetryable(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return code === '40001' || code === '40P01';
}
