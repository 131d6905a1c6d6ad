// Named and automatic versions of a resume: full Yjs snapshots kept apart from the update log.
// Lists never read the snapshot bytes; only viewing, comparing and restoring one does.
import type { Database, ResumeVersion, StoredVersion, VersionKind, VersionsRepo } from './types.ts';
import { isUuid } from './uuid.ts';

interface VersionRecord {
  id: string;
  resume_id: string;
  name: string | null;
  kind: string;
  created_by: string | null;
  creator_name: string | null;
  created_at: Date;
  size: number;
}

const KINDS: ReadonlySet<string> = new Set<VersionKind>(['named', 'auto', 'before_accept_all', 'before_restore']);
const toKind = (value: string): VersionKind => (KINDS.has(value) ? (value as VersionKind) : 'auto');

const toVersion = (r: VersionRecord): ResumeVersion => ({
  id: r.id,
  resumeId: r.resume_id,
  name: r.name,
  kind: toKind(r.kind),
  createdBy: r.created_by ? { id: r.created_by, username: r.creator_name ?? '' } : null,
  createdAt: r.created_at,
  size: Number(r.size),
});

/** Columns of a listing: everything but the bytes (their length instead). */
const LISTED = `v.id, v.resume_id, v.name, v.kind, v.created_by, u.username AS creator_name, v.created_at,
                octet_length(v.data) AS size`;

export function versionsRepo(db: Database): VersionsRepo {
  const sql = db.primary;
  return {
    async create(input) {
      const [row] = await sql.query<VersionRecord>(
        `WITH v AS (
           INSERT INTO resume_versions (resume_id, name, kind, data, created_by) VALUES ($1, $2, $3, $4, $5)
           RETURNING *)
         SELECT ${LISTED} FROM v LEFT JOIN users u ON u.id = v.created_by`,
        [input.resumeId, input.name, input.kind, input.data, input.createdBy],
      );
      if (!row) throw new Error('insert into resume_versions returned no row');
      return toVersion(row);
    },

    async list(resumeId, opts) {
      if (!isUuid(resumeId) || (opts.before !== undefined && !isUuid(opts.before))) return [];
      // Keyset paging on (created_at, id), newest first; `before` is the last id of the previous page.
      const rows = await sql.query<VersionRecord>(
        `SELECT ${LISTED}
           FROM resume_versions v LEFT JOIN users u ON u.id = v.created_by
          WHERE v.resume_id = $1
            AND ($2::uuid IS NULL OR (v.created_at, v.id) < (SELECT created_at, id FROM resume_versions WHERE id = $2::uuid))
          ORDER BY v.created_at DESC, v.id DESC
          LIMIT $3`,
        [resumeId, opts.before ?? null, opts.limit],
      );
      return rows.map(toVersion);
    },

    async get(resumeId, versionId) {
      if (!isUuid(resumeId) || !isUuid(versionId)) return null;
      const [row] = await sql.query<VersionRecord & { data: Uint8Array }>(
        `SELECT ${LISTED}, v.data FROM resume_versions v LEFT JOIN users u ON u.id = v.created_by
          WHERE v.resume_id = $1 AND v.id = $2`,
        [resumeId, versionId],
      );
      return row ? withData(row) : null;
    },

    async latest(resumeId) {
      if (!isUuid(resumeId)) return null;
      const [row] = await sql.query<VersionRecord & { data: Uint8Array }>(
        `SELECT ${LISTED}, v.data FROM resume_versions v LEFT JOIN users u ON u.id = v.created_by
          WHERE v.resume_id = $1 ORDER BY v.created_at DESC, v.id DESC LIMIT 1`,
        [resumeId],
      );
      return row ? withData(row) : null;
    },

    async newestAt(resumeId) {
      if (!isUuid(resumeId)) return null;
      const [row] = await sql.query<{ at: Date | null }>(
        `SELECT coalesce((SELECT max(created_at) FROM resume_versions WHERE resume_id = $1),
                         (SELECT created_at FROM resumes WHERE id = $1)) AS at`,
        [resumeId],
      );
      return row?.at ?? null;
    },

    async replaceData(versionId, data) {
      if (!isUuid(versionId)) return;
      await sql.query('UPDATE resume_versions SET data = $2 WHERE id = $1', [versionId, data]);
    },
  };
}

function withData(row: VersionRecord & { data: Uint8Array }): StoredVersion {
  return { ...toVersion(row), data: row.data };
}
