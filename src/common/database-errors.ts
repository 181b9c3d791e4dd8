import { QueryFailedError } from 'typeorm';
import { CONSTRAINT_ERRORS } from '../database/constraint-errors.js';
import { CommonErrors, type DomainError } from './domain-error.js';

interface PgError { code?: string; constraint?: string }

export function pgErrorOf(err: unknown): PgError | undefined {
  if (err instanceof QueryFailedError) return err.driverError as PgError;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as PgError).code === 'string') return err as PgError;
  return undefined;
}

/** A PostgreSQL error the client caused (a named constraint), as the API answers it; undefined otherwise. */
export function domainErrorFromDatabase(err: unknown): DomainError | undefined {
  const pg = pgErrorOf(err);
  if (!pg?.code) return undefined;
  const make = pg.constraint && Object.hasOwn(CONSTRAINT_ERRORS, pg.constraint) ? CONSTRAINT_ERRORS[pg.constraint] : undefined;
  if (make) return make();
  if (pg.code === '23505' || pg.code === '23P01') return CommonErrors.CONFLICT('The request conflicts with existing data.');
  if (pg.code === '40001' || pg.code === '40P01') return CommonErrors.CONFLICT('The request raced with another one; try again.');
  return undefined;
}

/** Serialization failures and deadlocks are worth retrying as a whole transaction. */
export function isRetryable(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return code === '40001' || code === '40P01';
}
