// Short-lived tokens that admit one user to one resume's /collab socket, stored by hash;
// an expired token finds nothing.
import type { CollabTokensRepo, Database } from './types.ts';

export function collabTokensRepo(db: Database): CollabTokensRepo {
  const sql = db.primary;
  return {
    async create(tokenHash, userId, resumeId, expiresAt) {
      await sql.query('INSERT INTO collab_tokens (token_hash, user_id, resume_id, expires_at) VALUES ($1, $2, $3, $4)', [
        tokenHash,
        userId,
        resumeId,
        expiresAt,
      ]);
    },

    async find(tokenHash) {
      const [row] = await sql.query<{ user_id: string; resume_id: string }>(
        'SELECT user_id, resume_id FROM collab_tokens WHERE token_hash = $1 AND expires_at > now()',
        [tokenHash],
      );
      return row ? { userId: row.user_id, resumeId: row.resume_id } : null;
    },
  };
}
