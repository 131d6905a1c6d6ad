// Suggestions: a person (or an AI rewrite a person passes on) proposes a replacement for a span;
// the owner or an editor accepts it — applied on the live document as one Yjs edit made on their
// behalf, only while the span still reads what was proposed against — or rejects it; the author
// may withdraw their own. Every change is announced (`suggestion`) and notified.
import * as Y from 'yjs';
import { simpleDiffString } from 'lib0/diff';
import type { SuggestionRow } from '../../db/suggestions.ts';
import type { Role } from '../../db/types.ts';
import { findField, resolveAnchor, spanAnchor, type SpanAnchor } from '../../collab/index.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { LlmRewrite } from '../analysis/llm.ts';
import { anchorState, checkAnchor, excerpt, MAX_SPAN_CHARS, storedSpan, type AnchorState } from './anchor-input.ts';
import type { CoachingDeps } from './comments-service.ts';

export interface SuggestionsDeps extends CoachingDeps {
  collab: CoachingDeps['collab'] & { edit<T>(resumeId: string, userId: string, fn: (doc: Y.Doc) => T): Promise<T> };
  /** Called before an accept-all changes anything (the versions engineer saves a version here). */
  beforeAcceptAll?: (resumeId: string, userId: string) => Promise<unknown>;
}

export type SuggestionAction = 'created' | 'accepted' | 'rejected';

export function publicSuggestion(row: SuggestionRow, state?: AnchorState) {
  return {
    id: row.id,
    resumeId: row.resumeId,
    author: row.author,
    source: row.source,
    anchor: storedSpan(row.anchor),
    original: row.original,
    replacement: row.replacement,
    reason: row.reason,
    status: row.status,
    /** A rejection by its own author. */
    withdrawn: row.status === 'rejected' && row.decidedBy !== null && row.decidedBy.id === row.author?.id,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    ...(state ? { state } : {}),
  };
}

/** Where a suggestion applies in the document as it is now, or why it cannot. */
function conflictOf(doc: Y.Doc, row: SuggestionRow): { message: string } | { text: Y.Text; index: number } {
  const anchor = storedSpan(row.anchor);
  const resolved = anchor ? resolveAnchor(doc, anchor) : null;
  if (!resolved || resolved.state !== 'attached' || resolved.kind !== 'span') {
    return { message: 'the text this suggestion was for has been deleted' };
  }
  if (resolved.currentText !== row.original) {
    return { message: `the text has changed since this was suggested: it read "${excerpt(row.original)}" and now reads "${excerpt(resolved.currentText)}"` };
  }
  return { text: resolved.text, index: resolved.index };
}

/** Replaces `original` at `index` by `replacement`, touching only the part that differs (so other anchors inside survive). */
function applyAt(text: Y.Text, index: number, original: string, replacement: string): void {
  const { index: at, remove, insert } = simpleDiffString(original, replacement);
  if (remove > 0) text.delete(index + at, remove);
  if (insert.length > 0) text.insert(index + at, insert);
}

export class SuggestionsService {
  constructor(private readonly deps: SuggestionsDeps) {}

  async list(resumeId: string, status?: SuggestionRow['status']) {
    const [rows, doc] = await Promise.all([this.deps.store.suggestions.list(resumeId, { status }), this.deps.collab.readDocument(resumeId)]);
    try {
      return rows.map((row) => publicSuggestion(row, anchorState(doc, storedSpan(row.anchor))));
    } finally {
      doc.destroy();
    }
  }

  async create(resumeId: string, userId: string, input: { anchor: SpanAnchor; replacement: string; reason: string | null }) {
    if (input.replacement === input.anchor.quote) throw new AppError(400, 'bad_request', 'the replacement is the same as the text it replaces');
    const doc = await this.deps.collab.readDocument(resumeId);
    try {
      checkAnchor(doc, input.anchor);
    } finally {
      doc.destroy();
    }
    return this.store(resumeId, userId, { source: 'person', anchor: input.anchor, original: input.anchor.quote, replacement: input.replacement, reason: input.reason });
  }

