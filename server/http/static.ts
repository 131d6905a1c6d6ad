// Serves the built client (Vite output) with long caching for hashed assets and the SPA's
// index.html for every page route, so deep links like /resumes/<id> work on reload.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Next } from 'koa';
import serve from 'koa-static';

const NOT_PAGES = /^\/(api|collab|socket\.io|healthz|readyz|metrics)(\/|$)/;

export async function clientApp(dir: string) {
  const index = await readFile(path.join(dir, 'index.html'), 'utf8').catch(() => undefined);
  const files = serve(dir, {
    index: false,
    setHeaders(res, filePath) {
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return async (ctx: Context, next: Next) => {
    if (NOT_PAGES.test(ctx.path) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    await files(ctx, async () => {});
    if (ctx.body !== undefined && ctx.body !== null) return;
    ctx.set('Cache-Control', 'no-cache');
    if (index === undefined) {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = 'The web client is not built. Run `npm run build` (npm start does it for you).\n';
      return;
    }
    ctx.type = 'text/html';
    ctx.body = index;
  };
}
