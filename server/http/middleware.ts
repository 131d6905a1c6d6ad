// Cross-cutting HTTP concerns: request ids and logs, latency metrics, and the one place where
// errors become the contract's `{error:{code,message}}` answers (no stack trace leaves).
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { ErrorContext } from '../error-reporting.ts';
import { AppError } from '../errors.ts';
import { redactUrl, type Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

export interface AppState {
  log: Logger;
  requestId: string;
}

type Ctx = Context & { state: AppState };

export function requestContext(log: Logger, metrics: Metrics) {
  return async (ctx: Ctx, next: Next) => {
    const header = ctx.get('x-request-id');
    const requestId = /^[A-Za-z0-9_.-]{1,64}$/.test(header) ? header : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ req: requestId });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : 'unmatched';
      metrics.httpDuration.observe({ method: ctx.method, route, status: String(ctx.status) }, seconds);
      ctx.state.log.debug({ method: ctx.method, path: redactUrl(ctx.path), status: ctx.status, ms: Math.round(seconds * 1000) }, 'request');
    }
  };
}

/** Body-parser failures as contract errors. raw-body marks its errors with an HTTP status and a
 *  `type`; co-body rethrows JSON.parse's SyntaxError with status 400. */
export function bodyError(err: unknown): AppError {
  const { status, type } = (typeof err === 'object' && err !== null ? err : {}) as { status?: unknown; type?: unknown };
  if (status === 413 || type === 'entity.too.large') {
    return new AppError(413, 'payload_too_large', 'the request body is larger than 1 MiB');
  }
  if (err instanceof SyntaxError || type === 'entity.parse.failed') {
    return new AppError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || status === 415) {
    return new AppError(415, 'bad_request', 'unsupported body encoding');
  }
  return new AppError(400, 'bad_request', 'the request body could not be read');
}

/** Turns errors into contract answers; failures of ours (500) also go to `report` with the ids. */
export function errorBoundary(report: (err: unknown, context: ErrorContext) => void = () => undefined) {
  return async (ctx: Ctx, next: Next) => {
    try {
      await next();
      if (ctx.body === undefined && ctx.path.startsWith('/api/')) {
        if (ctx.status === 404) throw new AppError(404, 'not_found', 'no such endpoint');
        if (ctx.status === 405) throw new AppError(405, 'method_not_allowed', `${ctx.method} is not allowed here`);
      }
    } catch (err) {
      const known = err instanceof AppError ? err : clientHttpError(err);
      if (known) {
        ctx.status = known.status;
        ctx.body = { error: { code: known.code, message: known.message, ...detailsOf(known) } };
        for (const [k, v] of Object.entries(known.headers ?? {})) ctx.set(k, v);
        if (known.status >= 500) ctx.state.log.error({ err: known }, known.message);
        if (known.status === 500) report(known, requestIds(ctx));
        return;
      }
      ctx.state.log.error({ err, method: ctx.method, path: redactUrl(ctx.path) }, 'request failed');
      report(err, requestIds(ctx));
      ctx.status = 500;
      ctx.body = { error: { code: 'internal_error', message: 'something went wrong on our side' } };
    }
  };
}

/** The ids an error report carries: the signed-in user, the resume the route is about (`:id`
 *  under /api/resumes, or a `:resumeId`), the route pattern (not the path: it may hold a token). */
function requestIds(ctx: Ctx): ErrorContext {
  const route = typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : undefined;
  const params: unknown = Reflect.get(ctx, 'params');
  const param = (name: string) => {
    const value: unknown = typeof params === 'object' && params !== null ? Reflect.get(params, name) : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const user: unknown = Reflect.get(ctx.state, 'user');
  const userId: unknown = typeof user === 'object' && user !== null ? Reflect.get(user, 'id') : undefined;
  return {
    user: typeof userId === 'string' ? userId : undefined,
    resume: route?.startsWith('/api/resumes/:id') ? param('id') : param('resumeId'),
    route,
    request: ctx.state.requestId,
  };
}

/** http-errors thrown by Koa or a library for a client mistake (status 4xx, `expose` set). */
function clientHttpError(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, expose, message } = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  return new AppError(status, 'bad_request', typeof message === 'string' ? message : 'bad request');
}

function detailsOf(err: AppError): { details?: unknown } {
  return err.details === undefined ? {} : { details: err.details };
}

/** The caller's address for rate limits: `ctx.ip`, which the edge middleware sets from the
 *  socket, or from X-Forwarded-For when the peer is one of TRUSTED_PROXIES (server/http/edge.ts). */
export function clientAddress(ctx: Context): string {
  return ctx.ip || (ctx.req.socket.remoteAddress ?? 'unknown');
}
