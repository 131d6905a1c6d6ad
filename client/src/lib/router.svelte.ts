// The client-side router: one reactive location matched against the page table (routes.ts),
// and link interception, so deep links (/resumes/<id>, /invite/<token>) work and Back behaves.

import { matchRoute, type Route } from './routes.ts';

export type { Route };

class Router {
  #location = $state({ pathname: location.pathname, search: location.search });
  readonly current: Route = $derived(matchRoute(this.#location.pathname, this.#location.search));

  get path(): string {
    return this.#location.pathname + this.#location.search;
  }

  constructor() {
    window.addEventListener('popstate', () => this.#sync());
    document.addEventListener('click', (event) => this.#intercept(event));
  }

  navigate(to: string, opts: { replace?: boolean } = {}): void {
    if (to === this.path) return;
    if (opts.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.#sync();
    window.scrollTo(0, 0);
  }

  #sync(): void {
    this.#location = { pathname: location.pathname, search: location.search };
  }

  /** Same-origin <a href> clicks become client-side navigations. */
  #intercept(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
    if (/^\/(api|collab)\//.test(anchor.pathname)) return;
    event.preventDefault();
    this.navigate(anchor.pathname + anchor.search);
  }
}

export const router = new Router();
