import fs from 'node:fs';

/** A directory only its owner can enter, created so if missing (an existing one is left as the operator made it). */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
