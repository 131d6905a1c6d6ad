// The per-resume activity log its owner reads: who joined or left, role changes, restores,
// exports. Appended by the services that do those things; read newest first.
import type { ActivityEntry, ActivityRepo, Database } from './types.ts';
import { isUuid } from './uuid.ts';

interface ActivityRecord {
  id: string;
  resume_id: string;
  actor_id: string | null;
  actor_name: string | null;
  subject_id: string | null;
  subject_name: string | null;
  kind: string;
  data: unknown;
  created_at: Date;
}

const toEntry = (r: ActivityRecord): ActivityEntry => ({
  id: String(r.id),
  resumeId: r.resume_id,
  actor: r.actor_id ? { id: r.actor_id, username: r.actor_name ?? '' } : null,
  subject: r.subject_id ? { id: r.subject_id, username: r.subject_name ?? '' } : null,
  kind: r.kind,
  data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
  createdAt: r.created_at,
});

export function activityRepo(db: Database): ActivityRepo {
  return {
    async record(entry) {
      await db.primary.query(
        'INSERT INTO resume_activity (resume_id, actor_id, kind, data) VALUES ($1, $2, $3, $4::jsonb)',
        [entry.resumeId, entry.actorId, entry.kind, JSON.stringify(entry.data ?? {})],
      );
    },

    async list(resumeId, opts) {
      if (!isUuid(resumeId)) return [];
      const rows = await db.primary.query<ActivityRecord>(
        `SELECT a.id, a.resume_id, a.actor_id, u.username AS actor_name, s.id AS subject_id, s.username AS subject_name,
                a.kind, a.data, a.created_at
           FROM resume_activity a
           LEFT JOIN users u ON u.id = a.actor_id
           -- The member an entry is about (a role change, a removal), when data names one.
           LEFT JOIN users s ON s.id = CASE WHEN a.data->>'userId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                            THEN (a.data->>'userId')::uuid END
          WHERE a.resume_id = $1 AND ($2::bigint IS NULL OR a.id < $2::bigint)
          ORDER BY a.id DESC
          LIMIT $3`,
        [resumeId, opts.before ?? null, opts.limit],
      );
      return rows.map(toEntry);
    },
  };
}
