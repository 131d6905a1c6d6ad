// The LLM layer (official openai SDK, any compatible server): explains the deterministic report
// and proposes bullet rewrites as schema-checked structured output. Contact details are redacted
// before sending; rewrites that invent facts are flagged; every failure is a `fallback` result.

import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, RateLimitError } from 'openai';
import { z } from 'zod';
import { redactContacts, redactorFor } from './redact.ts';
import type { AnalysisReport } from './report.ts';
import { readResume, type ResumeField, type ResumeInput } from './resume.ts';
import { rewriteGuard } from './rewrites.ts';

export interface LlmOptions {
  /** Without one, nothing is sent and the result is a `no_api_key` fallback. */
  readonly apiKey: string | undefined;
  /** An OpenAI-compatible server; default the OpenAI API. */
  readonly baseURL?: string;
  /** For automatic runs. */
  readonly fastModel?: string;
  /** For runs a person asked for. */
  readonly fullModel?: string;
  /** Per attempt, in milliseconds. */
  readonly timeoutMs?: number;
  /**
   * Retries on 408, 409, 429, 5xx and timeouts: the SDK's own, with exponential backoff from
   * 0.5 s to 8 s with jitter, or the server's Retry-After when it gives one.
   */
  readonly maxRetries?: number;
}

export interface LlmRequest {
  readonly report: AnalysisReport;
  readonly resume: ResumeInput;
  readonly jobDescription: string;
  /** `fast` for automatic analysis, `full` when a person asks. */
  readonly mode: 'fast' | 'full';
}

export const DEFAULT_FAST_MODEL = 'gpt-4o-mini';
export const DEFAULT_FULL_MODEL = 'gpt-4o';
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_RETRIES = 2;
const MAX_REWRITES = 12;
/** A plain-text resume has no items; its lines are named by this item id and their offsets. */
export const PLAIN_TEXT_ITEM = 'text';

/** What the model must answer, as zod (checked here) and as JSON Schema (sent as response_format). */
export const llmAnswer = z.object({
  explanation: z.string().min(1),
  rewrites: z.array(
    z.object({
      itemId: z.string(),
      field: z.string(),
      original: z.string(),
      rewrite: z.string().min(1),
      reason: z.string(),
    }),
  ),
});
export type LlmExplanation = z.infer<typeof llmAnswer>;

export interface LlmRewrite {
  readonly itemId: string;
  readonly field: string;
  readonly original: string;
  readonly rewrite: string;
  readonly reason: string;
  /** True when the rewrite adds a skill, name, number or title absent from the resume: not to be applied as is. */
  readonly flagged: boolean;
  readonly flagReasons: readonly string[];
}

export interface LlmUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export type FallbackReason =
  | 'no_api_key'
  | 'timeout'
  | 'rate_limited'
  | 'server_error'
  | 'http_error'
  | 'network'
  | 'invalid_answer'
  | 'refused'
  | 'unexpected';

export type LlmResult =
  | { readonly status: 'ok'; readonly model: string; readonly usage: LlmUsage; readonly explanation: string; readonly rewrites: readonly LlmRewrite[] }
  | { readonly status: 'fallback'; readonly reason: FallbackReason; readonly message: string; readonly model: string; readonly usage?: LlmUsage };

const SYSTEM_PROMPT = [
  'You are a resume coach. You get an automatic analysis of a resume against a job description,',
  'the job description, and the resume as numbered fields. Contact details are replaced by',
  'placeholders such as [NAME] and [EMAIL]; never try to restore them.',
  'Write "explanation": at most 120 words telling the person what the score means and the three',
  'changes that would help most. Write "rewrites": at most 12 bullets worth rewriting, each with',
  'the itemId and field exactly as given, the original text, a rewrite and the reason.',
  'A rewrite may only say better what the original says: never add a skill, employer, number,',
  'job title or achievement the resume does not contain. Prefer a strong verb first and a result.',
].join(' ');

/**
 * Asks the model for an explanation and rewrites. Never throws for an API, network or answer
 * problem: those come back as `{status: 'fallback', reason}` so the caller keeps the
 * deterministic report.
 */
