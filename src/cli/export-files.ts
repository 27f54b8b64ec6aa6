import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cliErrorOf, shelfOf, type Target } from './client.js';
import { extensionOfType } from '../formats/file-types.js';
import { eachInParallel } from './parallel.js';
import type { Progress } from './progress.js';

/** One file to write: the folder it goes in (relative to --files), its name without the extension, and the attachment. */
export interface FileRef {
  folder: string;
  name: string;
  id: string;
}

const PARALLEL = 4;

/** A path segment safe on every file system we write to, or undefined. */
const SAFE = /^[^/\\\0:*?"<>|]{1,200}$/;
const isSafe = (segment: string) => SAFE.test(segment) && segment !== '.' && segment !== '..' && segment.trim() === segment;

/** The folder of a datapoint's files: its external id (a path of safe segments: `train/0001.png`), else its id. */
function folderOf(line: { id: string; external_id?: string | null }): string {
  const external = line.external_id;
  return external && external.split('/').every(isSafe) ? external : line.id;
}

/** A name as a file name: characters no file system takes become `_`. */
const fileName = (name: string) => (isSafe(name) ? name : name.replace(/[/\\\0:*?"<>|]/g, '_').replace(/^\.{1,2}$/, '_'));

/** Passes an export's JSON lines through, noting each datapoint's attachments on the way. */
export function attachmentRefs(refs: FileRef[]): Transform {
  let rest = '';
  const note = (text: string) => {
    if (!text.trim()) return;
    const line = JSON.parse(text) as { id: string; external_id?: string | null; attachments?: Record<string, string> | null };
    for (const [name, id] of Object.entries(line.attachments ?? {})) refs.push({ folder: folderOf(line), name: fileName(name), id });
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      lines.forEach(note);
      done(null, chunk);
    },
    flush(done) {
      note(rest);
      done();
    },
  });
}

/**
 * Writes each file as `DIR/<folder>/<name><extension>`, the extension the uploaded file
 * name's, else its media type's. Each attachment is downloaded once; another datapoint
 * naming it gets a copy.
 */
export async function writeFiles(target: Target, dir: string, refs: FileRef[], progress: Progress): Promise<void> {
  const shelf = shelfOf(target);
  const written = new Map<string, Promise<{ file: string; extension: string }>>();
  const meter = progress.phase('download files', 'files', refs.length);
  const writeOne = async ({ folder, name, id }: FileRef) => {
    const at = path.join(dir, ...folder.split('/'));
    await fs.promises.mkdir(at, { recursive: true });
    const first = written.get(id);
    if (first) {
      const { file, extension } = await first;
      await fs.promises.copyFile(file, path.join(at, name + extension));
      return;
    }
    const done = (async () => {
      const download = await shelf.downloadAttachment(id).catch((error: unknown) => {
        throw cliErrorOf(error);
      });
      const extension = path.extname(download.filename ?? '') || extensionOfType(download.mimeType);
      const file = path.join(at, name + extension);
      await pipeline(Readable.fromWeb(download.body as never), fs.createWriteStream(file));
      return { file, extension };
    })();
    written.set(id, done);
    await done;
  };
  try {
    await eachInParallel(refs, PARALLEL, async (ref) => {
      await writeOne(ref);
      meter.add(1);
    });
  } finally {
    meter.finish();
  }
}
