import type { RateCounters } from '../store/store.js';
import type { Clock } from './clock.js';

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
 * Fixed-window request limits per bucket: an API key (a token counts against the key
 * that minted it), or a client address for requests that are not authenticated.
 */
export class RateLimiter {
  constructor(
    private readonly counters: RateCounters,
    private readonly config: RateLimitConfig,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.config.limit > 0;
  }

  /** Counts one request in the bucket. */
  async hit(bucket: string): Promise<RateDecision> {
    const nowMs = this.clock.ms();
    return this.decide(await this.counters.hit(bucket, this.windowStart(nowMs)), nowMs);
  }

  /** Drops finished windows. */
  sweep(): Promise<void> {
    return this.counters.sweep(this.windowStart(this.clock.ms()));
  }

  private windowStart(nowMs: number): number {
    const windowMs = this.config.windowSeconds * 1000;
    return Math.floor(nowMs / windowMs) * windowMs;
  }

  private decide(count: number, nowMs: number): RateDecision {
    const reset = Math.ceil((this.windowStart(nowMs) + this.config.windowSeconds * 1000) / 1000);
    return {
      allowed: count <= this.config.limit,
      limit: this.config.limit,
      remaining: Math.max(0, this.config.limit - count),
      reset,
      retryAfter: Math.max(1, reset - Math.floor(nowMs / 1000)),
    };
  }
}
