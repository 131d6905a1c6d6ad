// The coach dashboard over REST: every resume shared with me (grouped by client in the page), with
// who is in it now, the last edit and by whom, recent scores, open comments and waiting
// suggestions. One SQL statement for the list and one presence read for all its resumes.
import { z } from 'zod';
import type { DashboardEntry } from '../../db/dashboard.ts';
import type { Store } from '../../db/types.ts';
import { requireUser } from '../auth/routes.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { parseBody } from '../http/validate.ts';
import type { Presence, PresenceUser } from './presence.ts';

/** Scores per sparkline: the most recent analyses, oldest first. */
export const SPARKLINE_POINTS = 10;

const dashboardQuery = z.object({
  /** Only this resume (a row refreshed after a comment or suggestion changed). */
  resume: z.string().uuid('must be a resume id').optional(),
});

export interface DashboardDeps {
  store: Pick<Store, 'dashboard'>;
  presence: Pick<Presence, 'usersOn'>;
}

export function dashboardRoutes(deps: DashboardDeps): ApiRouter {
  const { store, presence } = deps;
  const router = createRouter();

  router.get('/api/coach/dashboard', async (ctx) => {
    const user = requireUser(ctx);
    const query = parseBody(dashboardQuery, ctx.query);
    const entries = await store.dashboard.sharedWith(user.id, { sparkline: SPARKLINE_POINTS, resumeId: query.resume });
    // Without the presence store (Redis down) the list still answers, with no one shown as in.
    const here = await presence.usersOn(entries.map((e) => e.id)).catch((err: unknown) => {
      ctx.state.log.warn({ err }, 'presence unavailable for the dashboard');
      return new Map<string, PresenceUser[]>();
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { resumes: entries.map((e) => dashboardRow(e, here.get(e.id) ?? [])) };
  });

  router.get('/api/coach/summary', async (ctx) => {
    const user = requireUser(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await store.dashboard.sharedCounts(user.id);
  });

  return router;
}

export function dashboardRow(e: DashboardEntry, presence: PresenceUser[]) {
  return {
    id: e.id,
    title: e.title,
    role: e.role,
    owner: e.owner,
    lastEdit: { at: e.updatedAt.toISOString(), by: e.lastEditedBy },
    score: e.scores.at(-1) ?? null,
    scores: e.scores,
    openComments: e.openComments,
    waitingSuggestions: e.waitingSuggestions,
    presence,
  };
}
