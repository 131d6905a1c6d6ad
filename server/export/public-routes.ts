// Public links: the owner publishes a resume read-only to whoever holds an unguessable link, and
// turns it off or replaces it at will. Anyone with the link gets the printed layout (hidden items
// and sections left out) and the PDF, from the live document; the owner sees the counts.
import type { Context } from 'koa';
import type * as Y from 'yjs';
import type { RateLimit, RateLimitFactory } from '../limits/index.ts';
import type { PublicLink } from '../../db/public-links.ts';
import type { Store } from '../../db/types.ts';
import { AppError } from '../errors.ts';
import { clientAddress } from '../http/middleware.ts';
import { createRouter, type ApiRouter, type ApiState } from '../http/router.ts';
import { param } from '../http/validate.ts';
import { requireUser } from '../auth/routes.ts';
import { hashToken, looksLikeToken, newToken } from '../auth/tokens.ts';
import { CAN, requireRole } from '../resumes/access.ts';
import { renderLayoutPdf } from './pdf.ts';
import { attachment, paperParam, printedLayout } from './printed.ts';

/** Bounds on the anonymous endpoints: per client address, and PDFs per link for the whole service. */
export const PUBLIC_LIMITS = {
  viewsPerAddress: { name: 'public-view', points: 120, windowSeconds: 60 },
  pdfsPerAddress: { name: 'public-pdf', points: 20, windowSeconds: 60 },
  pdfsPerLink: { name: 'public-pdf-link', points: 600, windowSeconds: 3600 },
} as const;

type Ctx = Context & { state: ApiState };

/** What the owner sees: whether the link is on, since when, and how often it was opened. */
function linkStatus(link: PublicLink | null) {
  if (!link) return { enabled: false as const };
  return {
    enabled: true as const,
    id: link.id,
    createdAt: link.createdAt,
    views: link.views,
    downloads: link.downloads,
    lastViewedAt: link.lastViewedAt,
  };
}

export function publicLinkRoutes(deps: {
  store: Store;
  /** The live document (the open room's, else the stored one); a copy the caller destroys. */
  collab: { readDocument(resumeId: string): Promise<Y.Doc> };
  rateLimits: RateLimitFactory;
  publicUrl: string | undefined;
}): ApiRouter {
  const { store, collab } = deps;
  const router = createRouter();
  const views = deps.rateLimits(PUBLIC_LIMITS.viewsPerAddress);
  const pdfs = deps.rateLimits(PUBLIC_LIMITS.pdfsPerAddress);
  const pdfsPerLink = deps.rateLimits(PUBLIC_LIMITS.pdfsPerLink);

  async function admit(limit: RateLimit, key: string, what: string): Promise<void> {
    const result = await limit.consume(key);
    if (!result.allowed) {
      throw new AppError(429, 'rate_limited', `too many ${what}; try again in ${result.retryAfterSeconds} s`, { retryAfterSeconds: result.retryAfterSeconds }, {
        'Retry-After': String(result.retryAfterSeconds),
      });
    }
  }

  /** The link a token opens; anything else (malformed, replaced, turned off) is the same 404. */
  async function openLink(ctx: Ctx, token: string): Promise<PublicLink> {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex, nofollow');
    const link = looksLikeToken(token) ? await store.publicLinks.findByToken(hashToken(token)) : null;
    if (!link) throw new AppError(404, 'not_found', 'this link is not available: it was turned off or replaced by its owner');
    return link;
  }

  /** The resume's members looking at their own public page are not counted. */
  async function countVisit(ctx: Ctx, link: PublicLink, what: 'view' | 'download'): Promise<void> {
    const user = ctx.state.user;
    if (user && (await store.resumes.roleOf(link.resumeId, user.id))) return;
    await store.publicLinks.count(link.id, what);
  }

  async function readLayout(resumeId: string) {
    const doc = await collab.readDocument(resumeId);
    try {
      return printedLayout(doc);
    } finally {
      doc.destroy();
    }
  }

  router.get('/api/resumes/:id/public-link', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.manage);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = linkStatus(await store.publicLinks.forResume(param(ctx, 'id')));
  });

  // Turns the link on, or replaces it: only a hash is kept, so the address is shown once, here.
  router.post('/api/resumes/:id/public-link', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.manage);
    const token = newToken();
    const link = await store.publicLinks.replace({ resumeId: param(ctx, 'id'), tokenHash: hashToken(token), createdBy: user.id });
    ctx.state.log.info({ resume: link.resumeId, link: link.id }, 'public link made');
    ctx.status = 201;
    ctx.set('Cache-Control', 'private, no-store');
    // Koa's ctx.origin is the Origin request header (absent outside browsers), not this server's address.
    const base = deps.publicUrl ?? `${ctx.protocol}://${ctx.host}`;
    ctx.body = { ...linkStatus(link), url: `${base}/p/${token}`, token };
  });

  router.delete('/api/resumes/:id/public-link', async (ctx) => {
    const user = requireUser(ctx);
    await requireRole(store, param(ctx, 'id'), user.id, CAN.manage);
    if (await store.publicLinks.remove(param(ctx, 'id'))) ctx.state.log.info({ resume: param(ctx, 'id') }, 'public link turned off');
    ctx.status = 204;
  });

  router.get('/api/public/:token', async (ctx) => {
    await admit(views, clientAddress(ctx), 'requests');
    const link = await openLink(ctx, param(ctx, 'token'));
    const layout = await readLayout(link.resumeId);
    await countVisit(ctx, link, 'view');
    // The layout only: what the page shows and nothing else (not the resume's private title,
    // its hidden items or sections, or fields no template prints).
    ctx.body = { layout };
  });

  router.get('/api/public/:token/pdf', async (ctx) => {
    const paper = paperParam(ctx.query);
    await admit(pdfs, clientAddress(ctx), 'downloads');
    const link = await openLink(ctx, param(ctx, 'token'));
    await admit(pdfsPerLink, link.id, 'downloads of this resume');
    const layout = await readLayout(link.resumeId);
    const name = layout.header.name;
    const { pdf, pages } = await renderLayoutPdf(layout, { paper, title: name ? `${name} — Resume` : 'Resume' });
    await countVisit(ctx, link, 'download');
    ctx.set('X-Page-Count', String(pages));
    ctx.set('Access-Control-Expose-Headers', 'X-Page-Count');
    ctx.set('Content-Disposition', attachment(name ? `${name} Resume` : 'Resume', 'pdf'));
    ctx.type = 'application/pdf';
    ctx.body = pdf;
  });

  return router;
}
