// Sharing a resume: invitation links (role, expiry, uses; only a hash of the token is stored),
// members and their roles, leaving and revoking. Every change reaches live connections on every
// node at once (collab sockets turn read-only or close; socket.io rooms are left), is told to
// the people concerned as a notification, and is written to the resume's activity log.
import { z } from 'zod';
import type { Role, Store } from '../../db/types.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { isUuid, param, parseBody } from '../http/validate.ts';
import { requireUser } from '../auth/routes.ts';
import { hashToken, looksLikeToken, newToken } from '../auth/tokens.ts';
import type { RateLimitFactory } from '../limits/index.ts';
import type { AccessChange } from '../collab/access.ts';
import type { Notifier } from '../notifications/service.ts';
import type { Realtime } from '../realtime/index.ts';
import { CAN, requireRole } from './access.ts';

const invitableRole = z.enum(['editor', 'commenter', 'viewer']);
const inviteBody = z.object({
  role: invitableRole,
  expiresInHours: z.number().int().min(1).max(24 * 30).default(7 * 24),
  /** null: any number of people may use the link until it expires. */
  maxUses: z.number().int().min(1).max(1000).nullable().default(1),
});
const roleBody = z.object({ role: invitableRole });

export interface SharingDeps {
  store: Store;
  collab: { changeAccess(change: AccessChange): Promise<void> };
  realtime: Pick<Realtime, 'toResume' | 'toUser' | 'removeUser'>;
  notifier: Notifier;
  publicUrl: string | undefined;
  rateLimits: RateLimitFactory;
}

/** A viewer or commenter may ask the owner for edit access once an hour per resume: enough to
 *  ask again later, too few to flood the owner's bell. */
export const ACCESS_REQUEST_LIMIT = { name: 'access-request', points: 1, windowSeconds: 3600 };

