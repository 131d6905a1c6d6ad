// The lock seam: "only one of us does this now", with a time to live so a holder that dies never
// blocks forever. In process on the embedded default; Redis when several nodes share the work.
import { randomUUID } from 'node:crypto';
import type { Redis } from '../redis/index.ts';

export interface Lease {
  release(): Promise<void>;
}

export interface Locks {
  /** The lease, or null when someone else holds the key. */
  tryAcquire(key: string, ttlMs: number): Promise<Lease | null>;
}

export class InProcessLocks implements Locks {
  private readonly held = new Map<string, { token: symbol; expiresAt: number }>();

  async tryAcquire(key: string, ttlMs: number): Promise<Lease | null> {
    const now = Date.now();
    const current = this.held.get(key);
    if (current && current.expiresAt > now) return null;
    const token = Symbol(key);
    this.held.set(key, { token, expiresAt: now + ttlMs });
    return {
      release: async () => {
        // Only the holder's own lease is released, not one taken after this one expired.
        if (this.held.get(key)?.token === token) this.held.delete(key);
      },
    };
  }
}

/** Deletes the key only while it still holds our token: a lease that expired and was taken by
 *  another node is not ours to release. */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** One holder across the cluster: SET NX PX with a random token, released by a token check. */
export class RedisLocks implements Locks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'lock:',
  ) {}

  async tryAcquire(key: string, ttlMs: number): Promise<Lease | null> {
    const name = this.prefix + key;
    const token = randomUUID();
    const taken = await this.redis.set(name, token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
    if (taken !== 'OK') return null;
    return {
      release: async () => {
        await this.redis.eval(RELEASE_SCRIPT, 1, name, token);
      },
    };
  }
}
