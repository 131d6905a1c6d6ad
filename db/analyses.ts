// Stored analyses: one row per run, with the report as JSON, its provider, model and tokens.
// Lists and scores read from the replica; the latest analysis of a resume from the primary, so
// a person who just asked for one sees it.
import type { AnalysesRepo, AnalysisRow, AnalysisTrigger, Database } from './types.ts';
import { isUuid } from './uuid.ts';

interface AnalysisRecord {
  id: string;
  resume_id: string;
  requested_by: string | null;
  trigger: string;
  content_hash: string;
  score: number;
  report: unknown;
  provider: string;
  model: string | null;
  status: string;
  prompt_tokens: number;
  completion_tokens: number;
  analyzer_version: string;
  created_at: Date;
}

const COLUMNS =
  'id, resume_id, requested_by, trigger, content_hash, score, report, provider, model, status, prompt_tokens, completion_tokens, analyzer_version, created_at';

const toTrigger = (value: string): AnalysisTrigger => (value === 'explicit' ? 'explicit' : 'auto');

const toAnalysis = (r: AnalysisRecord): AnalysisRow => ({
  id: r.id,
  resumeId: r.resume_id,
  requestedBy: r.requested_by,
  trigger: toTrigger(r.trigger),
  contentHash: r.content_hash,
  score: r.score,
  // pg parses jsonb; PGlite does too. A string here would mean a driver change.
  report: typeof r.report === 'string' ? (JSON.parse(r.report) as unknown) : r.report,
  provider: r.provider,
  model: r.model,
  status: r.status,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  analyzerVersion: r.analyzer_version,
  createdAt: r.created_at,
});

export function analysesRepo(db: Database): AnalysesRepo {
  return {
    async insert(a) {
      const [row] = await db.primary.query<AnalysisRecord>(
        `INSERT INTO analyses (resume_id, requested_by, trigger, content_hash, score, report, provider, model, status,
                               prompt_tokens, completion_tokens, analyzer_version)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12)
         RETURNING ${COLUMNS}`,
        [
          a.resumeId,
          a.requestedBy,
          a.trigger,
          a.contentHash,
          a.score,
          JSON.stringify(a.report),
          a.provider,
          a.model,
          a.status,
          a.promptTokens,
          a.completionTokens,
          a.analyzerVersion,
        ],
      );
      if (!row) throw new Error('INSERT INTO analyses returned no row');
      return toAnalysis(row);
    },

    async latest(resumeId) {
      if (!isUuid(resumeId)) return null;
      const [row] = await db.primary.query<AnalysisRecord>(
        `SELECT ${COLUMNS} FROM analyses WHERE resume_id = $1 ORDER BY created_at DESC, id LIMIT 1`,
        [resumeId],
      );
      return row ? toAnalysis(row) : null;
    },

    async get(resumeId, id) {
      if (!isUuid(resumeId) || !isUuid(id)) return null;
      const [row] = await db.primary.query<AnalysisRecord>(`SELECT ${COLUMNS} FROM analyses WHERE resume_id = $1 AND id = $2`, [resumeId, id]);
      return row ? toAnalysis(row) : null;
    },

    async latestScores(resumeIds) {
      const ids = resumeIds.filter(isUuid);
      const scores = new Map<string, number>();
      if (ids.length === 0) return scores;
      const rows = await db.replica.query<{ resume_id: string; score: number }>(
        `SELECT DISTINCT ON (resume_id) resume_id, score
           FROM analyses WHERE resume_id = ANY($1::uuid[])
          ORDER BY resume_id, created_at DESC, id`,
        [ids],
      );
      for (const r of rows) scores.set(r.resume_id, r.score);
      return scores;
    },

    async history(resumeId, limit) {
      if (!isUuid(resumeId)) return [];
      const rows = await db.replica.query<Pick<AnalysisRecord, 'id' | 'score' | 'trigger' | 'provider' | 'created_at'>>(
        `SELECT id, score, trigger, provider, created_at FROM analyses
          WHERE resume_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
        [resumeId, limit],
      );
      return rows.map((r) => ({ id: r.id, score: r.score, trigger: toTrigger(r.trigger), provider: r.provider, createdAt: r.created_at }));
    },
  };
}
