// The lock seam: "only one of us does this now", with a time to live so a holder that dies never
// blocks forever. In process on the embedded default; Redis when several nodes share the work.

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
