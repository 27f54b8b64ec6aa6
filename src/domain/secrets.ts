import { hash, randomBytes } from 'node:crypto';

/**
 * API keys are 192 random bits, so a fast hash is enough to store them safely:
 * nobody can brute-force the preimage, and lookup by hash stays one index probe.
 */
export function newKeySecret(): string {
  return `ds_${randomBytes(24).toString('base64url')}`;
}

/** SHA-256 in hex; the one-shot `hash` costs a third of a Hash object, and it runs on every request. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** The part of a key shown in listings so a person can tell keys apart. */
export function keyPrefix(secret: string): string {
  return secret.slice(0, 10);
}