  /**
   * An AI rewrite from a stored analysis of this resume, proposed by the person who passed it on.
   * The same rewrite already waiting is answered as is (`created: false`).
   */
  async createFromAnalysis(resumeId: string, userId: string, input: { analysisId: string; rewriteIndex: number }) {
    const analysis = await this.deps.store.analyses.get(resumeId, input.analysisId);
    if (!analysis) throw notFound('analysis');
    const rewrites = (analysis.report as { rewrites?: readonly LlmRewrite[] }).rewrites ?? [];
    const rewrite = rewrites[input.rewriteIndex];
    if (!rewrite) throw notFound('rewrite');
    if (rewrite.flagged) throw new AppError(400, 'bad_request', `this rewrite cannot be proposed as is: it ${rewrite.flagReasons.join('; ')}`);
    if (rewrite.rewrite === rewrite.original) throw new AppError(400, 'bad_request', 'this rewrite changes nothing');
    if (rewrite.original.length > MAX_SPAN_CHARS || rewrite.rewrite.length > MAX_SPAN_CHARS) {
      throw new AppError(400, 'bad_request', `this rewrite is too long to suggest (at most ${MAX_SPAN_CHARS} characters)`);
    }
    const doc = await this.deps.collab.readDocument(resumeId);
    let anchor: SpanAnchor;
    try {
      const found = findField(doc, rewrite.itemId, rewrite.field);
      if (!found) throw new AppError(409, 'conflict', 'the field this rewrite was for is no longer in the resume');
      const at = found.text.toString().indexOf(rewrite.original);
      if (at < 0 || rewrite.original.length === 0) {
        throw new AppError(409, 'conflict', 'the text this rewrite was for has changed since the analysis; run the analysis again');
      }
      anchor = spanAnchor(found.text, found.ref, at, rewrite.original.length);
    } finally {
      doc.destroy();
    }
    const waiting = (await this.deps.store.suggestions.pendingForItem(resumeId, anchor.list, anchor.itemId)).find(
      (s) => s.source === 'ai' && storedSpan(s.anchor)?.field === anchor.field && s.original === rewrite.original && s.replacement === rewrite.rewrite,
    );
    if (waiting) return { created: false, suggestion: publicSuggestion(waiting) };
    const suggestion = await this.store(resumeId, userId, { source: 'ai', anchor, original: rewrite.original, replacement: rewrite.rewrite, reason: rewrite.reason });
    return { created: true, suggestion };
  }

  /** Applies it (owner or editor): 409 with nothing changed when the span no longer reads the original. */
  async accept(resumeId: string, userId: string, id: string) {
    const [claimed] = await this.claim(resumeId, [id], 'accepted', userId);
    if (!claimed) throw await this.notPending(resumeId, id);
    try {
      await this.deps.collab.edit(resumeId, userId, (doc) => {
        const target = conflictOf(doc, claimed);
        if ('message' in target) throw new AppError(409, 'conflict', `this suggestion cannot be applied: ${target.message}`);
        applyAt(target.text, target.index, claimed.original, claimed.replacement);
      });
    } catch (err) {
      await this.deps.store.suggestions.undecide(resumeId, [id]);
      throw err;
    }
    const [accepted] = await this.decided(resumeId, userId, [claimed], 'accepted');
    return accepted;
  }

  /** Rejects it (owner or editor), or withdraws it (its author, while still a commenter or more). */
  async reject(resumeId: string, userId: string, role: Role, id: string) {
    if (role !== 'owner' && role !== 'editor') {
      const row = await this.deps.store.suggestions.get(resumeId, id);
      if (!row) throw notFound('suggestion');
      if (row.author?.id !== userId) throw forbidden('only the owner or an editor may reject a suggestion; its author may withdraw it');
    }
    const [claimed] = await this.claim(resumeId, [id], 'rejected', userId);
    if (!claimed) throw await this.notPending(resumeId, id);
    const [rejected] = await this.decided(resumeId, userId, [claimed], 'rejected');
    return rejected;
  }

