// /api/resumes/:id/comments and /api/resumes/:id/suggestions. Viewers read; commenters, editors
// and the owner comment, reply, resolve, reopen and suggest; authors edit their comments; authors
// or the owner delete them; the owner and editors accept or reject suggestions, and authors may
// withdraw their own.
import { z } from 'zod';
import type { Context } from 'koa';
import type { Role, Store } from '../../db/types.ts';
import { requireUser } from '../auth/routes.ts';
import { createRouter, type ApiRouter, type ApiState } from '../http/router.ts';
import { isUuid, param, parseBody } from '../http/validate.ts';
import { CAN, requireRole } from '../resumes/access.ts';
import { anchorInput, anchorItemId, anchorList, MAX_SPAN_CHARS, spanAnchorInput } from './anchor-input.ts';
import { CommentsService, type CoachingDeps } from './comments-service.ts';
import { SuggestionsService, type SuggestionsDeps } from './suggestions-service.ts';

export const MAX_COMMENT_CHARS = 5000;
const MAX_MENTIONS = 20;

const body = z.string().trim().min(1, 'must not be empty').max(MAX_COMMENT_CHARS, `at most ${MAX_COMMENT_CHARS} characters`);
const mentions = z.array(z.string().refine(isUuid, 'must be a user id')).max(MAX_MENTIONS, `at most ${MAX_MENTIONS} people`).default([]).transform((ids) => [...new Set(ids)]);
const threadBody = z.strictObject({ anchor: anchorInput, body, mentions });
const commentBody = z.strictObject({ body, mentions });
const personSuggestion = z.strictObject({
  source: z.literal('person'),
  anchor: spanAnchorInput,
  replacement: z.string().max(MAX_SPAN_CHARS, `at most ${MAX_SPAN_CHARS} characters`),
  reason: z.string().trim().max(1000, 'at most 1000 characters').optional(),
});
const aiSuggestion = z.strictObject({
  source: z.literal('ai'),
  analysisId: z.string().refine(isUuid, 'must be an analysis id'),
  rewriteIndex: z.number().int().min(0).max(99),
});
// A person's own suggestion may leave `source` out.
const suggestionBody = z.preprocess(
  (value) => (typeof value === 'object' && value !== null && !('source' in value) ? { ...value, source: 'person' } : value),
  z.discriminatedUnion('source', [personSuggestion, aiSuggestion]),
);
const itemBody = z.strictObject({ list: anchorList, itemId: anchorItemId });
const statusQuery = z.enum(['pending', 'accepted', 'rejected']).optional();

export function commentRoutes(deps: CoachingDeps & SuggestionsDeps): ApiRouter {
  const store: Store = deps.store;
  const comments = new CommentsService(deps);
  const suggestions = new SuggestionsService(deps);
  const router = createRouter();

  /** The signed-in user, their role, and the resume id, once the role allows the action. */
  const caller = async (ctx: Context & { state: ApiState; params: Record<string, string | undefined> }, allowed: readonly Role[]) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    const role = await requireRole(store, resumeId, user.id, allowed);
    return { userId: user.id, role, resumeId };
  };

  router.get('/api/resumes/:id/comments', async (ctx) => {
    const { resumeId } = await caller(ctx, CAN.read);
    ctx.body = { threads: await comments.list(resumeId) };
  });

  router.post('/api/resumes/:id/comments', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.comment);
    const input = parseBody(threadBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = await comments.createThread(resumeId, userId, input);
  });

  router.post('/api/resumes/:id/comments/:commentId/replies', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.comment);
    const input = parseBody(commentBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = await comments.reply(resumeId, userId, param(ctx, 'commentId'), input);
  });

  router.patch('/api/resumes/:id/comments/:commentId', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.comment);
    const input = parseBody(commentBody, ctx.request.body);
    ctx.body = await comments.edit(resumeId, userId, param(ctx, 'commentId'), input);
  });

  router.delete('/api/resumes/:id/comments/:commentId', async (ctx) => {
    const { userId, role, resumeId } = await caller(ctx, CAN.comment);
    await comments.delete(resumeId, userId, role, param(ctx, 'commentId'));
    ctx.status = 204;
  });

  router.post('/api/resumes/:id/comments/:commentId/resolve', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.comment);
    ctx.body = await comments.setResolved(resumeId, userId, param(ctx, 'commentId'), true);
  });

  router.post('/api/resumes/:id/comments/:commentId/reopen', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.comment);
    ctx.body = await comments.setResolved(resumeId, userId, param(ctx, 'commentId'), false);
  });

  router.get('/api/resumes/:id/suggestions', async (ctx) => {
    const { resumeId } = await caller(ctx, CAN.read);
    const status = parseBody(statusQuery, ctx.query.status);
    ctx.body = { suggestions: await suggestions.list(resumeId, status) };
  });

  router.post('/api/resumes/:id/suggestions', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.comment);
    const input = parseBody(suggestionBody, ctx.request.body);
    if (input.source === 'ai') {
      const { created, suggestion } = await suggestions.createFromAnalysis(resumeId, userId, input);
      ctx.status = created ? 201 : 200;
      ctx.body = suggestion;
      return;
    }
    ctx.status = 201;
    ctx.body = await suggestions.create(resumeId, userId, { anchor: input.anchor, replacement: input.replacement, reason: input.reason || null });
  });

  // Declared before /:suggestionId/... so "accept-all" is never read as an id.
  router.post('/api/resumes/:id/suggestions/accept-all', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.edit);
    ctx.body = await suggestions.acceptAll(resumeId, userId, parseBody(itemBody, ctx.request.body));
  });

  router.post('/api/resumes/:id/suggestions/reject-all', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.edit);
    ctx.body = await suggestions.rejectAll(resumeId, userId, parseBody(itemBody, ctx.request.body));
  });

  router.post('/api/resumes/:id/suggestions/:suggestionId/accept', async (ctx) => {
    const { userId, resumeId } = await caller(ctx, CAN.edit);
    ctx.body = await suggestions.accept(resumeId, userId, param(ctx, 'suggestionId'));
  });

  router.post('/api/resumes/:id/suggestions/:suggestionId/reject', async (ctx) => {
    const { userId, role, resumeId } = await caller(ctx, CAN.comment);
    ctx.body = await suggestions.reject(resumeId, userId, role, param(ctx, 'suggestionId'));
  });

  return router;
}
