// The presence store of a cluster, in Redis. Each node writes its share of a resume's presence
// under its own key with a time to live, and a heartbeat in one sorted set; both are refreshed
// every third of the TTL. Readers count only nodes with a current heartbeat, so a dead node's
// people drop out within one TTL, and the first node to notice the dead one (ZREM answers 1 to
// exactly one caller) clears its keys and has the resumes it held told again.
import type { Logger } from '../log.ts';
import type { Redis } from '../redis/index.ts';
import type { PresenceStore } from './presence.ts';

/** nodeId → until when its heartbeat counts (ms since the epoch). */
const NODES = 'presence:nodes';
/** A node's share of one resume: a JSON array of user ids. */
const shareKey = (resumeId: string, nodeId: string) => `presence:share:${resumeId}:${nodeId}`;
/** The resumes a node has a share in, so whoever sweeps it knows what to clear and tell. */
const heldKey = (nodeId: string) => `presence:held:${nodeId}`;
/** MGET at most this many keys at once. */
const READ_CHUNK = 1000;

export class RedisPresenceStore implements PresenceStore {
  /** This node's shares as last put. */
  private readonly shares = new Map<string, string[]>();
  /** Shares removed while Redis did not answer: removed again at the next heartbeat. */
  private readonly emptied = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly log: Logger,
    /** How long a silent node's share still counts. */
    private readonly ttlMs: number,
  ) {}

  async put(resumeId: string, userIds: readonly string[]): Promise<void> {
    const key = shareKey(resumeId, this.nodeId);
    if (userIds.length > 0) {
      this.shares.set(resumeId, [...userIds]);
      this.emptied.delete(resumeId);
      await this.redis.multi().set(key, JSON.stringify(userIds), 'PX', this.ttlMs).sadd(heldKey(this.nodeId), resumeId).exec();
    } else {
      this.shares.delete(resumeId);
      this.emptied.add(resumeId);
      await this.redis.multi().del(key).srem(heldKey(this.nodeId), resumeId).exec();
      this.emptied.delete(resumeId);
    }
  }

  async read(resumeIds: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, Set<string>>();
    const add = (resumeId: string, users: readonly string[]) => {
      let set = found.get(resumeId);
      if (!set) found.set(resumeId, (set = new Set()));
      for (const u of users) set.add(u);
    };
    for (const id of resumeIds) {
      const own = this.shares.get(id);
      if (own) add(id, own);
    }
    if (resumeIds.length > 0) {
      const peers = (await this.redis.zrangebyscore(NODES, Date.now(), '+inf')).filter((n) => n !== this.nodeId);
      const pairs = resumeIds.flatMap((resumeId) => peers.map((nodeId) => ({ resumeId, key: shareKey(resumeId, nodeId) })));
      for (let i = 0; i < pairs.length; i += READ_CHUNK) {
        const chunk = pairs.slice(i, i + READ_CHUNK);
        const values = await this.redis.mget(chunk.map((p) => p.key));
        values.forEach((value, k) => {
          const pair = chunk[k];
          if (value && pair) add(pair.resumeId, parseShare(value));
        });
      }
    }
    return new Map([...found].map(([id, users]) => [id, [...users]]));
  }

  start(changed: (resumeIds: string[]) => void): void {
    const tell = (ids: string[]) => {
      if (ids.length > 0) changed([...new Set(ids)]);
    };
    const beat = () => {
      this.ticking = this.tick()
        .then((ids) => tell(ids))
        .catch((err: unknown) => this.log.warn({ err }, 'presence heartbeat failed; retrying'))
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(beat, this.ttlMs / 3);
          this.timer.unref();
        });
    };
    // A previous life of this node (same NODE_ID, restarted within the TTL) may have left shares behind.
    this.ticking = this.clearNode(this.nodeId, (resumeId) => !this.shares.has(resumeId))
      .then((ids) => tell(ids))
      .catch((err: unknown) => this.log.warn({ err }, 'could not clear presence left by this node before a restart'))
      .finally(beat);
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    const keys = [...this.shares.keys(), ...this.emptied].map((id) => shareKey(id, this.nodeId));
    await this.redis.multi().del(heldKey(this.nodeId), ...keys).zrem(NODES, this.nodeId).exec();
    this.shares.clear();
  }

  /** Heartbeat and shares renewed in one round trip, then a sweep of dead nodes. Returns the
   *  resumes whose presence others must be told again. */
  private async tick(): Promise<string[]> {
    const now = Date.now();
    const held = heldKey(this.nodeId);
    const multi = this.redis.multi().zadd(NODES, now + this.ttlMs, this.nodeId);
    for (const [resumeId, users] of this.shares) multi.set(shareKey(resumeId, this.nodeId), JSON.stringify(users), 'PX', this.ttlMs);
    const emptied = [...this.emptied];
    for (const resumeId of emptied) multi.del(shareKey(resumeId, this.nodeId)).srem(held, resumeId);
    if (this.shares.size > 0) multi.sadd(held, ...this.shares.keys());
    multi.pexpire(held, this.ttlMs * 10);
    const results = await multi.exec();
    for (const resumeId of emptied) if (!this.shares.has(resumeId)) this.emptied.delete(resumeId);
    // 1: this node was not in the set (just started, or swept as dead after a Redis outage).
    const changed = results?.[0]?.[1] === 1 ? [...this.shares.keys()] : [];
    for (const nodeId of await this.redis.zrangebyscore(NODES, '-inf', now)) {
      if (nodeId === this.nodeId) continue;
      if ((await this.redis.zrem(NODES, nodeId)) !== 1) continue; // another node is sweeping it
      this.log.info({ deadNode: nodeId }, 'presence of a silent node cleared');
      changed.push(...(await this.clearNode(nodeId)));
    }
    return changed;
  }

  /** Removes a node's shares; returns the resumes it held. */
  private async clearNode(nodeId: string, keep: (resumeId: string) => boolean = () => true): Promise<string[]> {
    const held = (await this.redis.smembers(heldKey(nodeId))).filter(keep);
    if (held.length > 0) await this.redis.del(...held.map((id) => shareKey(id, nodeId)));
    if (nodeId !== this.nodeId) await this.redis.del(heldKey(nodeId));
    else if (held.length > 0) await this.redis.srem(heldKey(nodeId), ...held);
    return held;
  }
}

function parseShare(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return [];
  }
}