export async function explainWithLlm(request: LlmRequest, options: LlmOptions): Promise<LlmResult> {
  const model = request.mode === 'full' ? (options.fullModel ?? DEFAULT_FULL_MODEL) : (options.fastModel ?? DEFAULT_FAST_MODEL);
  if (!options.apiKey) return { status: 'fallback', reason: 'no_api_key', message: 'no OpenAI API key is configured', model };
  const resume = readResume(request.resume);
  const redactor = redactorFor(resume);
  const fields = resume.fields.filter((f) => f.place === 'use' && f.text.trim().length > 0).map((f) => ({ ...refOf(f), text: redactor.redact(f.text) }));
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
  });
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create({
      // No temperature: reasoning models refuse one, and the schema keeps the answer in shape.
      model,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        {
          role: 'user',
          content: JSON.stringify({
            analysis: summaryOf(request.report),
            jobDescription: redactContacts(request.jobDescription),
            resumeFields: fields,
          }),
        },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'resume_advice', strict: true, schema: ANSWER_JSON_SCHEMA } },
    });
  } catch (error) {
    return { status: 'fallback', model, ...failureOf(error) };
  }
  const usage: LlmUsage = { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 };
  const used = completion.model || model;
  const message = completion.choices[0]?.message;
  if (message?.refusal) return { status: 'fallback', reason: 'refused', message: `the model refused: ${message.refusal}`, model: used, usage };
  const parsed = parseAnswer(message?.content ?? null);
  if (!parsed.success) return { status: 'fallback', reason: 'invalid_answer', message: parsed.message, model: used, usage };
  const guard = rewriteGuard(resume);
  const known = new Map(resume.fields.map((f) => [refKey(refOf(f)), f]));
  const rewrites = parsed.answer.rewrites.slice(0, MAX_REWRITES).flatMap((r): LlmRewrite[] => {
    const field = known.get(refKey(r));
    if (!field) return []; // a field the resume does not have: nothing to apply it to
    const flagReasons = guard.flags(r.rewrite);
    return [{ itemId: r.itemId, field: r.field, original: field.text, rewrite: r.rewrite, reason: r.reason, flagged: flagReasons.length > 0, flagReasons }];
  });
  return { status: 'ok', model: used, usage, explanation: parsed.answer.explanation, rewrites };
}

const ANSWER_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['explanation', 'rewrites'],
  properties: {
    explanation: { type: 'string' },
    rewrites: {
      type: 'array',
      maxItems: MAX_REWRITES,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['itemId', 'field', 'original', 'rewrite', 'reason'],
        properties: {
          itemId: { type: 'string' },
          field: { type: 'string' },
          original: { type: 'string' },
          rewrite: { type: 'string' },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const;

/** How the model names a field: its item and path, or for plain text `text` and `start-end`. */
function refOf(field: ResumeField): { itemId: string; field: string } {
  return field.itemId !== null && field.path !== null
    ? { itemId: field.itemId, field: field.path }
    : { itemId: PLAIN_TEXT_ITEM, field: `${field.start}-${field.end}` };
}

function refKey(ref: { itemId: string; field: string }): string {
  return `${ref.itemId}\u0000${ref.field}`;
}

/** The report without evidence offsets: what the model needs to explain it. */
function summaryOf(report: AnalysisReport) {
  return {
    score: report.score,
    breakdown: report.breakdown.map(({ label, earned, max, detail }) => ({ label, earned, max, detail })),
    matched: report.matched.map((t) => ({ term: t.term, required: t.required })),
    missing: report.missing.map((t) => ({ term: t.term, required: t.required, where: t.where })),
    checks: report.checks.filter((c) => c.status !== 'pass').map((c) => ({ id: c.id, status: c.status, message: c.message })),
  };
}

function parseAnswer(content: string | null): { success: true; answer: LlmExplanation } | { success: false; message: string } {
  if (!content) return { success: false, message: 'the model sent no content' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { success: false, message: 'the model did not answer in JSON' };
  }
  const result = llmAnswer.safeParse(json);
  return result.success ? { success: true, answer: result.data } : { success: false, message: `the answer does not fit the schema: ${z.prettifyError(result.error)}` };
}

function failureOf(error: unknown): { reason: FallbackReason; message: string } {
  // Classes, not messages: the SDK's error types say what happened.
  if (error instanceof APIConnectionTimeoutError) return { reason: 'timeout', message: 'the model did not answer in time' };
  if (error instanceof RateLimitError) return { reason: 'rate_limited', message: 'the model provider is rate limiting us' };
  if (error instanceof APIConnectionError) return { reason: 'network', message: 'the model provider could not be reached' };
  if (error instanceof APIError && typeof error.status === 'number' && error.status >= 500) {
    return { reason: 'server_error', message: `the model provider failed (HTTP ${error.status})` };
  }
  if (error instanceof APIError) return { reason: 'http_error', message: `the model provider refused the request (HTTP ${String(error.status)})` };
  // The SDK parses the body itself; a body that is not JSON surfaces as the parser's error.
  if (error instanceof SyntaxError) return { reason: 'invalid_answer', message: 'the model provider answered with something that is not JSON' };
  return { reason: 'unexpected', message: `the model call failed: ${error instanceof Error ? error.message : String(error)}` };
}
