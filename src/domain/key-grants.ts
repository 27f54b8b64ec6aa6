import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import { LIMITS } from '../model/limits.js';
import type { Store } from '../store/store.js';
import { findLiveKey } from '../store/tenancy.js';
import type { Caller } from './caller.js';

export interface KeyCacheBounds {
  /** How long a live key is trusted without asking the store, from when its lookup began. */
  staleMs: number;
  maxEntries: number;
}

/**
 * The live keys authentication found lately, so a known-good key costs no store round
 * trip. An entry is trusted for at most `staleMs` from when its lookup began, so a key
 * revoked on another instance stops working here within that bound; a revocation made
 * here evicts at once. Only live keys are kept (a made-up key adds nothing), under the
 * hash of the secret or the key's id, never the secret; the least recently used leave
 * first once `maxEntries` are held.
 */
export class KeyGrants {
  private readonly cache: LRUCache<string, Caller>;
  /** Bumped by every local revocation, so a lookup that raced one does not put its key back. */
  private revocations = 0;

  constructor(
    private readonly store: Store,
    private readonly bounds: KeyCacheBounds = { staleMs: LIMITS.keyCacheStaleMs, maxEntries: LIMITS.keyCacheEntries },
  ) {
    // ttlResolution 0: read the clock on each lookup rather than arm a timer to forget a cached reading.
    this.cache = new LRUCache({ max: bounds.maxEntries, ttl: bounds.staleMs, ttlResolution: 0 });
  }

  /** The caller of the live key whose secret has this hash, or null. */
  bySecretHash(hash: string): Promise<Caller | null> {
    return this.lookup(`hash:${hash}`, { hash });
  }

  /** The caller of the live key with this id (a token names its key), or null once it is revoked. */
  byKeyId(id: string): Promise<Caller | null> {
    return this.lookup(`id:${id}`, { id });
  }

  /** Forgets these keys at once; called when they are revoked in this process. */
  evict(keyIds: readonly string[]): void {
    this.revocations++;
    const gone = new Set(keyIds);
    const entries = [...this.cache.entries()].filter(([, caller]) => gone.has(caller.keyId));
    for (const [entry] of entries) this.cache.delete(entry);
  }

  private async lookup(entry: string, by: { hash: string } | { id: string }): Promise<Caller | null> {
    const cached = this.cache.get(entry);
    if (cached) return cached;
    const started = performance.now();
    const revocations = this.revocations;
    const grant = await findLiveKey(this.store, by);
    if (!grant) return null;
    const caller: Caller = { keyId: grant.id, projectId: grant.project_id, role: grant.role, userId: grant.user_id };
    const fresh = this.bounds.staleMs - (performance.now() - started);
    if (revocations === this.revocations && fresh >= 1) this.cache.set(entry, caller, { ttl: Math.floor(fresh) });
    return caller;
  }
}
