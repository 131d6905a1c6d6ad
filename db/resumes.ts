// Resumes and who may open them: creation with the owner's membership and first snapshot,
// the role check every request makes, and the dashboard list (read from the replica).
import type { Database, ResumeListEntry, ResumeRow, ResumesRepo } from './types.ts';
import { toRole } from './roles.ts';
import { isUuid } from './uuid.ts';

interface ResumeRecord {
  id: string;
  owner_id: string;
  title: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, owner_id, title, created_at, updated_at';

const toResume = (r: ResumeRecord): ResumeRow => ({
  id: r.id,
  ownerId: r.owner_id,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

interface ListRecord {
  id: string;
  title: string;
  role: string;
  updated_at: Date;
  owner_id: string;
  owner_username: string;
}

export function resumesRepo(db: Database): ResumesRepo {
  const sql = db.primary;
  return {
    create({ ownerId, title, snapshot }) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<ResumeRecord>(`INSERT INTO resumes (owner_id, title) VALUES ($1, $2) RETURNING ${COLUMNS}`, [
          ownerId,
          title,
        ]);
        if (!row) throw new Error('INSERT INTO resumes returned no row');
        await tx.query(`INSERT INTO resume_members (resume_id, user_id, role) VALUES ($1, $2, 'owner')`, [row.id, ownerId]);
        await tx.query('INSERT INTO resume_snapshots (resume_id, data, upto_id) VALUES ($1, $2, 0)', [row.id, snapshot]);
        return toResume(row);
      });
    },

    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await sql.query<ResumeRecord>(`SELECT ${COLUMNS} FROM resumes WHERE id = $1`, [id]);
      return row ? toResume(row) : null;
    },

    async roleOf(resumeId, userId) {
      if (!isUuid(resumeId) || !isUuid(userId)) return null;
      const [row] = await sql.query<{ role: string }>('SELECT role FROM resume_members WHERE resume_id = $1 AND user_id = $2', [
        resumeId,
        userId,
      ]);
      return row ? toRole(row.role) : null;
    },

    async listFor(userId) {
      if (!isUuid(userId)) return { owned: [], shared: [] };
      // The dashboard tolerates replica lag: a resume shared a moment ago shows up a moment later.
      const rows = await db.replica.query<ListRecord>(
        `SELECT r.id, r.title, m.role, r.updated_at, o.id AS owner_id, o.username AS owner_username
           FROM resume_members m
           JOIN resumes r ON r.id = m.resume_id
           JOIN users o ON o.id = r.owner_id
          WHERE m.user_id = $1
          ORDER BY r.updated_at DESC, r.id`,
        [userId],
      );
      const entries = rows.map(
        (r): ResumeListEntry => ({
          id: r.id,
          title: r.title,
          role: toRole(r.role),
          owner: { id: r.owner_id, username: r.owner_username },
          updatedAt: r.updated_at,
        }),
      );
      return { owned: entries.filter((e) => e.role === 'owner'), shared: entries.filter((e) => e.role !== 'owner') };
    },

    async rename(id, title) {
      if (!isUuid(id)) return;
      await sql.query('UPDATE resumes SET title = $2, updated_at = now() WHERE id = $1', [id, title]);
    },

    async delete(id) {
      if (!isUuid(id)) return;
      // Members, invitations, collab tokens, the update log and the snapshot go with it (cascade).
      await sql.query('DELETE FROM resumes WHERE id = $1', [id]);
    },
  };
}
