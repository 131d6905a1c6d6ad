// Who is signed in. Loaded once from /api/me; pages read `session.user` and the notice that
// explains why someone landed on the login page.
import { api, ApiError, setSessionExpiredHandler, type User } from './api.ts';
import { closeRealtime } from './realtime.ts';
import { router } from './router.svelte.ts';

class Session {
  #user = $state<User | null>(null);
  #loaded = $state(false);
  #loadError = $state<string | null>(null);
  /** A sentence shown on the login page (e.g. "Your session has expired"). */
  notice = $state<string | null>(null);

  get user(): User | null {
    return this.#user;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get loadError(): string | null {
    return this.#loadError;
  }

  async load(): Promise<void> {
    try {
      this.#user = (await api.me()).user;
      this.#loadError = null;
    } catch (err) {
      this.#user = null;
      this.#loadError = err instanceof ApiError && err.kind !== 'unauthenticated' ? err.message : null;
    } finally {
      this.#loaded = true;
    }
  }

  signedIn(user: User): void {
    this.#user = user;
    this.notice = null;
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      this.#user = null;
      closeRealtime();
      router.navigate('/login');
    }
  }

  /** The server no longer knows our session: go to /login and come back here after. */
  expired(): void {
    if (!this.#user && router.current.page === 'login') return;
    this.#user = null;
    closeRealtime();
    this.notice = 'Your session has expired. Please log in again.';
    const here = router.path;
    router.navigate(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`, { replace: true });
  }
}

export const session = new Session();
setSessionExpiredHandler(() => session.expired());
