// Each resume's Yjs history: updates are appended in group commits, a room loads the snapshot
// plus the rows after it, and compaction folds the rows into the snapshot.
import type { Database, UpdateLogRepo } from './types.ts';
import { isUuid } from './uuid.ts';

export function updateLogRepo(db: Database): UpdateLogRepo {
  const sql = db.primary;
  return {
    async load(resumeId) {
      if (!isUuid(resumeId)) return { snapshot: null, updates: [] };
      // One statement, so one view of the data: a compaction committing between a snapshot read
      // and a log read would otherwise hide the rows it folded.
      const rows = await sql.query<{ is_snapshot: boolean; data: Uint8Array }>(
        `WITH s AS (SELECT data, upto_id FROM resume_snapshots WHERE resume_id = $1)
         SELECT true AS is_snapshot, data, 0::bigint AS id FROM s
         UNION ALL
         SELECT false, u.data, u.id FROM resume_updates u
          WHERE u.resume_id = $1 AND u.id > coalesce((SELECT upto_id FROM s), 0)
         ORDER BY is_snapshot DESC, id`,
        [resumeId],
      );
      const snapshot = rows[0]?.is_snapshot ? rows[0].data : null;
      return { snapshot, updates: rows.filter((r) => !r.is_snapshot).map((r) => r.data) };
    },

    async append(rows) {
      if (rows.length === 0) return;
      const resumeIds = [...new Set(rows.map((r) => r.resumeId))].filter(isUuid).sort();
      if (resumeIds.length === 0) return;
      // The last attributed row of each resume names who edited it last.
      const editedBy = new Map<string, string>();
      for (const r of rows) if (r.editedBy && isUuid(r.editedBy)) editedBy.set(r.resumeId, r.editedBy);
      await sql.transaction(async (tx) => {
        // Locking the resume rows first (in id order, so batches from two nodes cannot deadlock)
        // makes a concurrent delete wait for us or win outright, and makes compaction wait for
        // in-flight appends, so no row can commit behind a snapshot's upto_id. An editor whose
        // account is gone leaves last_edited_by as it was (a foreign-key error would fail the batch).
        await tx.query(
          `UPDATE resumes r
              SET updated_at = now(),
                  last_edited_by = coalesce((SELECT u.id FROM users u WHERE u.id = v.edited_by), r.last_edited_by)
             FROM unnest($1::uuid[], $2::uuid[]) AS v(id, edited_by)
            WHERE r.id = v.id
              AND r.id IN (SELECT id FROM resumes WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE)`,
          [resumeIds, resumeIds.map((id) => editedBy.get(id) ?? null)],
        );
        const kept = rows.filter((r) => isUuid(r.resumeId));
        await tx.query(
          `INSERT INTO resume_updates (resume_id, data)
           SELECT v.resume_id, v.data
             FROM unnest($1::uuid[], $2::bytea[]) WITH ORDINALITY AS v(resume_id, data, n)
            WHERE EXISTS (SELECT 1 FROM resumes r WHERE r.id = v.resume_id)
            ORDER BY v.n`,
          [kept.map((r) => r.resumeId), kept.map((r) => r.data)],
        );
      });
    },

    async compact(resumeId, merge) {
      if (!isUuid(resumeId)) return { folded: 0 };
      return sql.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('resume:' || $1::text, 0))`, [resumeId]);
        // Conflicts with append's row lock: appends in flight finish first, new ones wait for us.
        const [resume] = await tx.query('SELECT 1 FROM resumes WHERE id = $1 FOR NO KEY UPDATE', [resumeId]);
        if (!resume) return { folded: 0 };
        const [snapshot] = await tx.query<{ data: Uint8Array; upto_id: string }>(
          'SELECT data, upto_id::text FROM resume_snapshots WHERE resume_id = $1',
          [resumeId],
        );
        // Ids stay text in JS: bigserial may outgrow Number.MAX_SAFE_INTEGER.
        const updates = await tx.query<{ id: string; data: Uint8Array }>(
          `SELECT id::text, data FROM resume_updates WHERE resume_id = $1 AND id > $2::bigint ORDER BY resume_updates.id`,
          [resumeId, snapshot?.upto_id ?? '0'],
        );
        const last = updates.at(-1);
        if (!last) return { folded: 0 };
        const merged = merge([...(snapshot ? [snapshot.data] : []), ...updates.map((u) => u.data)]);
        await tx.query(
          `INSERT INTO resume_snapshots (resume_id, data, upto_id, updated_at) VALUES ($1, $2, $3::bigint, now())
           ON CONFLICT (resume_id) DO UPDATE SET data = EXCLUDED.data, upto_id = EXCLUDED.upto_id, updated_at = now()`,
          [resumeId, merged, last.id],
        );
        await tx.query('DELETE FROM resume_updates WHERE resume_id = $1 AND id <= $2::bigint', [resumeId, last.id]);
        return { folded: updates.length };
      });
    },
  };
}
