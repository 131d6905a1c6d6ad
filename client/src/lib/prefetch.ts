// Opening a resume by its address: its details are asked for while the editor's chunk and the
// session are still loading, and handed to the editor page once it is up (else fetched then).
import { api, request, type ResumeDetail } from './api.ts';

const pending = new Map<string, Promise<ResumeDetail>>();

export function prefetchResume(id: string): void {
  if (pending.has(id)) return;
  // Quiet: a signed-out visitor is sent to /login by the app, not by this request.
  const early = request<ResumeDetail>('GET', `/api/resumes/${encodeURIComponent(id)}`, undefined, { quiet401: true });
  early.catch(() => undefined); // a failure is answered by asking again in takeResume
  pending.set(id, early);
}

/** The prefetched details when there are some (once), otherwise a fresh request. */
export function takeResume(id: string): Promise<ResumeDetail> {
  const early = pending.get(id);
  pending.delete(id);
  return early ? early.catch(() => api.resume(id)) : api.resume(id);
}
