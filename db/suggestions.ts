// Suggestions: a proposed replacement of a span of one field, by a person or an AI rewrite a
// person passed on. Deciding is a claim (pending → accepted/rejected in one UPDATE), so two
// people accepting at once never apply it twice; an accept that cannot be applied is put back.
import type { PersonRef } from './comments.ts';
import type { Database } from './types.ts';
import { isUuid } from './uuid.ts';

export type SuggestionStatus = 'pending' | 'accepted' | 'rejected';
export type SuggestionSource = 'person' | 'ai';

export interface SuggestionRow {
  id: string;
  resumeId: string;
  author: PersonRef | null;
  source: SuggestionSource;
  /** The anchor's JSON as stored (a span); its shape belongs to collab/anchors.ts. */
  anchor: unknown;
  original: string;
  replacement: string;
  reason: string | null;
  status: SuggestionStatus;
  decidedBy: PersonRef | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface SuggestionsRepo {
  /** Oldest first; only those with the status when given. */
  list(resumeId: string, opts?: { status?: SuggestionStatus }): Promise<SuggestionRow[]>;
  get(resumeId: string, id: string): Promise<SuggestionRow | null>;
  create(input: {
    resumeId: string;
    authorId: string;
    source: SuggestionSource;
    anchor: unknown;
    original: string;
    replacement: string;
    reason: string | null;
  }): Promise<SuggestionRow>;
  /** Pending suggestions of one item (by the anchor's list and item id), oldest first. */
  pendingForItem(resumeId: string, list: string, itemId: string): Promise<SuggestionRow[]>;
  /** Moves the given pending suggestions to `status`; returns those it moved (others were not pending). */
  decide(resumeId: string, ids: readonly string[], status: 'accepted' | 'rejected', by: string): Promise<SuggestionRow[]>;
  /** Puts accepted ones back to pending: their edit could not be applied. */
  undecide(resumeId: string, ids: readonly string[]): Promise<void>;
}

interface SuggestionRecord {
  id: string;
  resume_id: string;
  author_id: string | null;
  author_name: string | null;
  source: string;
  anchor: unknown;
  original: string;
  replacement: string;
  reason: string | null;
  status: string;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const SELECT_FROM = (source: string) => `
  SELECT s.id, s.resume_id, s.author_id, a.username AS author_name, s.source, s.anchor, s.original, s.replacement,
         s.reason, s.status, s.decided_by, d.username AS decider_name, s.decided_at, s.created_at
    FROM ${source} s
    LEFT JOIN users a ON a.id = s.author_id
    LEFT JOIN users d ON d.id = s.decided_by`;

const person = (id: string | null, name: string | null): PersonRef | null => (id ? { id, username: name ?? '' } : null);
const toStatus = (value: string): SuggestionStatus => (value === 'accepted' || value === 'rejected' ? value : 'pending');

const toRow = (r: SuggestionRecord): SuggestionRow => ({
  id: r.id,
  resumeId: r.resume_id,
  author: person(r.author_id, r.author_name),
  source: r.source === 'ai' ? 'ai' : 'person',
  anchor: typeof r.anchor === 'string' ? JSON.parse(r.anchor) : r.anchor,
  original: r.original,
  replacement: r.replacement,
  reason: r.reason,
  status: toStatus(r.status),
  decidedBy: person(r.decided_by, r.decider_name),
  decidedAt: r.decided_at,
  createdAt: r.created_at,
});

export function suggestionsRepo(db: Database): SuggestionsRepo {
  const sql = db.primary;
  const many = async (text: string, params: unknown[]) => (await sql.query<SuggestionRecord>(text, params)).map(toRow);
  return {
    async list(resumeId, opts = {}) {
      if (!isUuid(resumeId)) return [];
      return many(`${SELECT_FROM('suggestions')} WHERE s.resume_id = $1 AND ($2::text IS NULL OR s.status = $2) ORDER BY s.created_at, s.id`, [
        resumeId,
        opts.status ?? null,
      ]);
    },

    async get(resumeId, id) {
      if (!isUuid(resumeId) || !isUuid(id)) return null;
      const [row] = await many(`${SELECT_FROM('suggestions')} WHERE s.resume_id = $1 AND s.id = $2`, [resumeId, id]);
      return row ?? null;
    },

    async create(input) {
      const [row] = await many(
        `WITH s AS (
           INSERT INTO suggestions (resume_id, author_id, source, anchor, original, replacement, reason)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING *
         ) ${SELECT_FROM('s')}`,
        [input.resumeId, input.authorId, input.source, JSON.stringify(input.anchor), input.original, input.replacement, input.reason],
      );
      if (!row) throw new Error('INSERT INTO suggestions returned no row');
      return row;
    },

    async pendingForItem(resumeId, list, itemId) {
      if (!isUuid(resumeId)) return [];
      return many(
        `${SELECT_FROM('suggestions')}
          WHERE s.resume_id = $1 AND s.status = 'pending' AND s.anchor->>'list' = $2 AND s.anchor->>'itemId' = $3
          ORDER BY s.created_at, s.id`,
        [resumeId, list, itemId],
      );
    },

    async decide(resumeId, ids, status, by) {
      const valid = ids.filter(isUuid);
      if (!isUuid(resumeId) || valid.length === 0) return [];
      const rows = await many(
        `WITH s AS (
           UPDATE suggestions SET status = $3, decided_by = $4, decided_at = now()
            WHERE resume_id = $1 AND id = ANY($2::uuid[]) AND status = 'pending' RETURNING *
         ) ${SELECT_FROM('s')}`,
        [resumeId, valid, status, by],
      );
      // RETURNING has no order; keep the caller's.
      return rows.sort((a, b) => valid.indexOf(a.id) - valid.indexOf(b.id));
    },

    async undecide(resumeId, ids) {
      const valid = ids.filter(isUuid);
      if (!isUuid(resumeId) || valid.length === 0) return;
      await sql.query(
        `UPDATE suggestions SET status = 'pending', decided_by = NULL, decided_at = NULL
          WHERE resume_id = $1 AND id = ANY($2::uuid[]) AND status = 'accepted'`,
        [resumeId, valid],
      );
    },
  };
}
