// Error reporting: with SENTRY_DSN, server errors go to Sentry (@sentry/node) tagged with the node,
// user and resume ids and stripped of anything that could hold resume content; without it the SDK
// is never even imported and nothing is sent.
import type { ErrorEvent } from '@sentry/node';
import type { Logger } from './log.ts';

/** Ids only: who, on which resume, through which route and request. */
export interface ErrorContext {
  user?: string | undefined;
  resume?: string | undefined;
  route?: string | undefined;
  request?: string | undefined;
}

export interface ErrorReporter {
  capture(err: unknown, context: ErrorContext): void;
  /** Sends what is queued (at most `timeoutMs`) and stops; for a draining shutdown. */
  close(timeoutMs: number): Promise<void>;
}

const NO_REPORTING: ErrorReporter = {
  capture: () => undefined,
  close: async () => undefined,
};

export async function createErrorReporter(opts: { dsn: string | undefined; nodeId: string }, log: Logger): Promise<ErrorReporter> {
  if (!opts.dsn) return NO_REPORTING;
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: opts.dsn,
    serverName: opts.nodeId,
    sendDefaultPii: false,
    // Errors only, and only what we hand over: no tracing, no auto-instrumentation of http, pg or
    // Koa (whose request capture would include bodies, and so resume text), no breadcrumbs.
    defaultIntegrations: false,
    integrations: [
      // No dedupe: two requests failing the same way are two reports (Sentry groups them).
      Sentry.linkedErrorsIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      // main.ts logs rejections itself; here they are only reported.
      Sentry.onUnhandledRejectionIntegration({ mode: 'none' }),
    ],
    skipOpenTelemetrySetup: true,
    registerEsmLoaderHooks: false,
    initialScope: { tags: { node: opts.nodeId } },
    beforeBreadcrumb: () => null,
    beforeSend: scrub,
  });
  log.info('error reporting to Sentry is on');
  const reported = new WeakSet<object>();
  return {
    capture(thrown, context) {
      // The SDK reports an error object once. lib0 (Yjs's decoder) throws the same module-level
      // Error every time ("Unexpected end of array"), so a second broken resume would go unreported:
      // an object seen before is reported as a copy with the same name, message and stack.
      const err = thrown instanceof Error && reported.has(thrown) ? copyOf(thrown) : thrown;
      if (typeof err === 'object' && err !== null) reported.add(err);
      const tags: Record<string, string> = { node: opts.nodeId };
      if (context.resume) tags.resume = context.resume;
      if (context.route) tags.route = context.route;
      if (context.request) tags.request = context.request;
      Sentry.captureException(err, { tags, user: context.user ? { id: context.user } : undefined });
    },
    async close(timeoutMs) {
      await Sentry.close(timeoutMs);
    },
  };
}

function copyOf(err: Error): Error {
  const copy = new Error(err.message);
  copy.name = err.name;
  copy.stack = err.stack;
  return copy;
}

/** The last word on what leaves: ids, the error and its stack; never bodies, query strings,
 *  cookies, headers, extra data or breadcrumbs, where resume content could hide. */
export function scrub(event: ErrorEvent): ErrorEvent {
  delete event.request;
  delete event.breadcrumbs;
  delete event.extra;
  if (event.user) event.user = event.user.id === undefined ? {} : { id: event.user.id };
  return event;
}
