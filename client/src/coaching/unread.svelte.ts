// Comments and suggestions on the open resume that this person has not seen yet. "Seen" means the
// Comments tab was on screen when it arrived or was opened after; the newest time seen is kept
// per person and resume in localStorage, as the server's own timestamps (no clock skew).
import type { Coaching } from './coaching.svelte.ts';

const key = (userId: string, resumeId: string) => `comments-seen:${userId}:${resumeId}`;

/** The server times of every comment, reply and pending suggestion written by someone else. */
function othersTimes(coaching: Coaching): string[] {
  const me = coaching.me.id;
  const times: string[] = [];
  for (const thread of coaching.threads) {
    if (thread.author?.id !== me) times.push(thread.createdAt);
    for (const reply of thread.replies) if (reply.author?.id !== me) times.push(reply.createdAt);
  }
  for (const s of coaching.pending) if (s.author?.id !== me) times.push(s.createdAt);
  return times;
}

export class CommentsSeen {
  #seenAt = $state<number>(0);
  readonly #key: string;

  constructor(
    private readonly coaching: Coaching,
    userId: string,
    resumeId: string,
  ) {
    this.#key = key(userId, resumeId);
    this.#seenAt = Number(readStorage(this.#key) ?? 0) || 0;
  }

  /** How many comments, replies and waiting suggestions from others arrived since the tab was last seen. */
  get unread(): number {
    if (!this.coaching.loaded) return 0;
    return othersTimes(this.coaching).filter((t) => Date.parse(t) > this.#seenAt).length;
  }

  /** The Comments tab is on screen: everything there now counts as seen. */
  markSeen(): void {
    if (!this.coaching.loaded) return;
    const newest = Math.max(this.#seenAt, ...othersTimes(this.coaching).map((t) => Date.parse(t)));
    if (newest <= this.#seenAt) return;
    this.#seenAt = newest;
    writeStorage(this.#key, String(newest));
  }
}

// Storage may be unavailable (private modes, quotas): the count then lasts as long as the page.
function readStorage(k: string): string | null {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
}
function writeStorage(k: string, value: string): void {
  try {
    localStorage.setItem(k, value);
  } catch {
    // kept in memory only
  }
}
