// Comment threads on a resume: a root comment carries the anchor (a span of a field or a whole
// item), replies point at their root. Every read is scoped by resume, so an id from another
// resume names nothing here.
import type { Database } from './types.ts';
import { isUuid } from './uuid.ts';

export interface PersonRef {
  id: string;
  username: string;
}

export interface CommentRow {
  id: string;
  resumeId: string;
  /** The root's id for a reply; null for a root (which has the anchor). */
  threadId: string | null;
  author: PersonRef | null;
  body: string;
  /** Ids of members mentioned in the body. */
  mentions: string[];
  /** The anchor's JSON as stored (roots only); its shape belongs to collab/anchors.ts. */
  anchor: unknown;
  resolvedAt: Date | null;
  resolvedBy: PersonRef | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CommentsRepo {
  /** Every comment of the resume, roots and replies, oldest first. */
  list(resumeId: string): Promise<CommentRow[]>;
  /** A thread: its root first, then the replies oldest first; empty when there is no such root in the resume. */
  thread(resumeId: string, rootId: string): Promise<CommentRow[]>;
  get(resumeId: string, id: string): Promise<CommentRow | null>;
  /** A root (threadId null, anchor given) or a reply (threadId given, anchor null). */
  create(input: {
    resumeId: string;
    threadId: string | null;
    authorId: string;
    body: string;
    mentions: readonly string[];
    anchor: unknown;
  }): Promise<CommentRow>;
  edit(resumeId: string, id: string, input: { body: string; mentions: readonly string[] }): Promise<CommentRow | null>;
  /** Deleting a root deletes its replies. False when there was no such comment. */
  delete(resumeId: string, id: string): Promise<boolean>;
  /** Resolves a root (by = who) or reopens it (by = null); null when there is no such root. */
  setResolved(resumeId: string, rootId: string, by: string | null): Promise<CommentRow | null>;
}

interface CommentRecord {
  id: string;
  resume_id: string;
  thread_id: string | null;
  author_id: string | null;
  author_name: string | null;
  body: string;
  mentions: unknown;
  anchor: unknown;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolver_name: string | null;
  created_at: Date;
  updated_at: Date;
}

// mentions go out as JSON so both drivers hand back a plain array of strings.
const SELECT_FROM = (source: string) => `
  SELECT c.id, c.resume_id, c.thread_id, c.author_id, a.username AS author_name, c.body,
         to_json(c.mentions) AS mentions, c.anchor, c.resolved_at, c.resolved_by, r.username AS resolver_name,
         c.created_at, c.updated_at
    FROM ${source} c
    LEFT JOIN users a ON a.id = c.author_id
    LEFT JOIN users r ON r.id = c.resolved_by`;

const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const person = (id: string | null, name: string | null): PersonRef | null => (id ? { id, username: name ?? '' } : null);

const toRow = (r: CommentRecord): CommentRow => ({
  id: r.id,
  resumeId: r.resume_id,
  threadId: r.thread_id,
  author: person(r.author_id, r.author_name),
  body: r.body,
  mentions: (json(r.mentions) as string[] | null) ?? [],
  anchor: json(r.anchor),
  resolvedAt: r.resolved_at,
  resolvedBy: person(r.resolved_by, r.resolver_name),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function commentsRepo(db: Database): CommentsRepo {
  const sql = db.primary;
  const one = async (text: string, params: unknown[]) => {
    const [row] = await sql.query<CommentRecord>(text, params);
    return row ? toRow(row) : null;
  };
  return {
    async list(resumeId) {
      if (!isUuid(resumeId)) return [];
      const rows = await sql.query<CommentRecord>(`${SELECT_FROM('comments')} WHERE c.resume_id = $1 ORDER BY c.created_at, c.id`, [resumeId]);
      return rows.map(toRow);
    },

    async thread(resumeId, rootId) {
      if (!isUuid(resumeId) || !isUuid(rootId)) return [];
      const rows = await sql.query<CommentRecord>(
        `${SELECT_FROM('comments')}
          WHERE c.resume_id = $1 AND (c.id = $2 AND c.thread_id IS NULL OR c.thread_id = $2)
          ORDER BY c.thread_id IS NOT NULL, c.created_at, c.id`,
        [resumeId, rootId],
      );
      return rows[0]?.thread_id === null ? rows.map(toRow) : [];
    },

    async get(resumeId, id) {
      if (!isUuid(resumeId) || !isUuid(id)) return null;
      return one(`${SELECT_FROM('comments')} WHERE c.resume_id = $1 AND c.id = $2`, [resumeId, id]);
    },

    async create(input) {
      const row = await one(
        `WITH c AS (
           INSERT INTO comments (resume_id, thread_id, author_id, body, mentions, anchor)
           VALUES ($1, $2, $3, $4, $5::uuid[], $6::jsonb) RETURNING *
         ) ${SELECT_FROM('c')}`,
        [input.resumeId, input.threadId, input.authorId, input.body, [...input.mentions], input.anchor === null ? null : JSON.stringify(input.anchor)],
      );
      if (!row) throw new Error('INSERT INTO comments returned no row');
      return row;
    },

    async edit(resumeId, id, input) {
      if (!isUuid(resumeId) || !isUuid(id)) return null;
      return one(
        `WITH c AS (
           UPDATE comments SET body = $3, mentions = $4::uuid[], updated_at = now()
            WHERE resume_id = $1 AND id = $2 RETURNING *
         ) ${SELECT_FROM('c')}`,
        [resumeId, id, input.body, [...input.mentions]],
      );
    },

    async delete(resumeId, id) {
      if (!isUuid(resumeId) || !isUuid(id)) return false;
      const rows = await sql.query('DELETE FROM comments WHERE resume_id = $1 AND id = $2 RETURNING id', [resumeId, id]);
      return rows.length > 0;
    },

    async setResolved(resumeId, rootId, by) {
      if (!isUuid(resumeId) || !isUuid(rootId)) return null;
      return one(
        `WITH c AS (
           UPDATE comments
              SET resolved_at = CASE WHEN $3::uuid IS NULL THEN NULL ELSE now() END, resolved_by = $3::uuid
            WHERE resume_id = $1 AND id = $2 AND thread_id IS NULL RETURNING *
         ) ${SELECT_FROM('c')}`,
        [resumeId, rootId, by],
      );
    },
  };
}
