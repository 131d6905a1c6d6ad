// The browser-facing headers every node response carries: a Content-Security-Policy with no
// inline script, no framing, nosniff, no Referer (paths hold tokens) and HSTS over https.
import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import type { Edge } from './edge.ts';

/** HSTS for a year; subdomains are left alone (they may be other people's services). */
export const HSTS = 'max-age=31536000';

export interface SecurityHeaderOptions {
  edge: Edge;
  /** Error reports from the browser go to the DSN's origin. */
  sentryDsn: string | undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The Vite build loads only its own files: scripts stay 'self'. Svelte and CodeMirror set
 *  inline styles (style attributes, injected <style>), hence style-src 'unsafe-inline'. */
export function contentSecurityPolicy(connect: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers for one request: the websocket origin follows the page's own origin. */
export function securityHeaders(opts: SecurityHeaderOptions) {
  const sentry = originOf(opts.sentryDsn);
  return (req: IncomingMessage): Record<string, string> => {
    const own = opts.edge.ownOrigin(req);
    const connect: string[] = [];
    // 'self' covers ws(s) of the same host in CSP 3; naming it keeps older engines working.
    if (own) connect.push(own.replace(/^http/, 'ws'));
    if (sentry) connect.push(sentry);
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(connect),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    };
    if (opts.edge.protocol(req) === 'https') headers['Strict-Transport-Security'] = HSTS;
    return headers;
  };
}

/** Sets them before anything answers, so errors and static files carry them too. */
export function securityHeadersMiddleware(headersFor: (req: IncomingMessage) => Record<string, string>) {
  return async (ctx: Context, next: Next) => {
    ctx.set(headersFor(ctx.req));
    await next();
  };
}
