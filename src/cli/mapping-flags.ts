import fs from 'node:fs';
import { usage } from './client.js';

/** The import's mapping as the API takes it (see Mapping in src/model/imports.ts). */
export interface MappingJson {
  fields?: Record<string, string | string[] | Record<string, string>>;
  rest?: string;
  types?: Record<string, string>;
  tag_separator?: string;
  metadata_only?: boolean;
}

export interface MappingFlags {
  map?: string[];
  rest?: string;
  type?: string[];
  'tag-separator'?: string;
  'metadata-only'?: boolean;
}

function parseJson(text: string, where: string): MappingJson {
  try {
    return JSON.parse(text) as MappingJson;
  } catch (error) {
    throw usage(`${where} is not JSON: ${(error as Error).message}`);
  }
}

/** `name=value` split at the first `=`. */
function pair(text: string, flag: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw usage(`${flag} takes NAME=VALUE, not "${text}"`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * The mapping from the command line. `--map` takes `field=column` (several columns,
 * comma-separated, gather into an object), a JSON mapping, or `@file.json`; `--type
 * column=json|number|integer|boolean|text`, `--rest`, `--tag-separator` and
 * `--metadata-only` set the rest. The server checks it all.
 */
export function mappingFrom(flags: MappingFlags): MappingJson | undefined {
  let mapping: MappingJson = {};
  for (const item of flags.map ?? []) {
    if (item.startsWith('{'))
      mapping = { ...mapping, ...parseJson(item, '--map'), fields: { ...mapping.fields, ...parseJson(item, '--map').fields } };
    else if (item.startsWith('@')) {
      const file = item.slice(1);
      if (!fs.existsSync(file)) throw usage(`--map ${item}: no such file`);
      const read = parseJson(fs.readFileSync(file, 'utf8'), file);
      mapping = { ...mapping, ...read, fields: { ...mapping.fields, ...read.fields } };
    } else {
      const [field, source] = pair(item, '--map');
      const paths = source.split(',').map((s) => s.trim());
      mapping.fields = { ...mapping.fields, [field]: paths.length > 1 ? paths : paths[0] };
    }
  }
  for (const item of flags.type ?? []) {
    const [column, type] = pair(item, '--type');
    mapping.types = { ...mapping.types, [column]: type };
  }
  if (flags.rest) mapping.rest = flags.rest;
  if (flags['tag-separator']) mapping.tag_separator = flags['tag-separator'];
  if (flags['metadata-only']) mapping.metadata_only = true;
  return Object.keys(mapping).length ? mapping : undefined;
}
