// Public links: a resume published read-only to whoever holds the link's token. One link per
// resume, found by the token's SHA-256 hash; making a new one replaces the old, turning it off
// deletes it. Views and downloads are counted on the link itself.
import type { Database } from './types.ts';

export interface PublicLink {
  /** Changes with every new token. */
  id: string;
  resumeId: string;
  createdAt: Date;
  views: number;
  downloads: number;
  lastViewedAt: Date | null;
}

export interface PublicLinksRepo {
  /** A new link for the resume with this token hash, replacing any earlier one (whose token stops working); counts start at zero. */
  replace(input: { resumeId: string; tokenHash: string; createdBy: string }): Promise<PublicLink>;
  /** The resume's link, or null when it has none. */
  forResume(resumeId: string): Promise<PublicLink | null>;
  /** The link a token opens, or null (never issued, replaced or turned off). */
  findByToken(tokenHash: string): Promise<PublicLink | null>;
  /** Turns the resume's link off; true when there was one. */
  remove(resumeId: string): Promise<boolean>;
  /** Counts a view or a download of the link (nothing when it is gone meanwhile). */
  count(linkId: string, what: 'view' | 'download'): Promise<void>;
}

interface PublicLinkRecord {
  id: string;
  resume_id: string;
  created_at: Date;
  views: number;
  downloads: number;
  last_viewed_at: Date | null;
}

const COLUMNS = 'id, resume_id, created_at, views, downloads, last_viewed_at';

const toLink = (r: PublicLinkRecord): PublicLink => ({
  id: r.id,
  resumeId: r.resume_id,
  createdAt: r.created_at,
  views: Number(r.views),
  downloads: Number(r.downloads),
  lastViewedAt: r.last_viewed_at,
});

export function publicLinksRepo(db: Database): PublicLinksRepo {
  const sql = db.primary;
  return {
    async replace({ resumeId, tokenHash, createdBy }) {
      // One statement, so two owners' tabs asking at once leave exactly one working link.
      const [row] = await sql.query<PublicLinkRecord>(
        `INSERT INTO public_links (resume_id, token_hash, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (resume_id) DO UPDATE SET
           id = gen_random_uuid(), token_hash = EXCLUDED.token_hash, created_by = EXCLUDED.created_by,
           created_at = now(), views = 0, downloads = 0, last_viewed_at = NULL
         RETURNING ${COLUMNS}`,
        [resumeId, tokenHash, createdBy],
      );
      if (!row) throw new Error('INSERT INTO public_links returned no row');
      return toLink(row);
    },

    async forResume(resumeId) {
      const [row] = await sql.query<PublicLinkRecord>(`SELECT ${COLUMNS} FROM public_links WHERE resume_id = $1`, [resumeId]);
      return row ? toLink(row) : null;
    },

    async findByToken(tokenHash) {
      // The primary, not the replica: a link just turned off must not open from a lagging copy.
      const [row] = await sql.query<PublicLinkRecord>(`SELECT ${COLUMNS} FROM public_links WHERE token_hash = $1`, [tokenHash]);
      return row ? toLink(row) : null;
    },

    async remove(resumeId) {
      const rows = await sql.query('DELETE FROM public_links WHERE resume_id = $1 RETURNING 1', [resumeId]);
      return rows.length > 0;
    },

    async count(linkId, what) {
      await sql.query(
        what === 'view'
          ? 'UPDATE public_links SET views = views + 1, last_viewed_at = now() WHERE id = $1'
          : 'UPDATE public_links SET downloads = downloads + 1 WHERE id = $1',
        [linkId],
      );
    },
  };
}
