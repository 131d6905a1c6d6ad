// AnalysisService: runs analyses (the offline report in a worker thread, then the LLM on top),
// caches them by content hash, makes identical concurrent requests share one run, limits and
// records each user's use, stores resume analyses and announces them to everyone in the resume.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { AnalysisRow, AnalysisTrigger, Store } from '../../db/types.ts';
import type { Cache } from '../cache/index.ts';
import { AppError } from '../errors.ts';
import type { RateLimit, RateLimitFactory } from '../limits/index.ts';
import type { Locks } from '../locks/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Realtime } from '../realtime/index.ts';
import { explainWithLlm, type FallbackReason, type LlmOptions, type LlmRewrite } from './llm.ts';
import type { AnalysisReport } from './report.ts';
import type { AnalyzerRunner } from './runner.ts';

/** A resume as plain text, or a document's state as one Yjs update. */
interface AnalysisInput {
  resume: string | Uint8Array;
  jobDescription: string;
  mode: 'fast' | 'full';
  userId: string | null;
}

/** What the API answers: the offline report, and the LLM's explanation and rewrites when it ran. */
export type FullReport = Omit<AnalysisReport, 'provider'> & {
  provider: 'offline' | 'openai';
  /** `complete`: the LLM explained it; `offline`: no LLM is configured; `fallback`: the LLM failed or was skipped. */
  status: 'complete' | 'offline' | 'fallback';
  model: string | null;
  explanation: string | null;
  rewrites: readonly LlmRewrite[];
  /** Why the LLM part is missing, in words, when status is `fallback`. */
  notice: { reason: FallbackReason | 'budget_exhausted'; message: string } | null;
  usage: { promptTokens: number; completionTokens: number };
};

export interface AnalysisLimits {
  perMinute: number;
  perHour: number;
  /** LLM tokens a user may spend per UTC day; past it analyses stay offline until tomorrow. */
  dailyTokens: number;
}

export const DEFAULT_ANALYSIS_LIMITS: AnalysisLimits = { perMinute: 10, perHour: 100, dailyTokens: 200_000 };

/** How long a finished report is reused for the same content (the LLM part is what costs). */
const CACHE_TTL_MS = 24 * 3600 * 1000;

export interface AnalysisServiceDeps {
  store: Store;
  cache: Cache;
  locks: Locks;
  rateLimits: RateLimitFactory;
  realtime: Realtime;
  runner: AnalyzerRunner;
  documents: { readState(resumeId: string): Promise<Uint8Array> };
  llm: LlmOptions;
  log: Logger;
  metrics: Metrics;
  limits?: AnalysisLimits;
}

export class AnalysisService {
  private readonly perMinute: RateLimit;
  private readonly perHour: RateLimit;
  private readonly limits: AnalysisLimits;
  private readonly inFlight = new Map<string, Promise<FullReport>>();
  private readonly log: Logger;

  constructor(private readonly deps: AnalysisServiceDeps) {
    this.limits = deps.limits ?? DEFAULT_ANALYSIS_LIMITS;
    this.perMinute = deps.rateLimits({ name: 'analysis-minute', points: this.limits.perMinute, windowSeconds: 60 });
    this.perHour = deps.rateLimits({ name: 'analysis-hour', points: this.limits.perHour, windowSeconds: 3600 });
    this.log = deps.log.child({ component: 'analysis' });
  }

  /** Explicit analyses a person asks for: 10 a minute and 100 an hour (429 with Retry-After). */
  async admit(userId: string): Promise<void> {
    for (const limit of [this.perMinute, this.perHour]) {
      const result = await limit.consume(userId);
      if (!result.allowed) {
        throw new AppError(
          429,
          'rate_limited',
          `too many analyses; try again in ${result.retryAfterSeconds} s`,
          { retryAfterSeconds: result.retryAfterSeconds },
          { 'Retry-After': String(result.retryAfterSeconds) },
        );
      }
    }
  }

