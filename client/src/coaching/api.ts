// Comments and suggestions over REST, as the server sends them. Anchors are collab/anchors.ts's.
import type { Anchor, AnchorList, SpanAnchor } from '../../../collab/index.ts';
import { request } from '../lib/api.ts';

export interface Person {
  id: string;
  username: string;
}

export interface CommentEntry {
  id: string;
  threadId: string | null;
  author: Person | null;
  body: string;
  mentions: string[];
  createdAt: string;
  updatedAt: string;
  edited: boolean;
}

export interface Thread extends CommentEntry {
  resumeId: string;
  anchor: Anchor | null;
  resolved: { at: string; by: Person | null } | null;
  replies: CommentEntry[];
}

export interface Suggestion {
  id: string;
  resumeId: string;
  author: Person | null;
  source: 'person' | 'ai';
  anchor: SpanAnchor | null;
  original: string;
  replacement: string;
  reason: string | null;
  status: 'pending' | 'accepted' | 'rejected';
  withdrawn: boolean;
  decidedBy: Person | null;
  decidedAt: string | null;
  createdAt: string;
}

/** The socket.io events (the `comment` event's `deleted` carries only the ids). */
export type CommentEvent =
  | { resumeId: string; action: 'created' | 'replied' | 'edited' | 'resolved' | 'reopened'; comment: Thread }
  | { resumeId: string; action: 'deleted'; comment: { id: string; threadId: string | null } };
export interface SuggestionEvent {
  resumeId: string;
  action: 'created' | 'accepted' | 'rejected';
  suggestion: Suggestion;
}

const base = (resumeId: string) => `/api/resumes/${encodeURIComponent(resumeId)}`;
const one = (id: string) => encodeURIComponent(id);

export const coachingApi = {
  threads: async (resumeId: string) => (await request<{ threads: Thread[] }>('GET', `${base(resumeId)}/comments`)).threads,
  createThread: (resumeId: string, input: { anchor: Anchor; body: string; mentions: string[] }) =>
    request<Thread>('POST', `${base(resumeId)}/comments`, input),
  reply: (resumeId: string, threadId: string, input: { body: string; mentions: string[] }) =>
    request<{ reply: CommentEntry; thread: Thread }>('POST', `${base(resumeId)}/comments/${one(threadId)}/replies`, input),
  editComment: (resumeId: string, id: string, input: { body: string; mentions: string[] }) =>
    request<Thread>('PATCH', `${base(resumeId)}/comments/${one(id)}`, input),
  deleteComment: (resumeId: string, id: string) => request<void>('DELETE', `${base(resumeId)}/comments/${one(id)}`),
  resolve: (resumeId: string, id: string, resolved: boolean) =>
    request<Thread>('POST', `${base(resumeId)}/comments/${one(id)}/${resolved ? 'resolve' : 'reopen'}`),

  suggestions: async (resumeId: string) => (await request<{ suggestions: Suggestion[] }>('GET', `${base(resumeId)}/suggestions`)).suggestions,
  suggest: (resumeId: string, input: { anchor: SpanAnchor; replacement: string; reason?: string }) =>
    request<Suggestion>('POST', `${base(resumeId)}/suggestions`, input),
  suggestRewrite: (resumeId: string, analysisId: string, rewriteIndex: number) =>
    request<Suggestion>('POST', `${base(resumeId)}/suggestions`, { source: 'ai', analysisId, rewriteIndex }),
  decide: (resumeId: string, id: string, decision: 'accept' | 'reject') =>
    request<Suggestion>('POST', `${base(resumeId)}/suggestions/${one(id)}/${decision}`),
  decideAll: (resumeId: string, item: { list: AnchorList; itemId: string }, decision: 'accept' | 'reject') =>
    request<{ accepted?: Suggestion[]; rejected?: Suggestion[]; skipped?: Array<{ id: string; reason: string }> }>(
      'POST',
      `${base(resumeId)}/suggestions/${decision}-all`,
      item,
    ),
};
