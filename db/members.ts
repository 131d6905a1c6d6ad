// A resume's members and their roles, as the sharing dialog shows and edits them. The owner's
// membership is fixed here: it is neither removed nor given another role.
import type { Database, Member, MembersRepo, Role } from './types.ts';
import { toRole } from './roles.ts';
import { isUuid } from './uuid.ts';

interface MemberRecord {
  user_id: string;
  username: string;
  email: string;
  role: string;
  created_at: Date;
}

export function membersRepo(db: Database): MembersRepo {
  const sql = db.primary;
  return {
    async list(resumeId) {
      if (!isUuid(resumeId)) return [];
      const rows = await sql.query<MemberRecord>(
        `SELECT m.user_id, u.username, u.email, m.role, m.created_at
           FROM resume_members m JOIN users u ON u.id = m.user_id
          WHERE m.resume_id = $1
          ORDER BY m.created_at, u.username`,
        [resumeId],
      );
      return rows.map(
        (r): Member => ({ userId: r.user_id, username: r.username, email: r.email, role: toRole(r.role), joinedAt: r.created_at }),
      );
    },

    async upsert(resumeId, userId, role) {
      await sql.query(
        `INSERT INTO resume_members (resume_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (resume_id, user_id) DO UPDATE SET role = EXCLUDED.role
         WHERE resume_members.role <> 'owner'`,
        [resumeId, userId, role],
      );
    },

    async remove(resumeId, userId) {
      if (!isUuid(resumeId) || !isUuid(userId)) return null;
      const [row] = await sql.query<{ invitation_id: string | null }>(
        `DELETE FROM resume_members WHERE resume_id = $1 AND user_id = $2 AND role <> 'owner' RETURNING invitation_id`,
        [resumeId, userId],
      );
      return row ? { invitationId: row.invitation_id } : null;
    },

    async rolesIn(resumeIds) {
      const ids = resumeIds.filter(isUuid);
      const roles = new Map<string, Role>();
      if (ids.length === 0) return roles;
      const rows = await sql.query<{ resume_id: string; user_id: string; role: string }>(
        'SELECT resume_id, user_id, role FROM resume_members WHERE resume_id = ANY($1::uuid[])',
        [ids],
      );
      for (const r of rows) roles.set(`${r.resume_id}:${r.user_id}`, toRole(r.role));
      return roles;
    },
  };
}
