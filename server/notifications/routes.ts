// Notifications over REST: my list, newest first, paged by time, with the unread count; marking
// some or all read, which my other tabs hear at once (`notification:read`).
import { z } from 'zod';
import type { Store } from '../../db/types.ts';
import { requireUser } from '../auth/routes.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { isoDateTime, parseBody } from '../http/validate.ts';
import type { Realtime } from '../realtime/index.ts';
import { serializeNotification } from './service.ts';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** A `next` from the previous page: only notifications older than this. */
  before: isoDateTime('must be a date and time (ISO 8601)').optional(),
});

const readBody = z.object({
  /** These ones; absent: every unread notification. */
  ids: z.array(z.string().uuid('must be a notification id')).min(1).max(500).optional(),
});

export function notificationRoutes(deps: { store: Pick<Store, 'notifications'>; realtime: Pick<Realtime, 'toUser'> }): ApiRouter {
  const { store, realtime } = deps;
  const router = createRouter();

  router.get('/api/notifications', async (ctx) => {
    const user = requireUser(ctx);
    const query = parseBody(listQuery, ctx.query);
    const [rows, unread] = await Promise.all([
      store.notifications.list(user.id, { limit: query.limit, before: query.before ? new Date(query.before) : undefined }),
      store.notifications.unreadCount(user.id),
    ]);
    const last = rows.at(-1);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      notifications: rows.map(serializeNotification),
      unread,
      next: rows.length === query.limit && last ? last.createdAt.toISOString() : null,
    };
  });

  router.post('/api/notifications/read', async (ctx) => {
    const user = requireUser(ctx);
    const { ids } = parseBody(readBody, ctx.request.body ?? {});
    const updated = await store.notifications.markRead(user.id, ids);
    const unread = await store.notifications.unreadCount(user.id);
    if (updated > 0) realtime.toUser(user.id, 'notification:read', { ids: ids ?? null, unread });
    ctx.body = { updated, unread };
  });

  return router;
}
