// Sign-in sessions, stored by the hash of their token; an expired session is as good as gone
// and deleteExpired sweeps them.
import type { Database, SessionsRepo } from './types.ts';

export function sessionsRepo(db: Database): SessionsRepo {
  const sql = db.primary;
  return {
    async create(tokenHash, userId, expiresAt) {
      await sql.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, userId, expiresAt]);
    },

    async find(tokenHash) {
      const [row] = await sql.query<{ user_id: string; expires_at: Date }>(
        'SELECT user_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > now()',
        [tokenHash],
      );
      return row ? { userId: row.user_id, expiresAt: row.expires_at } : null;
    },

    async delete(tokenHash) {
      await sql.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },

    async alive(tokenHashes) {
      if (tokenHashes.length === 0) return new Set();
      const rows = await sql.query<{ token_hash: string }>(
        'SELECT token_hash FROM sessions WHERE token_hash = ANY($1::text[]) AND expires_at > now()',
        [[...tokenHashes]],
      );
      return new Set(rows.map((r) => r.token_hash));
    },

    async deleteExpired() {
      const [row] = await sql.query<{ n: number }>(
        'WITH gone AS (DELETE FROM sessions WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone',
      );
      return row?.n ?? 0;
    },
  };
}
