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
      // After leaving the editor, whose y-indexeddb connection would otherwise hold the delete back.
      await forgetLocalCopies();
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

/** Deletes the resumes this browser kept offline (y-indexeddb's `resume:<id>` databases), so the
 *  next person at this computer cannot read them. Best effort: errors leave the copies. */
async function forgetLocalCopies(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  try {
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => n?.startsWith('resume:') === true);
    await Promise.all(
      names.map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = request.onerror = () => resolve();
          }),
      ),
    );
  } catch {
    // IndexedDB unavailable (private mode): there is nothing kept to forget.
  }
}

export const session = new Session();
setSessionExpiredHandler(() => session.expired());