  /** `POST /api/analyze-resume`: plain resume text against a job description, nothing stored. */
  async analyzeText(userId: string, resume: string, jobDescription: string): Promise<FullReport> {
    const worked = await this.deps.runner.run({ kind: 'text', resume, jobDescription, today: Date.now() });
    if (worked.skipped) throw new Error('a text analysis is never skipped');
    return this.withLlm(worked.hash, worked.report, { resume, jobDescription, mode: 'full', userId });
  }

  /**
   * Analyses a resume as it is now and stores and announces the result. An automatic run whose
   * content did not change since the last analysis, or that is far too long, is skipped (null).
   */
  async analyzeResume(resumeId: string, trigger: AnalysisTrigger, requestedBy: string | null): Promise<AnalysisRow | null> {
    const started = performance.now();
    // The worker decodes the state; this thread builds a document only if the LLM needs one.
    const state = await this.deps.documents.readState(resumeId);
    const latest = await this.deps.store.analyses.latest(resumeId);
    const worked = await this.deps.runner.run({
      kind: 'document',
      state,
      knownHash: trigger === 'auto' ? latest?.contentHash : undefined,
      today: Date.now(),
    });
    if (worked.skipped) {
      this.deps.metrics.analysisRuns.inc({ trigger, outcome: worked.reason });
      if (worked.reason === 'too_large' && trigger === 'explicit') {
        throw new AppError(413, 'payload_too_large', 'this resume or its job description is too long to analyse (at most 100,000 and 50,000 characters)');
      }
      return null;
    }
    // Usage and budget are charged to whoever asked, or to the owner for automatic runs.
    const payer = requestedBy ?? (await this.deps.store.resumes.get(resumeId))?.ownerId ?? null;
    const report = await this.withLlm(worked.hash, worked.report, {
      resume: state,
      jobDescription: worked.jobDescription,
      mode: trigger === 'explicit' ? 'full' : 'fast',
      userId: payer,
    });
    const row = await this.deps.store.analyses.insert({
      resumeId,
      requestedBy,
      trigger,
      contentHash: worked.hash,
      score: report.score,
      report,
      provider: report.provider,
      model: report.model,
      status: report.status,
      promptTokens: report.usage.promptTokens,
      completionTokens: report.usage.completionTokens,
      analyzerVersion: report.analyzerVersion,
    });
    this.deps.metrics.analysisRuns.inc({ trigger, outcome: report.status });
    this.deps.metrics.analysisDuration.observe({ trigger }, (performance.now() - started) / 1000);
    this.deps.realtime.toResume(resumeId, 'analysis', { resumeId, analysis: publicAnalysis(row) });
    this.log.info({ resume: resumeId, trigger, score: report.score, status: report.status }, 'resume analysed');
    return row;
  }

