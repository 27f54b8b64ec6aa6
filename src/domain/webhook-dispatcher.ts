import type { Store } from '../store/store.js';
import { claimDue, recordAttempt, type DeliveryRow } from '../store/webhooks.js';
import type { Clock } from './clock.js';
import type { SecretBox } from './sealed-secrets.js';
import { signedHeaders } from './webhook-signature.js';

/** Sends one signed delivery; resolves with the receiver's status, rejects with a reason when nothing came back. */
export type Deliver = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

export interface DispatchOptions {
  /** How often the outbox is looked at when it was empty. */
  pollMs: number;
  /** The first retry's delay; each next one doubles it (at most an hour), with jitter. */
  retryBaseMs: number;
  /** Deliveries claimed and sent at once. */
  batch: number;
  /** How long a claim holds a delivery against other instances (longer than a send can take). */
  leaseMs: number;
  /** Told when a round fails (the store unreachable, say); the next round is tried as usual. */
  onError?: (error: unknown) => void;
}

export const DISPATCH_DEFAULTS: DispatchOptions = { pollMs: 1000, retryBaseMs: 5000, batch: 20, leaseMs: 60_000 };
const RETRY_CAP_MS = 3_600_000;

/** When attempt `n` (1-based) failed at `now`: the next try, with full jitter on the upper half, or null past the deadline. */
export function nextAttempt(n: number, now: number, deadline: string, baseMs: number, random = Math.random): string | null {
  const delay = Math.min(baseMs * 2 ** (n - 1), RETRY_CAP_MS) * (0.5 + random() / 2);
  const at = now + delay;
  return at > Date.parse(deadline) ? null : new Date(at).toISOString();
}

/**
 * Works the outbox: claims due deliveries (instances sharing a PostgreSQL skip each
 * other's claims), signs and sends them, and records each attempt: delivered on a 2xx,
 * else retried with exponential backoff until its deadline, then failed.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private working: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly deliver: Deliver,
    private readonly options: DispatchOptions = DISPATCH_DEFAULTS,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming; resolves when the sends under way are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.working;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.working = this.tick()
        .catch((error: unknown) => {
          this.options.onError?.(error);
          return 0;
        })
        .then((sent) => {
          this.working = null;
          // A full batch means more may be due: go on at once.
          this.schedule(sent === this.options.batch ? 0 : this.options.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** One round: what was claimed, sent and recorded. */
  async tick(): Promise<number> {
    const now = this.clock.ms();
    const claimed = await claimDue(
      this.store,
      new Date(now).toISOString(),
      new Date(now + this.options.leaseMs).toISOString(),
      this.options.batch,
    );
    await Promise.all(claimed.map((d) => this.attempt(d)));
    return claimed.length;
  }

  private async attempt(delivery: DeliveryRow & { url: string; secret_sealed: string }): Promise<void> {
    const secret = this.box.open(delivery.secret_sealed);
    let status: number | null = null;
    let error: string | null = null;
    if (secret === null) {
      error = "the webhook's secret cannot be opened: the server secret (DATASHELF_JWT_SECRET) changed since it was made";
    } else {
      try {
        status = await this.deliver(
          delivery.url,
          signedHeaders(secret, delivery.message_id, new Date(this.clock.ms()), delivery.payload),
          delivery.payload,
        );
        if (status < 200 || status > 299) error = `the receiver answered ${status}`;
      } catch (reason) {
        error = reason instanceof Error ? reason.message : String(reason);
      }
    }
    const at = this.clock.ms();
    const delivered = error === null;
    await recordAttempt(this.store, delivery.seq, {
      delivered,
      responseStatus: status,
      error,
      at: new Date(at).toISOString(),
      retryAt: delivered ? null : nextAttempt(delivery.attempts + 1, at, delivery.expires_at, this.options.retryBaseMs),
    });
  }
}
