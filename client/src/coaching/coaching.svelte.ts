// The open resume's comments and suggestions: loaded over REST, kept live over socket.io, and
// resolved against the shared document on every change, so the fields can draw them where their
// text is now and the Comments tab can list them in document order.
import * as Y from 'yjs';
import { resolveAnchor, spanAnchor, type Anchor, type AnchorList, type FieldRef, type ResolvedAnchor } from '../../../collab/index.ts';
import { errorText, type ResumeDetail, type Role, type User } from '../lib/api.ts';
import { joinResume, onEvent } from '../lib/realtime.ts';
import type { CollabSession } from '../editor/collab-session.svelte.ts';
import { coachingApi, type CommentEvent, type Suggestion, type SuggestionEvent, type Thread } from './api.ts';

/** What a field draws: a comment's highlight, the text being commented on or suggested for, or a
 *  suggestion's struck text and its replacement. */
export type FieldMark =
  | { kind: 'comment'; id: string; from: number; to: number; author: string; active: boolean }
  | { kind: 'draft'; from: number; to: number }
  | { kind: 'suggestion'; id: string; from: number; to: number; author: string; ai: boolean; replacement: string; active: boolean };

/** A comment or suggestion being written, for a span (or a whole item) of one field. */
export interface Draft {
  kind: 'comment' | 'suggestion';
  fieldId: string;
  anchor: Anchor;
  /** The selected text (empty for a whole item). */
  quote: string;
  multiline: boolean;
}

/** The latest text selection in a field, which the field's Comment and Suggest actions act on. */
export interface FieldSelection {
  fieldId: string;
  ref: FieldRef;
  text: Y.Text;
  from: number;
  to: number;
  multiline: boolean;
}

const ACTION_ERROR = 'That did not work. Please try again.';

/** `work:<itemId>:highlights.0` → where the field is; null for fields outside items (the job description). */
export function fieldRefOf(fieldId: string): FieldRef | null {
  const [list, itemId, ...path] = fieldId.split(':');
  if (!list || !itemId || path.length === 0) return null;
  return { list: list as AnchorList, itemId, field: path.join(':') };
}

export class Coaching {
  readonly resumeId: string;
  readonly me: User;
  readonly #session: CollabSession;
  readonly #meta: () => ResumeDetail;

  #threads = $state<Thread[]>([]);
  #suggestions = $state<Suggestion[]>([]);
  #loaded = $state(false);
  #loadError = $state<string | null>(null);
  /** A problem with the last action, said where it happened (a field) or in the Comments tab. */
  notice = $state<{ message: string; fieldId: string | null } | null>(null);
  draft = $state<Draft | null>(null);
  selection = $state<FieldSelection | null>(null);
  /** The thread or suggestion under the pointer or focus, drawn stronger in its field. */
  active = $state<string | null>(null);
  #stop: (() => void)[] = [];

