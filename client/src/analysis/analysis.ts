// The analysis a resume's panel shows: the report's shape as the server sends it, loading the
// latest one, asking for a new one, and hearing new ones live over socket.io.
import { joinResume, onEvent } from '../lib/realtime.ts';

export interface Evidence {
  text: string;
  start: number;
  end: number;
  section: string | null;
  itemId: string | null;
  field: string | null;
  offset: number | null;
}
export interface Term {
  term: string;
  kind: string;
  required: boolean;
  jobEvidence: { sentence: string; text: string };
  evidence: Evidence[];
}
export interface MissingTerm extends Term {
  where: 'elsewhere' | 'absent';
}
export interface Check {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  message: string;
}
export interface Rewrite {
  itemId: string;
  field: string;
  original: string;
  rewrite: string;
  reason: string;
  flagged: boolean;
  flagReasons: string[];
}
export interface Analysis {
  id: string;
  resumeId: string;
  trigger: 'auto' | 'explicit';
  createdAt: string;
  score: number;
  breakdown: { id: string; label: string; earned: number; max: number; detail: string }[];
  matched: Term[];
  missing: MissingTerm[];
  checks: Check[];
  status: 'complete' | 'offline' | 'fallback';
  provider: string;
  model: string | null;
  explanation: string | null;
  rewrites: Rewrite[];
  notice: { reason: string; message: string } | null;
  history?: { score: number; createdAt: string }[];
}

export class AnalysisRequestError extends Error {}

async function answer<T>(res: Response): Promise<T> {
  if (res.ok) return (await res.json()) as T;
  let message = `The analysis could not run (${res.status}).`;
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message.charAt(0).toUpperCase() + body.error.message.slice(1) + '.';
  } catch {
    // not JSON: keep the generic words
  }
  throw new AnalysisRequestError(message);
}

/** The latest analysis, or null when none has run yet. */
export async function loadLatest(resumeId: string): Promise<Analysis | null> {
  const res = await fetch(`/api/resumes/${resumeId}/analysis`, { credentials: 'same-origin' });
  if (res.status === 404) return null;
  return answer<Analysis>(res);
}

export async function analyzeNow(resumeId: string): Promise<Analysis> {
  const res = await fetch(`/api/resumes/${resumeId}/analysis`, { method: 'POST', credentials: 'same-origin' });
  return answer<Analysis>(res);
}

/** Joins the resume's socket.io room; `onAnalysis` hears every new analysis. Returns a stop function. */
export function listen(resumeId: string, onAnalysis: (analysis: Analysis) => void): () => void {
  const leave = joinResume(resumeId);
  const off = onEvent<{ resumeId: string; analysis: Analysis }>('analysis', (payload) => {
    if (payload.resumeId === resumeId) onAnalysis(payload.analysis);
  });
  return () => {
    off();
    leave();
  };
}

export interface Usage {
  today: { analyses: number; llmCalls: number; promptTokens: number; completionTokens: number };
  limits: { perMinute: number; perHour: number; dailyTokens: number };
  llm: boolean;
}

/** What the signed-in person used today; null when it cannot be read (the panel just omits it). */
export async function loadUsage(): Promise<Usage | null> {
  try {
    const res = await fetch('/api/me/usage', { credentials: 'same-origin' });
    return res.ok ? ((await res.json()) as Usage) : null;
  } catch {
    return null;
  }
}
