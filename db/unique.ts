// Postgres unique violations (SQLSTATE 23505) turned into UniqueViolation by constraint name;
// both pg and PGlite errors carry `code` and `constraint`, so no message text is read.
import { UniqueViolation } from './types.ts';

const UNIQUE_VIOLATION = '23505';

/** The UniqueViolation for err when it hit one of the named constraints, else null. */
export function uniqueViolation(err: unknown, fieldByConstraint: Readonly<Record<string, string>>): UniqueViolation | null {
  if (typeof err !== 'object' || err === null) return null;
  const code: unknown = Reflect.get(err, 'code');
  const constraint: unknown = Reflect.get(err, 'constraint');
  if (code !== UNIQUE_VIOLATION || typeof constraint !== 'string') return null;
  const field = Object.hasOwn(fieldByConstraint, constraint) ? fieldByConstraint[constraint] : undefined;
  return field ? new UniqueViolation(field) : null;
}
