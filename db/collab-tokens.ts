// Short-lived tokens that admit one user to one resume's /collab socket, stored by hash;
// an expired token finds nothing, and one whose session ended (logout) is gone with it.
import type { CollabTokensRepo, Database } from './types.ts';

export function collabTokensRepo(db: Database): CollabTokensRepo {
  const sql = db.primary;
  return {
    async create(tokenHash, userId, resumeId, expiresAt, sessionHash) {
      await sql.query(
        'INSERT INTO collab_tokens (token_hash, user_id, resume_id, expires_at, session_hash) VALUES ($1, $2, $3, $4, $5)',
        [tokenHash, userId, resumeId, expiresAt, sessionHash ?? null],
      );
    },

    async find(tokenHash) {
      const [row] = await sql.query<{ user_id: string; resume_id: string; session_hash: string | null }>(
        'SELECT user_id, resume_id, session_hash FROM collab_tokens WHERE token_hash = $1 AND expires_at > now()',
        [tokenHash],
      );
      return row ? { userId: row.user_id, resumeId: row.resume_id, sessionHash: row.session_hash } : null;
    },
  };
}
