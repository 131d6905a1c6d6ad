// Who has a resume open right now, on any node: the people with a live /collab socket on it. Each
// node counts its own sockets and keeps its share in a PresenceStore (in memory alone, in Redis
// in a cluster); every change reaches the resume's socket.io room as `presence`, coalesced.
import type { Logger } from '../log.ts';
import type { UserNames } from './user-names.ts';

export interface PresenceUser {
  id: string;
  username: string;
}

/** The seam: this node's share of each resume's presence, and everyone's. */
export interface PresenceStore {
  /** Replaces this node's people on the resume (none: removes its share). */
  put(resumeId: string, userIds: readonly string[]): Promise<void>;
  /** The people on each resume across every live node; resumes no one has open are absent. */
  read(resumeIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Starts the upkeep; `changed` hears of resumes whose presence changed without a put here
   *  (another node died, or this node's previous life left entries behind). */
  start(changed: (resumeIds: string[]) => void): void;
  /** Removes this node's share and stops. */
  close(): Promise<void>;
}

/** The embedded default: one process holds every socket, so its share is everyone's. */
export class MemoryPresenceStore implements PresenceStore {
  private readonly shares = new Map<string, string[]>();

  async put(resumeId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length > 0) this.shares.set(resumeId, [...userIds]);
    else this.shares.delete(resumeId);
  }

  async read(resumeIds: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const id of resumeIds) {
      const users = this.shares.get(id);
      if (users) found.set(id, users);
    }
    return found;
  }

  start(): void {}

  async close(): Promise<void> {
    this.shares.clear();
  }
}

export type PresenceListener = (resumeId: string, users: PresenceUser[]) => void;

/** Changes are told at most this often per burst (a reconnect storm becomes one event per resume). */
const COALESCE_MS = 100;

export class Presence {
  /** This node's sockets: resume → person → how many sockets they have on it. */
  private readonly local = new Map<string, Map<string, number>>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private listener: PresenceListener | null = null;
  private closed = false;
  private readonly log: Logger;

  constructor(private readonly deps: { store: PresenceStore; names: UserNames; log: Logger }) {
    this.log = deps.log.child({ component: 'presence' });
  }

  /** Starts telling changes (and the store's upkeep). */
  start(listener: PresenceListener): void {
    this.listener = listener;
    this.deps.store.start((resumeIds) => {
      for (const id of resumeIds) this.dirty.add(id);
      this.schedule();
    });
  }

  joined(resumeId: string, userId: string): void {
    let people = this.local.get(resumeId);
    if (!people) this.local.set(resumeId, (people = new Map()));
    people.set(userId, (people.get(userId) ?? 0) + 1);
    this.changed(resumeId);
  }

  left(resumeId: string, userId: string): void {
    const people = this.local.get(resumeId);
    const count = people?.get(userId) ?? 0;
    if (!people || count === 0) return;
    if (count > 1) people.set(userId, count - 1);
    else people.delete(userId);
    if (people.size === 0) this.local.delete(resumeId);
    this.changed(resumeId);
  }

  /** Who is on each resume now, across the cluster (a resume no one has open maps to []). */
  async usersOn(resumeIds: readonly string[]): Promise<Map<string, PresenceUser[]>> {
    const ids = await this.deps.store.read(resumeIds);
    const names = await this.deps.names.get([...ids.values()].flat());
    const found = new Map<string, PresenceUser[]>();
    for (const resumeId of resumeIds) {
      const users = (ids.get(resumeId) ?? [])
        .filter((id) => names.has(id))
        .map((id) => ({ id, username: names.get(id) ?? '' }))
        .sort((a, b) => a.username.localeCompare(b.username));
      found.set(resumeId, users);
    }
    return found;
  }

  /** Writes what is pending, removes this node's share and stops (after the sockets closed). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    this.closed = true;
    await this.deps.store.close().catch((err: unknown) => this.log.warn({ err }, 'presence store close failed'));
  }

  private changed(resumeId: string): void {
    this.dirty.add(resumeId);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, COALESCE_MS);
    this.timer.unref();
  }

  /** One at a time, so this node's writes for a resume land in order; each write is the whole
   *  current share, so the last one is always right. Never rejects. */
  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.dirty.size === 0) return;
    this.flushing = this.write().finally(() => (this.flushing = null));
    await this.flushing;
  }

  private async write(): Promise<void> {
    const resumeIds = [...this.dirty];
    this.dirty.clear();
    const { store } = this.deps;
    try {
      await Promise.all(resumeIds.map((id) => store.put(id, [...(this.local.get(id)?.keys() ?? [])])));
      const users = await this.usersOn(resumeIds);
      for (const [resumeId, list] of users) this.listener?.(resumeId, list);
    } catch (err) {
      // The store's upkeep rewrites this node's share; the next change tells it again.
      this.log.warn({ err, resumes: resumeIds.length }, 'presence update failed');
    }
  }
}