export function sharingRoutes(deps: SharingDeps): ApiRouter {
  const { store, collab, realtime, notifier } = deps;
  const router = createRouter();
  const accessRequests = deps.rateLimits(ACCESS_REQUEST_LIMIT);

  /** Tells the resume's room and the member's own sockets (on every node) what changed. */
  const announce = (resumeId: string, userId: string, role: Role | null) => {
    realtime.toResume(resumeId, 'membership', { resumeId, userId, role });
    realtime.toUser(userId, 'membership', { resumeId, userId, role });
  };

  router.post('/api/resumes/:id/invitations', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.manage);
    const input = parseBody(inviteBody, ctx.request.body);
    const token = newToken();
    const invitation = await store.invitations.create({
      resumeId,
      tokenHash: hashToken(token),
      role: input.role,
      createdBy: user.id,
      expiresAt: new Date(Date.now() + input.expiresInHours * 3600_000),
      maxUses: input.maxUses,
    });
    // Koa's ctx.origin is the Origin request header (absent outside browsers): use the host.
    const base = deps.publicUrl ?? `${ctx.protocol}://${ctx.host}`;
    ctx.status = 201;
    ctx.body = {
      id: invitation.id,
      url: `${base}/invite/${token}`,
      token,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      maxUses: invitation.maxUses,
    };
  });

  router.get('/api/resumes/:id/invitations', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.manage);
    const links = await store.invitations.listActive(param(ctx, 'id'));
    // The token itself is not stored: a link can be revoked but not shown again.
    ctx.body = links.map(({ id, role, expiresAt, maxUses, uses, createdAt }) => ({ id, role, expiresAt, maxUses, uses, createdAt }));
  });

  router.delete('/api/resumes/:id/invitations/:invitationId', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.manage);
    if (!(await store.invitations.revoke(resumeId, param(ctx, 'invitationId')))) throw notFound('invitation');
    ctx.status = 204;
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
    const { resumeId, role } = result;
    // Someone who already held this role or a stronger one changed nothing: nothing to tell.
    if (result.changed) {
      await collab.changeAccess({ kind: 'role', resumeId, userId: user.id, role });
      announce(resumeId, user.id, role);
      await store.activity.record({ resumeId, actorId: user.id, kind: 'joined', data: { role } });
      const resume = await store.resumes.get(resumeId);
      if (resume) await notifier.notify({ userIds: [resume.ownerId], kind: 'member_joined', resumeId, actorId: user.id, data: { role } });
    }
    ctx.state.log.info({ resume: resumeId, role, changed: result.changed }, 'invitation accepted');
    ctx.body = { resumeId, role };
  });

  router.patch('/api/resumes/:id/members/:userId', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.manage);
    const { role } = parseBody(roleBody, ctx.request.body);
    const target = param(ctx, 'userId');
    if (!isUuid(target) || target === user.id) throw notFound('member');
    const current = await store.resumes.roleOf(resumeId, target);
    if (!current || current === 'owner') throw notFound('member');
    if (current !== role) {
      await store.members.upsert(resumeId, target, role);
      await collab.changeAccess({ kind: 'role', resumeId, userId: target, role });
      announce(resumeId, target, role);
      await store.activity.record({ resumeId, actorId: user.id, kind: 'role_changed', data: { userId: target, from: current, to: role } });
      await notifier.notify({ userIds: [target], kind: 'access_granted', resumeId, actorId: user.id, data: { role, previous: current } });
      ctx.state.log.info({ resume: resumeId, member: target, from: current, to: role }, 'member role changed');
    }
    ctx.body = { userId: target, role };
  });

  router.delete('/api/resumes/:id/members/:userId', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    const target = param(ctx, 'userId');
    const leaving = target === user.id;
    // Members may leave on their own; removing someone else is the owner's call.
    await requireRole(store, resumeId, user.id, leaving ? CAN.read : CAN.manage);
    if (!isUuid(target)) throw notFound('member');
    const removed = await store.members.remove(resumeId, target);
    if (!removed) throw notFound('member');
    // A link the member came in through that still admits people would let them straight back:
    // it is revoked with the removal (the answer says so, and the Share dialog shows it).
    const linkRevoked = !leaving && removed.invitationId !== null && (await store.invitations.revoke(resumeId, removed.invitationId));
    await collab.changeAccess({ kind: 'revoked', resumeId, userId: target });
    realtime.removeUser(resumeId, target);
    announce(resumeId, target, null);
    await store.activity.record({ resumeId, actorId: user.id, kind: leaving ? 'left' : 'removed', data: { userId: target } });
    if (leaving) {
      const row = await store.resumes.get(resumeId);
      if (row) await notifier.notify({ userIds: [row.ownerId], kind: 'member_left', resumeId, actorId: user.id });
    } else {
      await notifier.notify({ userIds: [target], kind: 'access_removed', resumeId, actorId: user.id });
    }
    ctx.state.log.info({ resume: resumeId, member: target, linkRevoked }, leaving ? 'member left' : 'member removed');
    ctx.body = { userId: target, revokedInvitation: linkRevoked ? removed.invitationId : null };
  });

  // Asking for edit access: only those who cannot edit may ask (strangers learn nothing: 404);
  // the owner is told through their notifications, with a way to the Share dialog.
  router.post('/api/resumes/:id/access-requests', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    const role = await requireRole(store, resumeId, user.id, CAN.read);
    if (role !== 'viewer' && role !== 'commenter') throw forbidden('you can already edit this resume');
    const limit = await accessRequests.consume(`${user.id}:${resumeId}`);
    if (!limit.allowed) {
      throw new AppError(
        429,
        'rate_limited',
        `you asked for edit access recently; you can ask again in ${Math.ceil(limit.retryAfterSeconds / 60)} min`,
        { retryAfterSeconds: limit.retryAfterSeconds },
        { 'Retry-After': String(limit.retryAfterSeconds) },
      );
    }
    const row = await store.resumes.get(resumeId);
    if (row) await notifier.notify({ userIds: [row.ownerId], kind: 'access_requested', resumeId, actorId: user.id, data: { role } });
    await store.activity.record({ resumeId, actorId: user.id, kind: 'access_requested', data: { role } });
    ctx.state.log.info({ resume: resumeId, role }, 'edit access requested');
    ctx.status = 202;
    ctx.body = { requested: true };
  });

  return router;
}
