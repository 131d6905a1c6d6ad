// /api/resumes/*, /api/templates and /api/invitations/*: resumes over REST, per CONTRACT.md.
// Document content is read from the live room when loaded, else from the update log.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import * as Y from 'yjs';
import {
  TEMPLATES,
  createResumeDoc,
  exportJsonResume,
  jsonResumeInput,
  readSettings,
} from '../../collab/index.ts';
import type { Role, Store } from '../../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { isUuid, param, parseBody } from '../http/validate.ts';
import { requireUser } from '../auth/routes.ts';
import type { AuthService } from '../auth/service.ts';
import { hashToken, looksLikeToken, newToken } from '../auth/tokens.ts';
import { CAN, requireRole } from './access.ts';

/** What the REST layer asks of the live collaboration side. */
export interface CollabControl {
  readDocument(resumeId: string): Promise<Y.Doc>;
  closeResume(resumeId: string): void;
  disconnectUser(resumeId: string, userId: string, code: number, reason: string): void;
  setRole(resumeId: string, userId: string, role: Role): void;
}

const templateIds = TEMPLATES.map((t) => t.id) as [string, ...string[]];
const title = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const createBody = z.object({
  title,
  template: z.enum(templateIds).optional(),
  jsonResume: jsonResumeInput.optional(),
});
const renameBody = z.object({ title });
const invitableRole = z.enum(['editor', 'commenter', 'viewer']);
const inviteBody = z.object({
  role: invitableRole,
  expiresInHours: z.number().int().min(1).max(24 * 30).default(7 * 24),
  maxUses: z.number().int().min(1).max(1000).nullable().default(1),
});
const roleBody = z.object({ role: invitableRole });

const templatesJson = JSON.stringify(TEMPLATES.map(({ id, name, description }) => ({ id, name, description })));
const templatesEtag = `"${createHash('sha256').update(templatesJson).digest('base64url').slice(0, 27)}"`;

export function resumeRoutes(deps: {
  store: Store;
  auth: AuthService;
  collab: CollabControl;
  publicUrl: string | undefined;
}): ApiRouter {
  const { store, auth, collab } = deps;
  const router = createRouter();

  router.get('/api/templates', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('ETag', templatesEtag);
    if (ctx.get('If-None-Match') === templatesEtag) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/json';
    ctx.body = templatesJson;
  });

  router.get('/api/resumes', async (ctx) => {
    const user = requireUser(ctx);
    const { owned, shared } = await store.resumes.listFor(user.id);
    // The latest analysis score of each; null until a resume has been analysed.
    const scores = await store.analyses.latestScores([...owned, ...shared].map((r) => r.id));
    const withScore = <T extends { id: string }>(r: T) => ({ ...r, score: scores.get(r.id) ?? null });
    ctx.body = { owned: owned.map(withScore), shared: shared.map(withScore) };
  });

  router.post('/api/resumes', async (ctx) => {
    const user = requireUser(ctx);
    const input = parseBody(createBody, ctx.request.body);
    const doc = createResumeDoc(input.jsonResume, input.template ? { template: input.template } : undefined);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const template = readSettings(doc).template;
    doc.destroy();
    const row = await store.resumes.create({ ownerId: user.id, title: input.title, snapshot });
    ctx.state.log.info({ resume: row.id }, 'resume created');
    ctx.status = 201;
    ctx.body = { ...row, role: 'owner', template };
  });

  router.get('/api/resumes/:id', async (ctx) => {
    const user = requireUser(ctx);
    const role = await requireRole(store, param(ctx, 'id'), user.id, CAN.read);
    const row = await store.resumes.get(param(ctx, 'id'));
    if (!row) throw notFound('resume');
    const [members, doc] = await Promise.all([store.members.list(row.id), collab.readDocument(row.id)]);
    const owner = members.find((m) => m.role === 'owner');
    ctx.body = {
      ...row,
      role,
      template: readSettings(doc).template,
      owner: owner ? { id: owner.userId, username: owner.username } : null,
      members: members.map((m) => ({ userId: m.userId, username: m.username, role: m.role, joinedAt: m.joinedAt })),
    };
  });

  router.patch('/api/resumes/:id', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.edit);
    const { title: newTitle } = parseBody(renameBody, ctx.request.body);
    await store.resumes.rename(param(ctx, 'id'), newTitle);
    ctx.body = await store.resumes.get(param(ctx, 'id'));
  });

  router.delete('/api/resumes/:id', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.manage);
    await store.resumes.delete(param(ctx, 'id'));
    collab.closeResume(param(ctx, 'id'));
    ctx.state.log.info({ resume: param(ctx, 'id') }, 'resume deleted');
    ctx.status = 204;
  });

  router.get('/api/resumes/:id/json', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.read);
    const doc = await collab.readDocument(param(ctx, 'id'));
    ctx.body = exportJsonResume(doc);
  });

  router.post('/api/resumes/:id/collab-token', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.read);
    const { token, expiresAt } = await auth.issueCollabToken(user.id, param(ctx, 'id'));
    ctx.body = { token, expiresAt };
  });

  router.post('/api/resumes/:id/invitations', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.manage);
    const input = parseBody(inviteBody, ctx.request.body);
    const token = newToken();
    const invitation = await store.invitations.create({
      resumeId: param(ctx, 'id'),
      tokenHash: hashToken(token),
      role: input.role,
      createdBy: user.id,
      expiresAt: new Date(Date.now() + input.expiresInHours * 3600_000),
      maxUses: input.maxUses,
    });
    const base = deps.publicUrl ?? ctx.origin;
    ctx.status = 201;
    ctx.body = { url: `${base}/invite/${token}`, token, role: invitation.role, expiresAt: invitation.expiresAt, maxUses: invitation.maxUses };
  });

  router.post('/api/invitations/:token/accept', async (ctx) => {
    const user = requireUser(ctx);
    const token = param(ctx, 'token');
    if (!looksLikeToken(token)) throw notFound('invitation');
    const result = await store.invitations.accept(hashToken(token), user.id);
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound('invitation');
      throw new AppError(410, 'not_found', result.reason === 'expired' ? 'this invitation has expired' : 'this invitation has been used up');
    }
    collab.setRole(result.resumeId, user.id, result.role);
    ctx.body = { resumeId: result.resumeId, role: result.role };
  });

  router.patch('/api/resumes/:id/members/:userId', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.manage);
    const { role } = parseBody(roleBody, ctx.request.body);
    const target = param(ctx, 'userId');
    if (!isUuid(target) || target === user.id) throw notFound('member');
    const current = await store.resumes.roleOf(param(ctx, 'id'), target);
    if (!current || current === 'owner') throw notFound('member');
    await store.members.upsert(param(ctx, 'id'), target, role);
    collab.setRole(param(ctx, 'id'), target, role);
    ctx.body = { userId: target, role };
  });

  router.delete('/api/resumes/:id/members/:userId', async (ctx) => {
    const user = requireUser(ctx);
    const target = param(ctx, 'userId');
    // Members may leave on their own; removing someone else is the owner's call.
    await requireRole(store, param(ctx, 'id'), user.id, target === user.id ? CAN.read : CAN.manage);
    if (!isUuid(target)) throw notFound('member');
    const removed = await store.members.remove(param(ctx, 'id'), target);
    if (!removed) throw notFound('member');
    collab.disconnectUser(param(ctx, 'id'), target, 4403, 'access revoked');
    ctx.state.log.info({ resume: param(ctx, 'id'), member: target }, 'member removed');
    ctx.status = 204;
  });

  return router;
}
