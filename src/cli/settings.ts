import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, EXIT, type Target } from './client.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** What `datashelf login` keeps. */
export interface Saved {
  url?: string;
  key?: string;
  /** `namespace/project`, for the commands about keys. */
  project?: string;
}

/** The config file: $DATASHELF_CONFIG, else $XDG_CONFIG_HOME/datashelf/config.json, else ~/.config/datashelf/config.json. */
export function configFile(env = process.env): string {
  if (env.DATASHELF_CONFIG) return env.DATASHELF_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'datashelf', 'config.json');
}

export function readSaved(file = configFile()): Saved {
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Saved;
  } catch {
    throw new CliError(`${file} is not a datashelf config file; remove it and run datashelf login`, EXIT.usage);
  }
}

/** Writes the config readable by its owner only: it holds an API key. */
export function writeSaved(saved: Saved, file = configFile()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(saved, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** How long the CLI waits without progress for the server, unless --timeout or DATASHELF_TIMEOUT says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/** --timeout, else DATASHELF_TIMEOUT: whole seconds. */
export function timeoutMs(flag: string | undefined, env = process.env): number {
  const given = flag ?? env.DATASHELF_TIMEOUT;
  if (given === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(given);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new CliError(`--timeout takes whole seconds (1 or more), not "${given}"`, EXIT.usage);
  return seconds * 1000;
}

/** Flags first, then DATASHELF_URL / DATASHELF_KEY / DATASHELF_TIMEOUT, then the config file. */
export function resolveTarget(flags: { url?: string; key?: string; timeout?: string }, env = process.env): Target {
  const saved = readSaved();
  const url = flags.url ?? env.DATASHELF_URL ?? saved.url ?? DEFAULT_URL;
  const key = flags.key ?? env.DATASHELF_KEY ?? saved.key;
  if (!key) throw new CliError('no API key: run datashelf login, or pass --key or set DATASHELF_KEY', EXIT.usage);
  return { url, key, timeoutMs: timeoutMs(flags.timeout, env) };
}
