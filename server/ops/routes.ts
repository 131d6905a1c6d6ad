// Liveness, readiness and Prometheus metrics for operators and load balancers.
import { createRouter, type ApiRouter } from '../http/router.ts';
import type { Metrics } from '../metrics.ts';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export function opsRoutes(deps: { metrics: Metrics; checks: ReadinessCheck[]; draining: () => boolean }): ApiRouter {
  const router = createRouter();

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    const results: Record<string, string> = {};
    await Promise.all(
      deps.checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), 2000);
          results[name] = 'ok';
        } catch (err) {
          results[name] = 'unreachable';
          ctx.state.log.warn({ err, check: name }, 'readiness check failed');
        }
      }),
    );
    if (deps.draining()) results.node = 'draining';
    const ready = Object.values(results).every((v) => v === 'ok');
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable', checks: results };
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });

  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
