/** A SHA-256 fed piece by piece. */
export interface Sha256 {
  update(bytes: Uint8Array): void;
  hex(): string;
}

interface NodeCrypto {
  createHash(algorithm: 'sha256'): { update(bytes: Uint8Array): unknown; digest(encoding: 'hex'): string };
}
type WithBuiltins = { process?: { getBuiltinModule?: (name: string) => unknown } };

/**
 * An incremental SHA-256 where the runtime has one (Node, Deno, Bun), else undefined: WebCrypto
 * only hashes a whole buffer at once. Reached through `process.getBuiltinModule`, so a bundler
 * building the client for a browser never sees an import of `node:crypto`.
 */
export function incrementalSha256(): Sha256 | undefined {
  const crypto = (globalThis as WithBuiltins).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  if (!crypto) return undefined;
  const hash = crypto.createHash('sha256');
  return { update: (bytes) => void hash.update(bytes), hex: () => hash.digest('hex') };
}
