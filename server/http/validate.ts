// Turns a request body into typed input or a 400 that names each bad field.
import type { z } from 'zod';
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
