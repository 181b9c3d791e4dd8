import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';

interface PgError { code?: string; constraint?: string }

const byConstraint = new Map<string, () => DomainError>();

/**
 * Features register what a violation of their named constraints means for the client
 * (e.g. the bookings exclusion constraint is "the lecturer is busy then").
 */
export function registerConstraintErrors(entries: Record<string, () => DomainError>): void {
  for (const [name, make] of Object.entries(entries)) byConstraint.set(name, make);
}

export function pgErrorOf(err: unknown): PgError | undefined {
  if (err instanceof QueryFailedError) return err.driverError as PgError;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as PgError).code === 'string') return err as PgError;
  return undefined;
}

/** A PostgreSQL error the client caused (a named constraint), as the API answers it; undefined otherwise. */
export function domainErrorFromDatabase(err: unknown): DomainError | undefined {
  const pg = pgErrorOf(err);
  if (!pg?.code) return undefined;
  const make = pg.constraint ? byConstraint.get(pg.constraint) : undefined;
  if (make) return make();
  if (pg.code === '23505' || pg.code === '23P01') return new DomainError('CONFLICT', 409, 'The request conflicts with existing data.');
  if (pg.code === '40001' || pg.code === '40P01') return new DomainError('CONFLICT', 409, 'The request raced with another one; try again.');
  return undefined;
}

/** Serialization failures and deadlocks are worth retrying as a whole transaction. */
export function isRetryable(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return code === '40001' || code === '40P01';
}
