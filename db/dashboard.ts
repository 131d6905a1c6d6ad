// The coach dashboard's reads: every resume shared with a person, with its owner, who edited it
// last, its recent scores and its open comments and waiting suggestions, in one set-based query
// (read from the replica: a dashboard tolerates a moment's lag), plus the small lookups its live
// side needs.
import type { Database, Role } from './types.ts';
import { toRole } from './roles.ts';
import { isUuid } from './uuid.ts';

export interface DashboardEntry {
  id: string;
  title: string;
  /** My role on it (never owner: owned resumes are not on the dashboard). */
  role: Role;
  owner: { id: string; username: string };
  /** Last edit or rename; the dashboard's "last activity". */
  updatedAt: Date;
  /** Who typed last (null before anyone has, or when their account is gone). */
  lastEditedBy: { id: string; username: string } | null;
  /** Scores of the most recent analyses, oldest first (empty until one has run). */
  scores: number[];
  /** Comment threads neither resolved nor deleted. */
  openComments: number;
  /** Suggestions still waiting for the owner or an editor. */
  waitingSuggestions: number;
}

export interface DashboardRepo {
  /** Resumes shared with the user (a member, not the owner), latest activity first; one statement.
   *  `resumeId` narrows it to that one (for refreshing a single row). */
  sharedWith(userId: string, opts: { sparkline: number; resumeId?: string }): Promise<DashboardEntry[]>;
  /** How many resumes are shared with the user, and by how many owners (for the navigation). */
  sharedCounts(userId: string): Promise<{ resumes: number; clients: number }>;
  /** The ids of the resumes shared with the user, from the primary (socket.io room joins check access with it). */
  sharedIds(userId: string): Promise<string[]>;
  /** Usernames by user id, from the primary (unknown ids are absent). */
  usernames(userIds: readonly string[]): Promise<Map<string, string>>;
}

interface EntryRecord {
  id: string;
  title: string;
  role: string;
  updated_at: Date;
  owner_id: string;
  owner_username: string;
  editor_id: string | null;
  editor_username: string | null;
  scores: number[] | null;
  open_comments: number;
  waiting_suggestions: number;
}

// Every per-resume figure is an index lookup inside the one statement: the recent analyses read in
// analyses_resume_created_idx order (no tie-breaker in the inner ORDER BY, or Postgres would read
// every analysis of the resume and sort them), open threads and pending suggestions through their
// partial indexes.
const SHARED_WITH = `
  SELECT r.id, r.title, m.role, r.updated_at,
         o.id AS owner_id, o.username AS owner_username,
         e.id AS editor_id, e.username AS editor_username,
         recent.scores,
         (SELECT count(*)::int FROM comments c
           WHERE c.resume_id = r.id AND c.thread_id IS NULL AND c.resolved_at IS NULL) AS open_comments,
         (SELECT count(*)::int FROM suggestions s
           WHERE s.resume_id = r.id AND s.status = 'pending') AS waiting_suggestions
    FROM resume_members m
    JOIN resumes r ON r.id = m.resume_id
    JOIN users o ON o.id = r.owner_id
    LEFT JOIN users e ON e.id = r.last_edited_by
    LEFT JOIN LATERAL (
      SELECT array_agg(a.score ORDER BY a.created_at, a.id) AS scores
        FROM (SELECT score, created_at, id FROM analyses
               WHERE resume_id = r.id ORDER BY created_at DESC LIMIT $3) a
    ) recent ON true
   WHERE m.user_id = $1 AND m.role <> 'owner' AND ($2::uuid IS NULL OR m.resume_id = $2::uuid)
   ORDER BY r.updated_at DESC, r.id`;

export function dashboardRepo(db: Database): DashboardRepo {
  return {
    async sharedWith(userId, opts) {
      if (!isUuid(userId)) return [];
      if (opts.resumeId !== undefined && !isUuid(opts.resumeId)) return [];
      const rows = await db.replica.query<EntryRecord>(SHARED_WITH, [userId, opts.resumeId ?? null, opts.sparkline]);
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        role: toRole(r.role),
        owner: { id: r.owner_id, username: r.owner_username },
        updatedAt: r.updated_at,
        lastEditedBy: r.editor_id ? { id: r.editor_id, username: r.editor_username ?? '' } : null,
        scores: (r.scores ?? []).map(Number),
        openComments: r.open_comments,
        waitingSuggestions: r.waiting_suggestions,
      }));
    },

    async sharedCounts(userId) {
      if (!isUuid(userId)) return { resumes: 0, clients: 0 };
      const [row] = await db.replica.query<{ resumes: number; clients: number }>(
        `SELECT count(*)::int AS resumes, count(DISTINCT r.owner_id)::int AS clients
           FROM resume_members m JOIN resumes r ON r.id = m.resume_id
          WHERE m.user_id = $1 AND m.role <> 'owner'`,
        [userId],
      );
      return row ?? { resumes: 0, clients: 0 };
    },

    async sharedIds(userId) {
      if (!isUuid(userId)) return [];
      const rows = await db.primary.query<{ resume_id: string }>(
        `SELECT resume_id FROM resume_members WHERE user_id = $1 AND role <> 'owner'`,
        [userId],
      );
      return rows.map((r) => r.resume_id);
    },

    async usernames(userIds) {
      const ids = [...new Set(userIds)].filter(isUuid);
      const names = new Map<string, string>();
      if (ids.length === 0) return names;
      // The primary: someone who signed up a moment ago may already have a resume open.
      const rows = await db.primary.query<{ id: string; username: string }>('SELECT id, username FROM users WHERE id = ANY($1::uuid[])', [ids]);
      for (const r of rows) names.set(r.id, r.username);
      return names;
    },
  };
}
