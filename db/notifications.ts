// In-app notifications per user: created by the services that raise them (comments, mentions,
// suggestions, access), listed newest first, counted while unread, marked read.
import type { Database, NotificationRow, NotificationsRepo } from './types.ts';
import { isUuid } from './uuid.ts';

interface NotificationRecord {
  id: string;
  user_id: string;
  kind: string;
  resume_id: string | null;
  resume_title: string | null;
  actor_id: string | null;
  actor_name: string | null;
  data: unknown;
  read_at: Date | null;
  created_at: Date;
}

const SELECT = `SELECT n.id, n.user_id, n.kind, n.resume_id, r.title AS resume_title, n.actor_id, u.username AS actor_name,
                       n.data, n.read_at, n.created_at
                  FROM notifications n
                  LEFT JOIN resumes r ON r.id = n.resume_id
                  LEFT JOIN users u ON u.id = n.actor_id`;

const toRow = (r: NotificationRecord): NotificationRow => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  resume: r.resume_id ? { id: r.resume_id, title: r.resume_title ?? '' } : null,
  actor: r.actor_id ? { id: r.actor_id, username: r.actor_name ?? '' } : null,
  data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
  readAt: r.read_at,
  createdAt: r.created_at,
});

export function notificationsRepo(db: Database): NotificationsRepo {
  return {
    async create(input) {
      if (input.userIds.length === 0) return [];
      const rows = await db.primary.query<{ id: string }>(
        `INSERT INTO notifications (user_id, kind, resume_id, actor_id, data)
         SELECT u, $2, $3, $4, $5::jsonb FROM unnest($1::uuid[]) AS u
         RETURNING id`,
        [input.userIds, input.kind, input.resumeId, input.actorId, JSON.stringify(input.data ?? {})],
      );
      const created = await db.primary.query<NotificationRecord>(`${SELECT} WHERE n.id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return created.map(toRow);
    },

    async list(userId, opts) {
      if (!isUuid(userId)) return [];
      const rows = await db.primary.query<NotificationRecord>(
        `${SELECT}
          WHERE n.user_id = $1 AND ($2::timestamptz IS NULL OR n.created_at < $2::timestamptz)
          ORDER BY n.created_at DESC, n.id DESC
          LIMIT $3`,
        [userId, opts.before ?? null, opts.limit],
      );
      return rows.map(toRow);
    },

    async unreadCount(userId) {
      const [row] = await db.primary.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
        [userId],
      );
      return row?.n ?? 0;
    },

    async markRead(userId, ids) {
      const rows = ids
        ? await db.primary.query(
            'UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL RETURNING id',
            [userId, ids.filter(isUuid)],
          )
        : await db.primary.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id', [userId]);
      return rows.length;
    },
  };
}
