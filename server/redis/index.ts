// Redis connections for the scale-out seams: one place that sets what every client needs
// (reconnect forever, fail fast while Redis is down where asked) and logs each outage once.
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

export type { Redis } from 'ioredis';

export interface RedisClientOptions {
  /** Queue commands while disconnected (subscribers, the socket.io adapter) instead of failing at once. */
  offlineQueue: boolean;
}

/** How long a node waits for Redis at start before giving up with a clear error. */
const CONNECT_TIMEOUT_MS = 10_000;

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
  readonly code = 'redis_unavailable';
}

/** A connected client; rejects when Redis does not answer within 10 s at start. */
export async function connectRedis(url: string, name: string, log: Logger, opts: RedisClientOptions): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    enableOfflineQueue: opts.offlineQueue,
    // null: queued commands wait for the reconnect rather than failing after N attempts.
    maxRetriesPerRequest: opts.offlineQueue ? null : 1,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  let up = false;
  client.on('ready', () => {
    if (up) return;
    up = true;
    log.info({ redis: name }, 'redis connected');
  });
  client.on('close', () => {
    if (!up) return;
    up = false;
    log.warn({ redis: name }, 'redis connection lost; reconnecting');
  });
  // Every failed reconnect attempt emits one; the transitions above are what operators need.
  client.on('error', (err: unknown) => log.debug({ err, redis: name }, 'redis client error'));

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      waitReady(client),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisUnavailableError(`Redis did not answer at ${redact(url)} within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    client.disconnect();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** connect() rejects on the first failed attempt; a node starting with Redis keeps trying until ready. */
function waitReady(client: Redis): Promise<void> {
  return new Promise((resolve) => {
    client.once('ready', () => resolve());
    client.connect().catch(() => undefined); // the retry strategy reconnects; 'ready' settles this
  });
}

/** Redis ≥ 7 has sharded pub/sub (SSUBSCRIBE), which the socket.io adapter prefers. */
export async function redisMajorVersion(client: Redis): Promise<number> {
  const info = await client.info('server');
  const version = /redis_version:(\d+)/.exec(info)?.[1];
  return version ? Number(version) : 0;
}

function redact(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}