  /** The offline report plus the LLM's part, from the cache or one shared run per content. */
  private withLlm(
    hash: string,
    report: AnalysisReport,
    input: AnalysisInput,
  ): Promise<FullReport> {
    const model = input.mode === 'full' ? this.deps.llm.fullModel : this.deps.llm.fastModel;
    const key = `analysis:${hashOf([hash, report.analyzerVersion, input.mode, model ?? '', Boolean(this.deps.llm.apiKey)])}`;
    const running = this.inFlight.get(key);
    if (running) {
      this.deps.metrics.analysisCache.inc({ result: 'shared' });
      const { userId } = input;
      if (!userId) return running;
      // The person who shares a run still ran an analysis (but spent no tokens).
      return running.then(async (report) => {
        await this.record(userId, { analyses: 1, llmCalls: 0, promptTokens: 0, completionTokens: 0 });
        return report;
      });
    }
    const run = this.computeWithLlm(key, report, input).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  private async computeWithLlm(
    key: string,
    report: AnalysisReport,
    input: AnalysisInput,
  ): Promise<FullReport> {
    const cached = await this.deps.cache.get(key).catch((err: unknown) => {
      this.log.warn({ err }, 'analysis cache read failed');
      return undefined;
    });
    if (cached !== undefined) {
      this.deps.metrics.analysisCache.inc({ result: 'hit' });
      if (input.userId) await this.record(input.userId, { analyses: 1, llmCalls: 0, promptTokens: 0, completionTokens: 0 });
      return JSON.parse(cached) as FullReport;
    }
    this.deps.metrics.analysisCache.inc({ result: 'miss' });
    const offline: FullReport = {
      ...report,
      provider: 'offline',
      status: 'offline',
      model: null,
      explanation: null,
      rewrites: [],
      notice: null,
      usage: { promptTokens: 0, completionTokens: 0 },
    };
    if (!this.deps.llm.apiKey) {
      if (input.userId) await this.record(input.userId, { analyses: 1, llmCalls: 0, promptTokens: 0, completionTokens: 0 });
      await this.remember(key, offline);
      return offline;
    }
    if (input.userId) {
      const today = await this.deps.store.aiUsage.today(input.userId);
      if (today.promptTokens + today.completionTokens >= this.limits.dailyTokens) {
        await this.record(input.userId, { analyses: 1, llmCalls: 0, promptTokens: 0, completionTokens: 0 });
        // Not cached: tomorrow the same content gets its explanation.
        return {
          ...offline,
          status: 'fallback',
          notice: { reason: 'budget_exhausted', message: "Today's AI budget is used up; the score is complete, the explanation returns tomorrow" },
        };
      }
    }
    const resume = typeof input.resume === 'string' ? input.resume : docFrom(input.resume);
    const answer = await explainWithLlm({ report, resume, jobDescription: input.jobDescription, mode: input.mode }, this.deps.llm).finally(() => {
      if (resume instanceof Y.Doc) resume.destroy();
    });
    const usage = answer.usage ?? { promptTokens: 0, completionTokens: 0 };
    this.deps.metrics.llmTokens.inc({ kind: 'prompt' }, usage.promptTokens);
    this.deps.metrics.llmTokens.inc({ kind: 'completion' }, usage.completionTokens);
    if (input.userId) await this.record(input.userId, { analyses: 1, llmCalls: 1, ...usage });
    if (answer.status === 'fallback') {
      this.log.warn({ reason: answer.reason, model: answer.model, message: answer.message }, 'LLM analysis fell back to the offline report');
      // A failure is not cached, so the next run tries again.
      return { ...offline, status: 'fallback', model: answer.model, notice: { reason: answer.reason, message: answer.message }, usage };
    }
    const full: FullReport = {
      ...offline,
      provider: 'openai',
      status: 'complete',
      model: answer.model,
      explanation: answer.explanation,
      rewrites: answer.rewrites,
      usage,
    };
    await this.remember(key, full);
    return full;
  }

  private async remember(key: string, report: FullReport): Promise<void> {
    await this.deps.cache.set(key, JSON.stringify(report), CACHE_TTL_MS).catch((err: unknown) => this.log.warn({ err }, 'analysis cache write failed'));
  }

  private async record(userId: string, usage: { analyses: number; llmCalls: number; promptTokens: number; completionTokens: number }): Promise<void> {
    await this.deps.store.aiUsage.record(userId, usage).catch((err: unknown) => this.log.warn({ err, user: userId }, 'recording AI usage failed'));
  }

  async usage(userId: string) {
    const [today, recent] = await Promise.all([this.deps.store.aiUsage.today(userId), this.deps.store.aiUsage.recent(userId, 30)]);
    return { today, recent, limits: this.limits, llm: Boolean(this.deps.llm.apiKey) };
  }
}

/** A stored analysis as clients see it. */
export function publicAnalysis(row: AnalysisRow) {
  return {
    id: row.id,
    resumeId: row.resumeId,
    trigger: row.trigger,
    createdAt: row.createdAt.toISOString(),
    ...(row.report as FullReport),
  };
}

function docFrom(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

function hashOf(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