  constructor(opts: { session: CollabSession; me: User; meta: () => ResumeDetail }) {
    this.#session = opts.session;
    this.#meta = opts.meta;
    this.me = opts.me;
    this.resumeId = opts.meta().id;
    this.#stop.push(
      joinResume(this.resumeId),
      onEvent<CommentEvent>('comment', (e) => e.resumeId === this.resumeId && this.#onComment(e)),
      onEvent<SuggestionEvent>('suggestion', (e) => e.resumeId === this.resumeId && this.#upsertSuggestion(e.suggestion)),
      // Once the socket is (re)connected and the room joined again, whatever was said while it
      // was away is read again (the first time too: the room is joined after the first load).
      onEvent('connect', () => void this.load()),
    );
    void this.load();
  }

  get doc(): Y.Doc {
    return this.#session.doc;
  }
  get role(): Role {
    return this.#meta().role;
  }
  get canComment(): boolean {
    return this.role !== 'viewer';
  }
  get canDecide(): boolean {
    return this.role === 'owner' || this.role === 'editor';
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get loadError(): string | null {
    return this.#loadError;
  }
  get threads(): readonly Thread[] {
    return this.#threads;
  }
  /** Every suggestion, decided ones too (the analysis panel tells which rewrites were accepted). */
  get suggestions(): readonly Suggestion[] {
    return this.#suggestions;
  }
  /** Suggestions still waiting for a decision. */
  get pending(): readonly Suggestion[] {
    return this.#suggestions.filter((s) => s.status === 'pending');
  }
  /** Members one may @mention (everyone but me). */
  get mentionable(): { userId: string; username: string }[] {
    return this.#meta().members.filter((m) => m.userId !== this.me.id);
  }
  /** Where each thread's and pending suggestion's anchor is now, by id. */
  get positions(): ReadonlyMap<string, ResolvedAnchor> {
    return this.#resolved.positions;
  }
  /** The marks a field draws. */
  marksFor(text: Y.Text): readonly FieldMark[] {
    return this.#resolved.marks.get(text) ?? [];
  }

  #resolved = $derived.by(() => {
    void this.#session.version; // every change to the document moves the anchors
    const positions = new Map<string, ResolvedAnchor>();
    const marks = new Map<Y.Text, FieldMark[]>();
    const add = (text: Y.Text, mark: FieldMark) => marks.set(text, [...(marks.get(text) ?? []), mark]);
    for (const thread of this.#threads) {
      if (!thread.anchor) continue;
      const at = resolveAnchor(this.#session.doc, thread.anchor);
      positions.set(thread.id, at);
      if (thread.resolved || at.state !== 'attached' || at.kind !== 'span') continue;
      add(at.text, { kind: 'comment', id: thread.id, from: at.index, to: at.index + at.length, author: thread.author?.username ?? 'someone', active: this.active === thread.id });
    }
    for (const s of this.#suggestions) {
      if (s.status !== 'pending' || !s.anchor) continue;
      const at = resolveAnchor(this.#session.doc, s.anchor);
      positions.set(s.id, at);
      if (at.state !== 'attached' || at.kind !== 'span') continue;
      add(at.text, {
        kind: 'suggestion',
        id: s.id,
        from: at.index,
        to: at.index + at.length,
        author: s.author?.username ?? 'someone',
        ai: s.source === 'ai',
        replacement: s.replacement,
        active: this.active === s.id,
      });
    }
    // The text a comment or suggestion is being written for stays marked while the composer has focus.
    const draft = this.draft?.anchor;
    if (draft?.kind === 'span') {
      const at = resolveAnchor(this.#session.doc, draft);
      if (at.state === 'attached' && at.kind === 'span') add(at.text, { kind: 'draft', from: at.index, to: at.index + at.length });
    }
    return { positions, marks };
  });

  async load(): Promise<void> {
    try {
      const [threads, suggestions] = await Promise.all([coachingApi.threads(this.resumeId), coachingApi.suggestions(this.resumeId)]);
      this.#threads = threads;
      this.#suggestions = suggestions;
      this.#loadError = null;
    } catch (err) {
      this.#loadError = errorText(err);
    } finally {
      this.#loaded = true;
    }
  }

  /** Opens the composer for the field's current selection (or, with none, for its whole item). */
  startDraft(kind: Draft['kind'], selection: FieldSelection): void {
    const { ref, text, from, to } = selection;
    const anchor: Anchor = to > from ? spanAnchor(text, ref, from, to - from) : { kind: 'item', list: ref.list, itemId: ref.itemId };
    this.notice = null;
    this.draft = { kind, fieldId: selection.fieldId, anchor, quote: text.toString().slice(from, to), multiline: selection.multiline };
  }

  async submitDraft(input: { body: string; reason?: string }): Promise<boolean> {
    const draft = this.draft;
    if (!draft) return false;
    return this.#act(draft.fieldId, async () => {
      await this.#untilSaved();
      if (draft.kind === 'comment') {
        this.#upsertThread(await coachingApi.createThread(this.resumeId, { anchor: draft.anchor, body: input.body, mentions: this.mentionsIn(input.body) }));
      } else if (draft.anchor.kind === 'span') {
        this.#upsertSuggestion(await coachingApi.suggest(this.resumeId, { anchor: draft.anchor, replacement: input.body, reason: input.reason || undefined }));
      }
      this.draft = null;
    });
  }

  reply(threadId: string, body: string): Promise<boolean> {
    return this.#act(null, async () => this.#upsertThread((await coachingApi.reply(this.resumeId, threadId, { body, mentions: this.mentionsIn(body) })).thread));
  }
  editComment(id: string, body: string): Promise<boolean> {
    return this.#act(null, async () => this.#upsertThread(await coachingApi.editComment(this.resumeId, id, { body, mentions: this.mentionsIn(body) })));
  }
  deleteComment(id: string, threadId: string | null): Promise<boolean> {
    return this.#act(null, async () => {
      await coachingApi.deleteComment(this.resumeId, id);
      this.#onComment({ resumeId: this.resumeId, action: 'deleted', comment: { id, threadId } });
    });
  }
  resolve(id: string, resolved: boolean): Promise<boolean> {
    return this.#act(null, async () => this.#upsertThread(await coachingApi.resolve(this.resumeId, id, resolved)));
  }
  decide(id: string, decision: 'accept' | 'reject', fieldId: string | null = null): Promise<boolean> {
    return this.#act(fieldId, async () => this.#upsertSuggestion(await coachingApi.decide(this.resumeId, id, decision)));
  }
  decideAll(item: { list: AnchorList; itemId: string }, decision: 'accept' | 'reject'): Promise<boolean> {
    return this.#act(null, async () => {
      const answer = await coachingApi.decideAll(this.resumeId, item, decision);
      for (const s of [...(answer.accepted ?? []), ...(answer.rejected ?? [])]) this.#upsertSuggestion(s);
      const skipped = answer.skipped ?? [];
      if (skipped.length > 0) {
        this.notice = { fieldId: null, message: `${skipped.length} ${skipped.length === 1 ? 'suggestion was' : 'suggestions were'} left waiting: ${skipped.map((s) => s.reason).join('; ')}.` };
      }
    });
  }
  /** Passes an AI rewrite from the analysis on as a suggestion of mine. */
  suggestRewrite(analysisId: string, rewriteIndex: number): Promise<boolean> {
    return this.#act(null, async () => this.#upsertSuggestion(await coachingApi.suggestRewrite(this.resumeId, analysisId, rewriteIndex)));
  }

  /** The members whose @username the text names (`@ana.` at the end of a sentence names ana, `@ana.b` does not). */
  mentionsIn(body: string): string[] {
    return this.mentionable
      .filter((m) => new RegExp(`(^|[^\\w@.-])@${escapeRegExp(m.username)}(?![\\w-]|\\.[\\w-])`, 'i').test(body))
      .map((m) => m.userId);
  }

  destroy(): void {
    for (const stop of this.#stop.splice(0)) stop();
  }

  async #act(fieldId: string | null, fn: () => Promise<void>): Promise<boolean> {
    this.notice = null;
    try {
      await fn();
      return true;
    } catch (err) {
      const message = errorText(err);
      this.notice = { fieldId, message: message === 'Request failed' ? ACTION_ERROR : message };
      return false;
    }
  }

  /** A new anchor may point at text typed here a moment ago: let the server have it first. */
  #untilSaved(timeoutMs = 5000): Promise<void> {
    if (this.#session.state === 'saved' || this.#session.readOnly) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        stop();
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      const stop = $effect.root(() => {
        $effect(() => {
          if (this.#session.state === 'saved') queueMicrotask(finish);
        });
      });
    });
  }

  #onComment(e: CommentEvent): void {
    if (e.action !== 'deleted') return this.#upsertThread(e.comment);
    const { id, threadId } = e.comment;
    this.#threads = threadId
      ? this.#threads.map((t) => (t.id === threadId ? { ...t, replies: t.replies.filter((r) => r.id !== id) } : t))
      : this.#threads.filter((t) => t.id !== id);
  }

  #upsertThread(thread: Thread): void {
    const at = this.#threads.findIndex((t) => t.id === thread.id);
    this.#threads = at < 0 ? [...this.#threads, thread] : this.#threads.map((t, i) => (i === at ? thread : t));
  }

  #upsertSuggestion(suggestion: Suggestion): void {
    const at = this.#suggestions.findIndex((s) => s.id === suggestion.id);
    this.#suggestions = at < 0 ? [...this.#suggestions, suggestion] : this.#suggestions.map((s, i) => (i === at ? suggestion : s));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
