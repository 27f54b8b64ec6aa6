import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/domain/sealed-secrets.js';
import { DISPATCH_DEFAULTS, nextAttempt, WebhookDispatcher } from '../../src/domain/webhook-dispatcher.js';
import { systemClock } from '../../src/domain/clock.js';
import type { Store } from '../../src/store/store.js';
import { newWebhookSecret, signedHeaders } from '../../src/domain/webhook-signature.js';

describe('webhook signatures, secrets and retries', () => {
  it('signs as the Standard Webhooks reference does', () => {
    // The specification's test vector.
    const headers = signedHeaders(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      new Date(1614265330 * 1000),
      '{"test": 2432232314}',
    );
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('keeps secrets sealed: opened only under the same server secret, and tampering is caught', () => {
    const secret = newWebhookSecret();
    const box = new SecretBox('s'.repeat(40));
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed)).toBe(secret);
    expect(new SecretBox('t'.repeat(40)).open(sealed)).toBeNull();
    expect(box.open(sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA'))).toBeNull();
  });

  it('backs off exponentially with jitter, at most an hour apart, until the deadline', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    const deadline = '2026-11-26T00:00:00.000Z';
    const delay = (n: number, r: number) => Date.parse(nextAttempt(n, now, deadline, 5000, () => r)!) - now;
    expect([delay(1, 0), delay(1, 1), delay(2, 1), delay(4, 1)]).toEqual([2500, 5000, 10_000, 40_000]);
    expect(delay(30, 1)).toBe(3_600_000);
    expect(nextAttempt(1, Date.parse(deadline) - 1000, deadline, 5000, () => 1)).toBeNull();
  });

  it('reports a failed round and goes on to the next', async () => {
    let rounds = 0;
    const down = { transaction: () => Promise.reject(new Error(`store down ${++rounds}`)) } as unknown as Store;
    const errors: string[] = [];
    let seenTwo!: () => void;
    const twice = new Promise<void>((resolve) => (seenTwo = resolve));
    const dispatcher = new WebhookDispatcher(down, systemClock, new SecretBox('s'.repeat(40)), () => Promise.resolve(200), {
      ...DISPATCH_DEFAULTS,
      pollMs: 10,
      onError: (error) => {
        errors.push((error as Error).message);
        if (errors.length === 2) seenTwo();
      },
    });
    dispatcher.start();
    await twice;
    await dispatcher.stop();
    expect(errors.slice(0, 2)).toEqual(['store down 1', 'store down 2']);
  });
});
