// GET /api/config: what the browser app needs to know about this deployment before it starts —
// today the Sentry DSN (null when error reporting is off, so the client loads no SDK at all).
import { createRouter, type ApiRouter } from './router.ts';

export interface ClientConfig {
  sentryDsn: string | null;
  /** The node that answered, for error reports' `node` tag. */
  node: string;
}

export function clientConfigRoutes(deps: { sentryDsn: string | undefined; nodeId: string }): ApiRouter {
  const router = createRouter();
  router.get('/api/config', (ctx) => {
    ctx.set('Cache-Control', 'no-store'); // a redeploy with or without a DSN applies at the next page load
    const body: ClientConfig = { sentryDsn: deps.sentryDsn ?? null, node: deps.nodeId };
    ctx.body = body;
  });
  return router;
}
