// Versions and the activity log as the server sends them, the REST calls for them, and the live
// `version` event (a version saved or restored by anyone in the resume).
import type { ResumeComparison } from '../../../collab/compare.ts';
import type { JsonResume } from '../../../collab/schema.ts';
import type { ResumeSettings } from '../../../collab/settings.ts';
import { request } from '../lib/api.ts';
import { joinResume, onEvent } from '../lib/realtime.ts';

export type VersionKind = 'named' | 'auto' | 'before_accept_all' | 'before_restore';

export interface Version {
  id: string;
  resumeId: string;
  name: string | null;
  kind: VersionKind;
  createdBy: { id: string; username: string } | null;
  createdAt: string;
  size: number;
}

/** One state of the resume: a version, or now (`version` null). */
export interface ResumeState {
  version: Version | null;
  resume: JsonResume;
  /** What the page shows: hidden items left out. */
  printable: JsonResume;
  settings: ResumeSettings;
  jobDescription: string;
}

export interface Comparison {
  from: ResumeState;
  to: ResumeState;
  diff: ResumeComparison;
}

export interface ActivityEntry {
  id: string;
  kind: string;
  actor: { id: string; username: string } | null;
  /** The member the entry is about (role changed, removed). */
  subject: { id: string; username: string } | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface VersionEvent {
  resumeId: string;
  action: 'saved' | 'restored';
  version: Version;
}

/** What the version window shows: one version, or two states side by side. */
export type DialogState = { mode: 'view'; versionId: string } | { mode: 'compare'; from: string; to: string };

/** Compare's side that names the live document. */
export const CURRENT = 'current';

const base = (resumeId: string) => `/api/resumes/${encodeURIComponent(resumeId)}`;
const page = (before: string | null | undefined) => (before ? `?before=${encodeURIComponent(before)}` : '');

export const versionsApi = {
  list: (resumeId: string, before?: string | null) =>
    request<{ versions: Version[]; next: string | null }>('GET', `${base(resumeId)}/versions${page(before)}`),
  save: (resumeId: string, name: string) => request<Version>('POST', `${base(resumeId)}/versions`, { name }),
  view: (resumeId: string, versionId: string) =>
    request<ResumeState & { version: Version }>('GET', `${base(resumeId)}/versions/${encodeURIComponent(versionId)}`),
  compare: (resumeId: string, from: string, to: string) =>
    request<Comparison>('GET', `${base(resumeId)}/versions/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  restore: (resumeId: string, versionId: string) =>
    request<{ restored: Version; backup: Version; changed: boolean }>('POST', `${base(resumeId)}/versions/${encodeURIComponent(versionId)}/restore`),
  activity: (resumeId: string, before?: string | null) =>
    request<{ entries: ActivityEntry[]; next: string | null }>('GET', `${base(resumeId)}/activity${page(before)}`),
};

/** Hears every version saved or restored in the resume until the returned function is called;
 *  `onJoined` is told each time events start arriving (a fetch then misses nothing). */
export function listenForVersions(resumeId: string, onVersion: (event: VersionEvent) => void, onJoined: () => void): () => void {
  const off = onEvent<VersionEvent>('version', (event) => {
    if (event.resumeId === resumeId) onVersion(event);
  });
  const leave = joinResume(resumeId, onJoined);
  return () => {
    off();
    leave();
  };
}
