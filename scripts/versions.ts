/**
 * One version for the server, the CLI, the TypeScript client and the Python client: the
 * root package.json's. `npm version <new>` sets it there and runs this script (the
 * `version` lifecycle script) to copy it to every other place that states it, and to
 * open the CHANGELOG's section for it. `tsx scripts/versions.ts --check` lists the places
 * that differ (a test does the same); `tsx scripts/versions.ts` writes them.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = '@datashelf/client';

/** A place that states the version: how to read it, and how to write a new one. */
interface Place {
  file: string;
  /** Which field of the file, when it holds more than one. */
  field: string;
  read: (text: string) => string | undefined;
  write: (text: string, version: string) => string;
}

/** The fields of package.json, package-lock.json and openapi.json that state a version. */
interface Json {
  version?: string;
  dependencies?: Record<string, string>;
  info?: { version?: string };
  packages?: Record<string, Json>;
}

/** A field of a JSON file, rewritten as npm writes package.json (two spaces, final newline). */
function jsonField(
  file: string,
  field: string,
  get: (json: Json) => string | undefined,
  set: (json: Json, version: string) => void,
): Place {
  return {
    file,
    field,
    read: (text) => get(JSON.parse(text) as Json),
    write: (text, version) => {
      const json = JSON.parse(text) as Json;
      set(json, version);
      return `${JSON.stringify(json, null, 2)}\n`;
    },
  };
}

const PYTHON_VERSION = /^__version__ = "([^"]*)"$/m;

/** A package's own version, and the version of the client it depends on (the server bundles it, the web UI is built with it). */
const own = (file: string, pick: (json: Json) => Json = (json) => json, field = 'version') =>
  jsonField(
    file,
    field,
    (json) => pick(json).version,
    (json, v) => (pick(json).version = v),
  );
const clientPin = (file: string, pick: (json: Json) => Json = (json) => json, field = `dependencies["${CLIENT}"]`) =>
  jsonField(
    file,
    field,
    (json) => pick(json).dependencies?.[CLIENT],
    (json, v) => (pick(json).dependencies![CLIENT] = v),
  );
const locked = (path: string) => (json: Json) => json.packages![path];

export const PLACES: Place[] = [
  own('clients/typescript/package.json'),
  own('web/package.json'),
  clientPin('package.json'),
  clientPin('web/package.json'),
  // npm version sets the root's own version in the lockfile; the workspaces' are set here.
  own('package-lock.json', locked('clients/typescript'), 'clients/typescript version'),
  own('package-lock.json', locked('web'), 'web version'),
  clientPin('package-lock.json', locked(''), `root dependencies["${CLIENT}"]`),
  clientPin('package-lock.json', locked('web'), `web dependencies["${CLIENT}"]`),
  // Written by `npm run openapi` from package.json; kept here so a release needs no server start.
  jsonField(
    'openapi.json',
    'info.version',
    (json) => json.info?.version,
    (json, v) => (json.info!.version = v),
  ),
  {
    file: 'clients/python/datashelf/_version.py',
    field: '__version__',
    read: (text) => PYTHON_VERSION.exec(text)?.[1],
    write: (text, version) => text.replace(PYTHON_VERSION, `__version__ = "${version}"`),
  },
];

const readText = (file: string) => fs.readFileSync(`${ROOT}/${file}`, 'utf8');

/** The release's version: the root package.json's. */
export function releaseVersion(): string {
  return (JSON.parse(readText('package.json')) as Json).version!;
}

/** The places whose version is not the release's, as `file field: found`. */
export function versionMismatches(): string[] {
  const version = releaseVersion();
  return PLACES.flatMap((place) => {
    const found = place.read(readText(place.file));
    return found === version ? [] : [`${place.file} ${place.field}: ${found ?? 'none'}, not ${version}`];
  });
}

const UNRELEASED = '## [Unreleased]';

/** The CHANGELOG with what was unreleased now under this version's heading, and an empty Unreleased above it. */
function changelogFor(text: string, version: string): string {
  if (text.includes(`## [${version}]`) || !text.includes(UNRELEASED)) return text;
  const date = new Date().toISOString().slice(0, 10);
  return text.replace(UNRELEASED, `${UNRELEASED}\n\n## [${version}] - ${date}`);
}

function writeVersions(): void {
  const version = releaseVersion();
  for (const place of PLACES) fs.writeFileSync(`${ROOT}/${place.file}`, place.write(readText(place.file), version));
  fs.writeFileSync(`${ROOT}/CHANGELOG.md`, changelogFor(readText('CHANGELOG.md'), version));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const mismatches = versionMismatches();
    for (const line of mismatches) console.error(line);
    process.exitCode = mismatches.length ? 1 : 0;
  } else {
    writeVersions();
  }
}
