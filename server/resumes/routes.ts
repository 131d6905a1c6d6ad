// /api/resumes/* and /api/templates: resumes over REST, per CONTRACT.md (sharing is in sharing.ts).
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
import type { Store } from '../../db/types.ts';
import { notFound } from '../errors.ts';
import { spend, type RateLimit } from '../limits/index.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { param, parseBody } from '../http/validate.ts';
import { requireUser } from '../auth/routes.ts';
import { SESSION_COOKIE, type AuthService } from '../auth/service.ts';
import type { AccessChange } from '../collab/access.ts';
import { CAN, requireRole } from './access.ts';

/** What the REST layer asks of the live collaboration side. */
export interface CollabControl {
  readDocument(resumeId: string): Promise<Y.Doc>;
  changeAccess(change: AccessChange): Promise<void>;
}

const templateIds = TEMPLATES.map((t) => t.id) as [string, ...string[]];
const title = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const createBody = z.object({
  title,
  template: z.enum(templateIds).optional(),
  jsonResume: jsonResumeInput.optional(),
});
const renameBody = z.object({ title });

const templatesJson = JSON.stringify(TEMPLATES.map(({ id, name, description }) => ({ id, name, description })));
const templatesEtag = `"${createHash('sha256').update(templatesJson).digest('base64url').slice(0, 27)}"`;

export function resumeRoutes(deps: {
  store: Store;
  auth: AuthService;
  collab: CollabControl;
  publicUrl: string | undefined;
  /** New resumes per person (each is stored for good). */
  createQuota?: RateLimit;
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
    if (deps.createQuota) await spend(deps.createQuota, user.id, 'too many new resumes');
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
    await collab.changeAccess({ kind: 'deleted', resumeId: param(ctx, 'id') });
    ctx.state.log.info({ resume: param(ctx, 'id') }, 'resume deleted');
    ctx.status = 204;
  });

  router.get('/api/resumes/:id/json', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.read);
    const doc = await collab.readDocument(param(ctx, 'id'));
    ctx.body = exportJsonResume(doc);
    await store.activity.record({ resumeId: param(ctx, 'id'), actorId: user.id, kind: 'exported', data: { format: 'json' } });
  });

  router.post('/api/resumes/:id/collab-token', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.read);
    const { token, expiresAt } = await auth.issueCollabToken(user.id, param(ctx, 'id'), ctx.cookies.get(SESSION_COOKIE));
    ctx.body = { token, expiresAt };
  });

  return router;
}