  /**
   * Accepts every pending suggestion of one item in one Yjs edit, oldest first. One that no longer
   * applies (its text changed, or an earlier one in the batch rewrote it) stays pending and is
   * listed under `skipped` with the reason.
   */
  async acceptAll(resumeId: string, userId: string, item: { list: string; itemId: string }) {
    const pending = await this.deps.store.suggestions.pendingForItem(resumeId, item.list, item.itemId);
    if (pending.length === 0) return { accepted: [], skipped: [] };
    await this.deps.beforeAcceptAll?.(resumeId, userId);
    const claimed = await this.claim(resumeId, pending.map((s) => s.id), 'accepted', userId);
    const skipped: Array<{ id: string; reason: string }> = [];
    try {
      await this.deps.collab.edit(resumeId, userId, (doc) => {
        // In order: a later one that an earlier one rewrote no longer reads its original.
        for (const row of claimed) {
          const target = conflictOf(doc, row);
          if ('message' in target) {
            skipped.push({ id: row.id, reason: target.message });
            continue;
          }
          applyAt(target.text, target.index, row.original, row.replacement);
        }
      });
    } catch (err) {
      await this.deps.store.suggestions.undecide(resumeId, claimed.map((s) => s.id));
      throw err;
    }
    await this.deps.store.suggestions.undecide(resumeId, skipped.map((s) => s.id));
    const accepted = claimed.filter((row) => !skipped.some((s) => s.id === row.id));
    return { accepted: await this.decided(resumeId, userId, accepted, 'accepted'), skipped };
  }

  async rejectAll(resumeId: string, userId: string, item: { list: string; itemId: string }) {
    const pending = await this.deps.store.suggestions.pendingForItem(resumeId, item.list, item.itemId);
    const claimed = await this.claim(resumeId, pending.map((s) => s.id), 'rejected', userId);
    return { rejected: await this.decided(resumeId, userId, claimed, 'rejected') };
  }

  private async store(resumeId: string, userId: string, input: { source: 'person' | 'ai'; anchor: SpanAnchor; original: string; replacement: string; reason: string | null }) {
    const row = await this.deps.store.suggestions.create({ resumeId, authorId: userId, ...input });
    const suggestion = publicSuggestion(row);
    this.deps.realtime.toResume(resumeId, 'suggestion', { resumeId, action: 'created', suggestion });
    const resume = await this.deps.store.resumes.get(resumeId);
    await this.deps.notifications.notify({
      userIds: resume ? [resume.ownerId] : [],
      kind: 'suggestion',
      resumeId,
      actorId: userId,
      data: { suggestionId: row.id, source: row.source, excerpt: excerpt(row.replacement) },
    });
    return suggestion;
  }

  private claim(resumeId: string, ids: readonly string[], status: 'accepted' | 'rejected', userId: string) {
    return this.deps.store.suggestions.decide(resumeId, ids, status, userId);
  }

  private async notPending(resumeId: string, id: string): Promise<AppError> {
    const row = await this.deps.store.suggestions.get(resumeId, id);
    if (!row) return notFound('suggestion');
    return new AppError(409, 'conflict', `this suggestion was already ${row.status}`);
  }

  /** Announces the decisions and tells each author (never the person deciding, so not a withdrawer). */
  private async decided(resumeId: string, userId: string, rows: readonly SuggestionRow[], status: 'accepted' | 'rejected') {
    const out = rows.map((row) => publicSuggestion(row));
    for (const suggestion of out) this.deps.realtime.toResume(resumeId, 'suggestion', { resumeId, action: status, suggestion });
    // notify() logs its own failures and never rejects.
    await Promise.all(
      out.map((suggestion) =>
        this.deps.notifications.notify({
          userIds: suggestion.author ? [suggestion.author.id] : [],
          kind: status === 'accepted' ? 'suggestion_accepted' : 'suggestion_rejected',
          resumeId,
          actorId: userId,
          data: { suggestionId: suggestion.id, excerpt: excerpt(suggestion.replacement) },
        }),
      ),
    );
    return out;
  }
}
