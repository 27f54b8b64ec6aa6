import type { Store } from '../store/store.js';
import * as store from '../store/idempotency.js';
import { isoAt, type Clock } from './clock.js';
import { DomainError } from './errors.js';
import { LIMITS } from '../model/limits.js';

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; contentType: string; body: string };

/** How long a first request may run before a retry treats it as abandoned (its process died). */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;
const RETRY_WAIT_MS = 30_000;

/**
 * Idempotency-Key handling after the IETF draft: the first request with a key does
 * the work and its response is kept; a retry with the same body gets that response;
 * a retry with another body is refused. A retry arriving while the first is still
 * running waits for it rather than doing the work twice.
 */
export class IdempotencyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const deadline = this.clock.ms() + RETRY_WAIT_MS;
    for (;;) {
      if (await store.claimKey(this.store, { scope, key, fingerprint, created_at: isoAt(this.clock) })) return { kind: 'new' };
      const row = await store.findKey(this.store, scope, key);
      if (!row) continue;
      const age = this.clock.ms() - Date.parse(row.created_at);
      const pending = row.status === null;
      if (age > LIMITS.idempotencyRetentionMs || (pending && age > ABANDONED_AFTER_MS)) {
        await store.releaseKey(this.store, scope, key);
        continue;
      }
      if (row.fingerprint !== fingerprint) {
        throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
      }
      if (!pending && row.withheld) {
        throw new DomainError(
          'idempotency_secret_not_replayable',
          'the first request with this Idempotency-Key succeeded and returned a secret, which is shown once and never kept; ' +
            'revoke what it created if the answer was lost, and ask again with a new key',
        );
      }
      if (!pending)
        return { kind: 'replay', status: row.status!, contentType: row.content_type ?? 'application/json', body: row.body ?? '' };
      if (this.clock.ms() > deadline) {
        throw new DomainError('idempotency_in_progress', 'a request with this Idempotency-Key is still being processed');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Keeps a response for replays; a `null` body records that it carried a secret, which is not kept. */
  complete(scope: string, key: string, status: number, contentType: string, body: string | null): Promise<void> {
    return store.storeResponse(this.store, scope, key, status, contentType, body);
  }

  /** Forgets a key whose request failed on the server side, so a retry does the work. */
  release(scope: string, key: string): Promise<void> {
    return store.releaseKey(this.store, scope, key);
  }

  sweep(): Promise<void> {
    return store.deleteKeysBefore(this.store, new Date(this.clock.ms() - LIMITS.idempotencyRetentionMs).toISOString());
  }
}
