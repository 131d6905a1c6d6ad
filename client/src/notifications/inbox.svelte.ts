// My notifications in this tab: the latest page, the unread count, older pages on demand, and
// what socket.io says (a new one, or some marked read in another tab). One per signed-in person.
import { errorText } from '../lib/api.ts';
import { onEvent } from '../lib/realtime.ts';
import { notificationsApi, type AppNotification } from './api.ts';

class Inbox {
  #items = $state<AppNotification[] | null>(null);
  #unread = $state(0);
  #next = $state<string | null>(null);
  #error = $state<string | null>(null);
  #busy = $state(false);
  #owner: string | null = null;
  #loadedAt = 0;

  /** Null until loaded. */
  get items(): AppNotification[] | null {
    return this.#items;
  }
  get unread(): number {
    return this.#unread;
  }
  get hasMore(): boolean {
    return this.#next !== null;
  }
  get error(): string | null {
    return this.#error;
  }
  get busy(): boolean {
    return this.#busy;
  }

  /** Loads the first page for this person (once) and follows the live events until stopped. */
  start(userId: string): () => void {
    if (this.#owner !== userId) {
      this.#owner = userId;
      this.#items = null;
      this.#unread = 0;
      this.#next = null;
      void this.reload();
    }
    const offs = [
      onEvent<{ notification: AppNotification; unread: number }>('notification', ({ notification, unread }) => {
        if (this.#items && !this.#items.some((n) => n.id === notification.id)) this.#items = [notification, ...this.#items];
        this.#unread = unread;
      }),
      onEvent<{ ids: string[] | null; unread: number }>('notification:read', ({ ids, unread }) => {
        for (const n of this.#items ?? []) if (ids === null || ids.includes(n.id)) n.read = true;
        this.#unread = unread;
      }),
      // A socket that was away may have missed some: the count and first page again (not when
      // the first page was just read, as at the first connection).
      onEvent('connect', () => {
        if (Date.now() - this.#loadedAt > 2000) void this.reload();
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  async reload(): Promise<void> {
    this.#loadedAt = Date.now();
    try {
      const page = await notificationsApi.list();
      this.#items = page.notifications;
      this.#unread = page.unread;
      this.#next = page.next;
      this.#error = null;
    } catch (err) {
      this.#error = errorText(err);
    }
  }

  async more(): Promise<void> {
    if (!this.#next || this.#busy) return;
    this.#busy = true;
    try {
      const page = await notificationsApi.list(this.#next);
      const seen = new Set(this.#items?.map((n) => n.id));
      this.#items = [...(this.#items ?? []), ...page.notifications.filter((n) => !seen.has(n.id))];
      this.#unread = page.unread;
      this.#next = page.next;
    } catch (err) {
      this.#error = errorText(err);
    } finally {
      this.#busy = false;
    }
  }

  async markRead(notification: AppNotification): Promise<void> {
    if (notification.read) return;
    notification.read = true;
    try {
      this.#unread = (await notificationsApi.markRead([notification.id])).unread;
    } catch (err) {
      notification.read = false;
      this.#error = errorText(err);
    }
  }

  async markAllRead(): Promise<void> {
    const before = this.#items?.filter((n) => !n.read) ?? [];
    for (const n of before) n.read = true;
    try {
      this.#unread = (await notificationsApi.markRead()).unread;
    } catch (err) {
      for (const n of before) n.read = false;
      this.#error = errorText(err);
    }
  }
}

export const inbox = new Inbox();
