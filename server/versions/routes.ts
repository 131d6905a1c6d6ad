// Versions and the activity log over REST. Every member may list, view and compare versions
// (read-only); owners and editors save named ones and restore; only the owner reads the activity.
import { z } from 'zod';
import type { Store } from '../../db/types.ts';
import { requireUser } from '../auth/routes.ts';
import { notFound } from '../errors.ts';
import { spend, type RateLimit } from '../limits/index.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { bigintId, isUuid, param, parseBody } from '../http/validate.ts';
import { CAN, requireRole } from '../resumes/access.ts';
import { CURRENT, versionJson, type VersionService } from './service.ts';

const saveBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
});
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
};
const versionsQuery = z.object({ ...page, before: z.string().uuid('must be a version id').optional() });
const activityQuery = z.object({ ...page, before: bigintId('must be an entry id').optional() });
const stateId = z.union([z.literal(CURRENT), z.string().uuid('must be a version id or "current"')]);
const compareQuery = z.object({ from: stateId, to: stateId.default(CURRENT) });

/** `saveQuota`: named versions saved per person (each is a stored snapshot). */
export function versionRoutes(deps: { store: Store; versions: VersionService; saveQuota?: RateLimit }): ApiRouter {
  const { store, versions } = deps;
  const router = createRouter();

  router.get('/api/resumes/:id/versions', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.read);
    const query = parseBody(versionsQuery, ctx.query);
    const list = await versions.list(resumeId, query);
    ctx.body = { versions: list, next: list.length === query.limit ? (list.at(-1)?.id ?? null) : null };
  });

  router.post('/api/resumes/:id/versions', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.edit);
    const { name } = parseBody(saveBody, ctx.request.body);
    if (deps.saveQuota) await spend(deps.saveQuota, user.id, 'too many saved versions');
    const version = await versions.saveNamed(resumeId, user.id, name);
    ctx.state.log.info({ resume: resumeId, version: version.id }, 'named version saved');
    ctx.status = 201;
    ctx.body = versionJson(version);
  });

  // Before `/versions/:versionId`, which would otherwise take "compare" for an id.
  router.get('/api/resumes/:id/versions/compare', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.read);
    const { from, to } = parseBody(compareQuery, ctx.query);
    ctx.body = await versions.compare(resumeId, from, to);
  });

  router.get('/api/resumes/:id/versions/:versionId', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.read);
    const versionId = param(ctx, 'versionId');
    if (!isUuid(versionId)) throw notFound('version');
    ctx.body = await versions.view(resumeId, versionId);
  });

  router.post('/api/resumes/:id/versions/:versionId/restore', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.edit);
    const versionId = param(ctx, 'versionId');
    if (!isUuid(versionId)) throw notFound('version');
    ctx.body = await versions.restore(resumeId, versionId, user.id);
  });

  router.get('/api/resumes/:id/activity', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.manage);
    const query = parseBody(activityQuery, ctx.query);
    const entries = await store.activity.list(resumeId, query);
    ctx.body = {
      entries: entries.map((e) => ({ id: e.id, kind: e.kind, actor: e.actor, subject: e.subject, data: e.data, createdAt: e.createdAt.toISOString() })),
      next: entries.length === query.limit ? (entries.at(-1)?.id ?? null) : null,
    };
  });

  return router;
}
