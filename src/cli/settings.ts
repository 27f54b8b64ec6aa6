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

/** Flags first, then DATASHELF_URL / DATASHELF_KEY, then the config file. */
export function resolveTarget(flags: { url?: string; key?: string }, env = process.env): Target {
  const saved = readSaved();
  const url = flags.url ?? env.DATASHELF_URL ?? saved.url ?? DEFAULT_URL;
  const key = flags.key ?? env.DATASHELF_KEY ?? saved.key;
  if (!key) throw new CliError('no API key: run datashelf login, or pass --key or set DATASHELF_KEY', EXIT.usage);
  return { url, key };
}
