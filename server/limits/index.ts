// The rate-limit seam: a fixed window of points per key, counted in memory on the embedded
// default and in Redis when the cluster shares limits (rate-limiter-flexible backs both).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.ts';
import type { Redis } from '../redis/index.ts';

export type LimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export interface RateLimit {
  consume(key: string, points?: number): Promise<LimitResult>;
  /** Whether the key has used up its window, without spending a point. */
  exhausted(key: string): Promise<{ exhausted: false } | { exhausted: true; retryAfterSeconds: number }>;
  /** Forget a key, e.g. an account's failed logins after a successful one. */
  reset(key: string): Promise<void>;
  /** Makes the key exhausted for the next `seconds` (a login delay after failures). */
  block(key: string, seconds: number): Promise<void>;
}

export interface LimitSpec {
  name: string;
  points: number;
  windowSeconds: number;
}

export type RateLimitFactory = (spec: LimitSpec) => RateLimit;

/** Adapts any rate-limiter-flexible limiter (memory, Redis) to the seam. */
export class FlexibleRateLimit implements RateLimit {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  async consume(key: string, points = 1): Promise<LimitResult> {
    try {
      const res = await this.limiter.consume(key, points);
      return { allowed: true, remaining: res.remainingPoints };
    } catch (err) {
      // The library rejects with a RateLimiterRes when the key is over its limit; anything else
      // is a store failure and must surface.
      if (err instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
      }
      throw err;
    }
  }

  async exhausted(key: string): Promise<{ exhausted: false } | { exhausted: true; retryAfterSeconds: number }> {
    const res = await this.limiter.get(key);
    if (!res || res.remainingPoints > 0) return { exhausted: false };
    return { exhausted: true, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }

  async block(key: string, seconds: number): Promise<void> {
    await this.limiter.block(key, seconds);
  }
}

/** The contract's 429: `rate_limited`, the wait in seconds in the message, details and Retry-After. */
export function tooManyRequests(message: string, retryAfterSeconds: number): AppError {
  return new AppError(429, 'rate_limited', `${message}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds }, {
    'Retry-After': String(retryAfterSeconds),
  });
}

/** Spends one point of a quota, or throws the 429 that names it. Call before creating anything. */
export async function spend(limit: RateLimit, key: string, message: string): Promise<void> {
  const result = await limit.consume(key);
  if (!result.allowed) throw tooManyRequests(message, result.retryAfterSeconds);
}

export const memoryRateLimits: RateLimitFactory = (spec) =>
  new FlexibleRateLimit(
    new RateLimiterMemory({ keyPrefix: spec.name, points: spec.points, duration: spec.windowSeconds }),
  );

/** Counted in Redis for the whole cluster. While Redis is down each node counts in memory (the
 *  insurance limiter), so signing in and analysis keep working with per-node limits. */
export function redisRateLimits(redis: Redis): RateLimitFactory {
  return (spec) =>
    new FlexibleRateLimit(
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `limit:${spec.name}`,
        points: spec.points,
        duration: spec.windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: spec.name, points: spec.points, duration: spec.windowSeconds }),
      }),
    );
}
