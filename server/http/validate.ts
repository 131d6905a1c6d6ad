// Turns a request body into typed input or a 400 that names each bad field.
import { z } from 'zod';
import { AppError } from '../errors.ts';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const fields = result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    const first = fields[0];
    throw new AppError(
      400,
      'validation_failed',
      first ? `${first.path}: ${first.message}` : 'the request body is not valid',
      { fields },
    );
  }
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/** A route parameter; the router always sets the ones its path names. */
export function param(ctx: { params: Record<string, string | undefined> }, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new AppError(404, 'not_found', `missing ${name}`);
  return value;
}

/** Postgres's bigint range: a larger id would make the query fail rather than find nothing. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;
export const bigintId = (message: string) =>
  z.string().refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= MAX_BIGINT, message);

/** An ISO 8601 date and time whose year Postgres and every reader agree on (0001–9999). */
export const isoDateTime = (message: string) =>
  z.iso.datetime({ offset: true, message }).refine((v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, 'the year must be between 0001 and 9999');
