import { QueryFailedError } from 'typeorm';

/** A unique constraint was violated (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT unique). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; message?: string } | undefined;
  return (
    driverError?.code === '23505' ||
    (driverError?.code?.startsWith('SQLITE_CONSTRAINT') === true && /UNIQUE/i.test(driverError.message ?? ''))
  );
}

/** A PostgreSQL exclusion constraint was violated (23P01). */
export function isExclusionViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  return (error.driverError as { code?: string } | undefined)?.code === '23P01';
}

/** SQLite: another connection holds the lock this statement needs (SQLITE_BUSY and its extended codes). */
export function isBusy(error: unknown): boolean {
  // A statement that could not even be prepared fails with the driver's own error (better-sqlite3's TypeORM driver).
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown } | undefined;
  return typeof driverError?.code === 'string' && driverError.code.startsWith('SQLITE_BUSY');
}
