// AI usage per user and UTC day: analyses run, LLM calls and tokens. The daily token budget and
// the usage a person is shown are read from here.
import type { AiUsageDay, AiUsageRepo, Database } from './types.ts';
import { isUuid } from './uuid.ts';

interface UsageRecord {
  day: string | Date;
  analyses: number;
  llm_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

const utcDay = (d: Date): string => d.toISOString().slice(0, 10);
const toDay = (r: UsageRecord): AiUsageDay => ({
  day: typeof r.day === 'string' ? r.day.slice(0, 10) : utcDay(r.day),
  analyses: r.analyses,
  llmCalls: r.llm_calls,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
});

export function aiUsageRepo(db: Database): AiUsageRepo {
  return {
    async record(userId, u) {
      await db.primary.query(
        `INSERT INTO ai_usage (user_id, day, analyses, llm_calls, prompt_tokens, completion_tokens)
         VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2, $3, $4, $5)
         ON CONFLICT (user_id, day) DO UPDATE SET
           analyses = ai_usage.analyses + EXCLUDED.analyses,
           llm_calls = ai_usage.llm_calls + EXCLUDED.llm_calls,
           prompt_tokens = ai_usage.prompt_tokens + EXCLUDED.prompt_tokens,
           completion_tokens = ai_usage.completion_tokens + EXCLUDED.completion_tokens`,
        [userId, u.analyses, u.llmCalls, u.promptTokens, u.completionTokens],
      );
    },

    async today(userId) {
      const empty: AiUsageDay = { day: utcDay(new Date()), analyses: 0, llmCalls: 0, promptTokens: 0, completionTokens: 0 };
      if (!isUuid(userId)) return empty;
      const [row] = await db.primary.query<UsageRecord>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, analyses, llm_calls, prompt_tokens, completion_tokens
           FROM ai_usage WHERE user_id = $1 AND day = (now() AT TIME ZONE 'UTC')::date`,
        [userId],
      );
      return row ? toDay(row) : empty;
    },

    async recent(userId, days) {
      if (!isUuid(userId)) return [];
      const rows = await db.replica.query<UsageRecord>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, analyses, llm_calls, prompt_tokens, completion_tokens
           FROM ai_usage WHERE user_id = $1 ORDER BY day DESC LIMIT $2`,
        [userId, days],
      );
      return rows.map(toDay);
    },
  };
}
