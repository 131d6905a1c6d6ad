// The Sentry SDK for the browser app, loaded only when the server hands out a DSN. Reports carry
// the node, the signed-in person's id and the open resume's id, never content: no breadcrumbs
// (clicked elements, console lines), no request data, no extra data.
import * as Sentry from '@sentry/svelte';
import { router } from './router.svelte.ts';
import { session } from './session.svelte.ts';

export function initSentry(dsn: string, node: string): void {
  Sentry.init({
    dsn,
    sendDefaultPii: false,
    // Uncaught errors and rejections only; the default set would add breadcrumbs and page context.
    defaultIntegrations: false,
    integrations: [Sentry.globalHandlersIntegration(), Sentry.linkedErrorsIntegration(), Sentry.browserApiErrorsIntegration()],
    beforeBreadcrumb: () => null,
    beforeSend(event) {
      const route = router.current;
      // The page, not the path: /invite/<token> and /p/<token> carry secrets.
      event.tags = { ...event.tags, node, page: route.page, ...(route.page === 'editor' ? { resume: route.id } : {}) };
      event.user = session.user ? { id: session.user.id } : {};
      delete event.request;
      delete event.breadcrumbs;
      delete event.extra;
      return event;
    },
  });
}
