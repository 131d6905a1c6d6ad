// Read-your-writes with a read replica: a person who changed something (any successful non-GET
// /api request) reads from the primary for the next few seconds, on whichever node serves them,
// so the list shows the resume they just created even while the replica lags behind.
import type { Context, Next } from 'koa';
import { onPrimary } from '../../db/index.ts';
import type { Cache } from '../cache/index.ts';
import type { ApiState } from './router.ts';

/** Longer than replication lag should ever be; a lagging replica past it is an operator's alarm. */
export const OWN_WRITES_WINDOW_MS = 10_000;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Installed after sessionUser, and only when a replica is configured. The marker lives in the
 *  shared cache (Redis in a cluster: the next request may reach another node); when the cache
 *  fails, reads go to the primary, which is never wrong, only busier. */
export function readYourWrites(cache: Cache, windowMs = OWN_WRITES_WINDOW_MS) {
  return async (ctx: Context & { state: ApiState }, next: Next) => {
    const user = ctx.state.user;
    if (!user || !ctx.path.startsWith('/api/')) return next();
    const key = `wrote:${user.id}`;
    if (!READS.has(ctx.method)) {
      // Marked before the write runs, so a read racing it cannot slip past to the replica.
      await cache.set(key, '1', windowMs).catch((err: unknown) => ctx.state.log.warn({ err }, 'read-your-writes marker not set'));
      return onPrimary(next);
    }
    const wroteLately = await cache.get(key).then(
      (value) => value !== undefined,
      () => true,
    );
    return wroteLately ? onPrimary(next) : next();
  };
}
