// Share links: an invitation grants a role on a resume to whoever presents its token, until it
// expires, is revoked or runs out of uses. Accepting never lowers a role someone already has.
import { ROLES, type AcceptResult, type Database, type Invitation, type InvitationsRepo } from './types.ts';
import { atLeast, toRole } from './roles.ts';
import { isUuid } from './uuid.ts';

interface InvitationRecord {
  id: string;
  resume_id: string;
  role: 'editor' | 'commenter' | 'viewer';
  expires_at: Date;
  max_uses: number | null;
  uses: number;
  created_at: Date;
}

const COLUMNS = 'id, resume_id, role, expires_at, max_uses, uses, created_at';

const toInvitation = (r: InvitationRecord): Invitation => ({
  id: r.id,
  resumeId: r.resume_id,
  role: r.role,
  expiresAt: r.expires_at,
  maxUses: r.max_uses,
  uses: r.uses,
  createdAt: r.created_at,
});

const ACTIVE = 'revoked_at IS NULL AND expires_at > now() AND (max_uses IS NULL OR uses < max_uses)';

export function invitationsRepo(db: Database): InvitationsRepo {
  const sql = db.primary;
  return {
    async create({ resumeId, tokenHash, role, createdBy, expiresAt, maxUses }) {
      const [row] = await sql.query<InvitationRecord>(
        `INSERT INTO invitations (resume_id, token_hash, role, created_by, expires_at, max_uses)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [resumeId, tokenHash, role, createdBy, expiresAt, maxUses],
      );
      if (!row) throw new Error('INSERT INTO invitations returned no row');
      return toInvitation(row);
    },

    accept(tokenHash, userId) {
      return sql.transaction(async (tx): Promise<AcceptResult> => {
        // The row lock makes concurrent accepts of a last use take turns: one wins, one is used_up.
        const [inv] = await tx.query<InvitationRecord & { revoked: boolean; expired: boolean }>(
          `SELECT ${COLUMNS}, revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
             FROM invitations WHERE token_hash = $1 FOR UPDATE`,
          [tokenHash],
        );
        if (!inv || inv.revoked) return { ok: false, reason: 'not_found' };
        if (inv.expired) return { ok: false, reason: 'expired' };
        if (inv.max_uses !== null && inv.uses >= inv.max_uses) return { ok: false, reason: 'used_up' };

        const [member] = await tx.query<{ role: string }>(
          'SELECT role FROM resume_members WHERE resume_id = $1 AND user_id = $2 FOR UPDATE',
          [inv.resume_id, userId],
        );
        const current = member ? toRole(member.role) : null;
        // Someone who already has this role or a stronger one gains nothing and spends no use.
        if (current && atLeast(current, inv.role)) return { ok: true, resumeId: inv.resume_id, role: current, changed: false };

        await tx.query('UPDATE invitations SET uses = uses + 1 WHERE id = $1', [inv.id]);
        // The link is remembered with the membership: removing the member can revoke it.
        await tx.query(
          `INSERT INTO resume_members (resume_id, user_id, role, invitation_id) VALUES ($1, $2, $3, $5)
           ON CONFLICT (resume_id, user_id) DO UPDATE SET role = EXCLUDED.role, invitation_id = EXCLUDED.invitation_id
           WHERE array_position($4::text[], EXCLUDED.role) < array_position($4::text[], resume_members.role)`,
          [inv.resume_id, userId, inv.role, ROLES, inv.id],
        );
        // Re-read: a concurrent accept of another link may have granted more in the meantime.
        const [after] = await tx.query<{ role: string }>('SELECT role FROM resume_members WHERE resume_id = $1 AND user_id = $2', [
          inv.resume_id,
          userId,
        ]);
        return { ok: true, resumeId: inv.resume_id, role: after ? toRole(after.role) : inv.role, changed: true };
      });
    },

    async listActive(resumeId) {
      if (!isUuid(resumeId)) return [];
      const rows = await sql.query<InvitationRecord>(
        `SELECT ${COLUMNS} FROM invitations WHERE resume_id = $1 AND ${ACTIVE} ORDER BY created_at DESC`,
        [resumeId],
      );
      return rows.map(toInvitation);
    },

    async revoke(resumeId, invitationId) {
      if (!isUuid(resumeId) || !isUuid(invitationId)) return false;
      const rows = await sql.query(
        `UPDATE invitations SET revoked_at = now() WHERE id = $1 AND resume_id = $2 AND ${ACTIVE} RETURNING id`,
        [invitationId, resumeId],
      );
      return rows.length > 0;
    },
  };
}
