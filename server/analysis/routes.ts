// Analysis over REST: the stateless `POST /api/analyze-resume` of CONTRACT.md, a resume's latest
// analysis and history, an analysis on demand, and the caller's AI usage.
import { z } from 'zod';
import type { Store } from '../../db/types.ts';
import { requireUser } from '../auth/routes.ts';
import { AppError } from '../errors.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { param, parseBody } from '../http/validate.ts';
import { CAN, requireRole } from '../resumes/access.ts';
import { publicAnalysis, type AnalysisService } from './service.ts';
import { MAX_JOB_CHARS, MAX_RESUME_CHARS } from './limits.ts';


const analyzeBody = z.object({
  resume_content: z.string().trim().min(1, 'must not be empty').max(MAX_RESUME_CHARS, `at most ${MAX_RESUME_CHARS} characters`),
  job_description: z.string().max(MAX_JOB_CHARS, `at most ${MAX_JOB_CHARS} characters`),
});

/** Scores of recent analyses for the sparkline, oldest first. */
const HISTORY = 20;

export function analysisRoutes(deps: { store: Store; analysis: AnalysisService }): ApiRouter {
  const { store, analysis } = deps;
  const router = createRouter();

  router.post('/api/analyze-resume', async (ctx) => {
    const user = requireUser(ctx);
    const input = parseBody(analyzeBody, ctx.request.body);
    await analysis.admit(user.id);
    ctx.body = await analysis.analyzeText(user.id, input.resume_content, input.job_description);
  });

  router.get('/api/resumes/:id/analysis', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.read);
    const [latest, history] = await Promise.all([store.analyses.latest(resumeId), store.analyses.history(resumeId, HISTORY)]);
    if (!latest) throw new AppError(404, 'not_found', 'this resume has not been analysed yet');
    ctx.body = {
      ...publicAnalysis(latest),
      history: history.reverse().map((h) => ({ score: h.score, trigger: h.trigger, createdAt: h.createdAt.toISOString() })),
    };
  });

  router.post('/api/resumes/:id/analysis', async (ctx) => {
    const user = requireUser(ctx);
    const resumeId = param(ctx, 'id');
    await requireRole(store, resumeId, user.id, CAN.read);
    await analysis.admit(user.id);
    const row = await analysis.analyzeResume(resumeId, 'explicit', user.id);
    if (!row) throw new Error('an explicit analysis is never skipped');
    ctx.status = 201;
    ctx.body = publicAnalysis(row);
  });

  router.get('/api/me/usage', async (ctx) => {
    const user = requireUser(ctx);
    ctx.body = await analysis.usage(user.id);
  });

  return router;
}
