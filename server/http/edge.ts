// What the node believes about a request that crossed the edge: the client's address and scheme
// (only from TRUSTED_PROXIES) and whether it comes from the app's own origin (PUBLIC_URL or Host).
import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import proxyaddr from 'proxy-addr';
import { AppError } from '../errors.ts';

export interface Edge {
  /** The client's address: the nearest X-Forwarded-For entry that a trusted proxy did not add. */
  clientAddress(req: IncomingMessage): string;
  /** `https` when a trusted proxy says so (X-Forwarded-Proto); `http` otherwise. */
  protocol(req: IncomingMessage): 'http' | 'https';
  /** The origin the app is served from for this request: PUBLIC_URL's, or the request's own host. */
  ownOrigin(req: IncomingMessage): string | undefined;
  /** Whether a state-changing request or a websocket comes from the app's own pages (or from no
   *  browser at all: no Origin and no Sec-Fetch-Site). */
  sameOrigin(req: IncomingMessage): boolean;
}

export interface EdgeOptions {
  publicUrl: string | undefined;
  trustedProxies: readonly string[];
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** A URL's origin in canonical form (lower case, default port dropped); undefined if unparsable. */
function canonicalOrigin(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function createEdge(options: EdgeOptions): Edge {
  const trust = proxyaddr.compile([...options.trustedProxies]);
  const publicOrigin = options.publicUrl === undefined ? undefined : canonicalOrigin(options.publicUrl);
  const trusted = (req: IncomingMessage) => trust(req.socket.remoteAddress ?? '', 0);

  const protocol = (req: IncomingMessage): 'http' | 'https' => {
    if ('encrypted' in req.socket && req.socket.encrypted === true) return 'https';
    if (!trusted(req)) return 'http';
    const header = req.headers['x-forwarded-proto'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
    return first === 'https' ? 'https' : 'http';
  };

  const ownOrigin = (req: IncomingMessage): string | undefined => {
    if (publicOrigin) return publicOrigin;
    const host = req.headers.host;
    return host && HOST.test(host) ? canonicalOrigin(`${protocol(req)}://${host}`) : undefined;
  };

  return {
    clientAddress: (req) => proxyaddr(req, trust),
    protocol,
    ownOrigin,
    sameOrigin(req) {
      const origin = req.headers.origin;
      if (origin !== undefined) {
        const expected = ownOrigin(req);
        return expected !== undefined && canonicalOrigin(origin) === expected;
      }
      // Browsers send Origin on every cross-origin POST and websocket; without it, a request
      // that still says it was made from another site is refused, anything else is no browser's.
      const site = req.headers['sec-fetch-site'];
      return site !== 'cross-site' && site !== 'same-site';
    },
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Koa middleware, first in the chain: believes forwarding headers only from trusted proxies
 *  (Koa's `app.proxy` is on, so the others are removed before Koa reads them), records the client
 *  address as `ctx.ip`, and refuses state-changing requests from another origin with 403. */
export function edgeMiddleware(edge: Edge, opts: { httpsOnly: boolean }) {
  return async (ctx: Context, next: Next) => {
    const req = ctx.req;
    ctx.request.ip = edge.clientAddress(req);
    // X-Forwarded-Host is never ours to believe (nginx passes a client's own through).
    delete req.headers['x-forwarded-host'];
    if (edge.protocol(req) === 'http') delete req.headers['x-forwarded-proto'];
    else req.headers['x-forwarded-proto'] = 'https';
    if (STATE_CHANGING.has(ctx.method) && !edge.sameOrigin(req)) {
      throw new AppError(403, 'forbidden', 'requests from another site are refused');
    }
    // With an https PUBLIC_URL, a plain-http API call means the proxy is not trusted (or was
    // bypassed): its session cookie could not be Secure, so nothing is done for it.
    if (opts.httpsOnly && ctx.path.startsWith('/api/') && !ctx.secure) {
      throw new AppError(403, 'forbidden', 'this server is used over https (PUBLIC_URL); the request came over http from a peer not in TRUSTED_PROXIES');
    }
    await next();
  };
}
