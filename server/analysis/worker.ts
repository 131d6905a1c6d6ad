// The analyzer's worker thread (piscina): the offline analysis runs here, off the event loop
// that carries everyone's typing. Takes a resume as a Yjs state or plain text.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { extractText, getJobDescriptionText } from '../../collab/index.ts';
import { analyze, warmUpAnalyzer } from './analyze.ts';
import { MAX_JOB_CHARS, MAX_RESUME_CHARS } from './limits.ts';
import type { AnalysisReport } from './report.ts';

export type WorkerTask =
  | { readonly kind: 'document'; readonly state: Uint8Array; readonly knownHash?: string; readonly today: number }
  | { readonly kind: 'text'; readonly resume: string; readonly jobDescription: string; readonly today: number };

export type WorkerResult =
  | { readonly hash: string; readonly skipped: true; readonly reason: 'unchanged' | 'too_large' }
  | { readonly hash: string; readonly skipped: false; readonly report: AnalysisReport; readonly jobDescription: string };

warmUpAnalyzer();

/** What an analysis depends on: the text by section with item ids, and the job description. */
export function contentHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

export default function run(task: WorkerTask): WorkerResult {
  const today = new Date(task.today);
  if (task.kind === 'text') {
    const hash = contentHash(['text', task.resume, task.jobDescription]);
    return { hash, skipped: false, report: analyze({ resume: task.resume, jobDescription: task.jobDescription }, { today }), jobDescription: task.jobDescription };
  }
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, task.state);
    const jobDescription = getJobDescriptionText(doc).toString();
    const extracted = extractText(doc);
    const hash = contentHash(['document', extracted, jobDescription]);
    if (hash === task.knownHash) return { hash, skipped: true, reason: 'unchanged' };
    if (extracted.text.length > MAX_RESUME_CHARS || jobDescription.length > MAX_JOB_CHARS) return { hash, skipped: true, reason: 'too_large' };
    return { hash, skipped: false, report: analyze({ resume: doc, jobDescription }, { today }), jobDescription };
  } finally {
    doc.destroy();
  }
}
