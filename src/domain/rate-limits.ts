import type { Store } from '../store/store.js';
import * as store from '../store/rate-limits.js';

export interface RateLimitConfig {
  /** Requests per window per bucket; 0 turns limiting off. */
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
  /** Seconds to wait, when refused. */
  retryAfter: number;
}

/**
 * Fixed-window request limits per bucket (an API key, or a client address). On
 * PostgreSQL the counters live in the store, so every instance shares them; the
 * embedded store is one process, so memory is enough there.
 */
export class RateLimiter {
  private readonly memory = new Map<string, { window: number; count: number }>();

  constructor(
    private readonly store: Store,
    private readonly config: RateLimitConfig,
  ) {}

  get enabled(): boolean {
    return this.config.limit > 0;
  }

  async hit(bucket: string, nowMs = Date.now()): Promise<RateDecision> {
    const windowMs = this.config.windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs) * windowMs;
    const count = this.store.dialect.name === 'postgres' ? await store.countHit(this.store, bucket, window) : this.countInMemory(bucket, window);
    const reset = Math.ceil((window + windowMs) / 1000);
    return {
      allowed: count <= this.config.limit,
      limit: this.config.limit,
      remaining: Math.max(0, this.config.limit - count),
      reset,
      retryAfter: Math.max(1, reset - Math.floor(nowMs / 1000)),
    };
  }

  /** Drops finished windows. */
  async sweep(nowMs = Date.now()): Promise<void> {
    const current = Math.floor(nowMs / (this.config.windowSeconds * 1000)) * this.config.windowSeconds * 1000;
    for (const [bucket, entry] of this.memory) if (entry.window < current) this.memory.delete(bucket);
    if (this.store.dialect.name === 'postgres') await store.deleteWindowsBefore(this.store, current);
  }

  private countInMemory(bucket: string, window: number): number {
    const entry = this.memory.get(bucket);
    if (!entry || entry.window !== window) {
      this.memory.set(bucket, { window, count: 1 });
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }
}
