// Usernames by id for the live events (presence, last edit): one query for the ids not seen
// before, then from memory. Usernames do not change once taken, so nothing goes stale.
import { LRUCache } from 'lru-cache';
import type { Store } from '../../db/types.ts';

export class UserNames {
  private readonly cache = new LRUCache<string, string>({ max: 10_000 });

  constructor(private readonly store: Pick<Store, 'dashboard'>) {}

  /** Known ids map to their username; unknown ones (no such account) are absent. */
  async get(userIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(userIds)) {
      const name = this.cache.get(id);
      if (name === undefined) missing.push(id);
      else found.set(id, name);
    }
    if (missing.length > 0) {
      for (const [id, name] of await this.store.dashboard.usernames(missing)) {
        this.cache.set(id, name);
        found.set(id, name);
      }
    }
    return found;
  }
}
