import type { Tx } from '../../store/store.js';
import * as files from '../../store/files.js';
import { useAttachments } from '../../store/attachments.js';
import { sha256Of } from '../../model/attachments.js';
import { filePathProblem, sameFile, type FileChanges, type FileRecord } from '../../model/files.js';
import { LIMITS } from '../../model/limits.js';
import { isMediaType, mediaTypeOf } from '../attachments.js';
import { DomainError, invalid, type FieldIssue } from '../errors.js';
import type { Commit, FilesMade } from './commit.js';

const BATCH = 1000;

/** Refuses file changes with a bad path, a path named twice, or more changes than one commit takes. */
export function checkFileChanges(changes: FileChanges, at = 'body/files'): void {
  const { put = [], delete: del = [] } = changes;
  const size = put.length + del.length;
  if (size > LIMITS.fileChangesMax) {
    throw new DomainError(
      'payload_too_large',
      `at most ${LIMITS.fileChangesMax} file changes (put + delete) per commit; this one has ${size}`,
    );
  }
  const paths = [
    ...put.map((p, i) => ({ path: p.path, field: `${at}/put/${i}/path` })),
    ...del.map((path, i) => ({ path, field: `${at}/delete/${i}` })),
  ];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const { path, field } of paths) {
    const problem = filePathProblem(path);
    if (problem) issues.push({ field, message: `${path.slice(0, 100)}: ${problem}` });
    else if (seen.has(path)) issues.push({ field, message: `${path.slice(0, 100)} is named more than once in put / delete` });
    seen.add(path);
  }
  put.forEach(({ mime_type }, i) => {
    if (mime_type !== undefined && !isMediaType(mime_type))
      issues.push({ field: `${at}/put/${i}/mime_type`, message: 'must be a media type (type/subtype), e.g. video/mp4' });
  });
  if (issues.length) throw invalid(`${issues[0].field}: ${issues[0].message}`, issues.slice(0, 100));
}

/**
 * Applies file changes through a commit: deleted paths' files end at its version, and
 * each put opens a file at its path (ending the one there, unless it is the same
 * attachment already). Every attachment must be the dataset's project's own: another
 * project's, or one that does not exist, is a 404, whatever bytes anyone holds.
 */
export async function applyFileChanges(tx: Tx, commit: Commit, changes: FileChanges): Promise<void> {
  const { put = [], delete: del = [] } = changes;
  const datasetSeq = commit.dataset.seq;
  const made: FilesMade = { added: 0, updated: 0, deleted: 0 };
  if (del.length) {
    const closed = await files.closeLiveFiles(tx, datasetSeq, commit.version, del);
    refuseAbsent(del, closed, 'files not found at the head version');
    made.deleted = closed.length;
  }
  if (put.length) {
    const records = await heldRecords(tx, commit, put);
    const live = new Map(
      (
        await files.filesAtPaths(
          tx,
          datasetSeq,
          commit.version - 1,
          records.map((r) => r.path),
        )
      ).map((f) => [f.path, f]),
    );
    const changed = records.filter((r) => !sameFile(live.get(r.path), r));
    await files.closeLiveFiles(
      tx,
      datasetSeq,
      commit.version,
      changed.filter((r) => live.has(r.path)).map((r) => r.path),
    );
    await files.writeFiles(tx, datasetSeq, commit.version, changed);
    made.updated = changed.filter((r) => live.has(r.path)).length;
    made.added = changed.length - made.updated;
    await refuseClashes(
      tx,
      datasetSeq,
      changed.filter((r) => !live.has(r.path)).map((r) => r.path),
    );
  }
  if (made.added) await refuseTooMany(tx, datasetSeq);
  commit.changedFiles(made);
}

/** The files to put, with what their attachments are; a 404 names any the project does not hold. */
async function heldRecords(tx: Tx, commit: Commit, put: NonNullable<FileChanges['put']>): Promise<FileRecord[]> {
  const { project_id: projectId, at } = commit.stamp;
  const ids = [...new Set(put.map((p) => p.attachment_id))];
  const held = new Map((projectId === null ? [] : await useAttachments(tx, projectId, ids.map(sha256Of), at)).map((a) => [a.id, a]));
  refuseAbsent(ids, [...held.keys()], 'attachments not found in this project (upload them with POST /v1/attachments first)');
  return put.map(({ path, attachment_id, mime_type }) => {
    const { sha256, size, mime_type: heldType } = held.get(attachment_id)!;
    return { path, sha256, size, mime_type: mime_type === undefined ? heldType : mediaTypeOf(mime_type) };
  });
}

function refuseAbsent(asked: string[], found: string[], what: string): void {
  if (found.length === asked.length) return;
  const present = new Set(found);
  const absent = asked.filter((x) => !present.has(x));
  throw new DomainError(
    'not_found',
    `${what}: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ', …' : ''}`,
    absent.slice(0, 100).map((x) => ({ field: 'body/files', message: `${x} not found` })),
  );
}

/** A new path may not be a file inside another file, nor a file where a folder is. */
async function refuseClashes(tx: Tx, datasetSeq: number, added: string[]): Promise<void> {
  const clashes = await files.clashingPaths(tx, datasetSeq, added);
  if (clashes.length === 0) return;
  throw invalid(`a path cannot be both a file and a folder: ${clashes.slice(0, 10).join(', ')} clashes with a file of this commit`, [
    { field: 'body/files/put', message: `${clashes[0]} is a file and a folder` },
  ]);
}

async function refuseTooMany(tx: Tx, datasetSeq: number): Promise<void> {
  const count = await files.countLiveFiles(tx, datasetSeq);
  if (count > LIMITS.filesPerVersion) {
    throw new DomainError('payload_too_large', `a version holds at most ${LIMITS.filesPerVersion} files; this commit would make ${count}`);
  }
}

/**
 * Makes a commit's tree equal version `target`'s, looking only at paths whose files
 * began or ended between the two (the cost follows the distance, not the tree's size).
 */
export async function restoreFilesInto(tx: Tx, commit: Commit, target: number): Promise<void> {
  const datasetSeq = commit.dataset.seq;
  const previous = commit.version - 1;
  const made: FilesMade = { added: 0, updated: 0, deleted: 0 };
  for (let after = ''; ;) {
    const paths = await files.filesTouchedBetween(tx, datasetSeq, Math.min(target, previous), Math.max(target, previous), after, BATCH);
    if (paths.length === 0) break;
    const [then, now] = await Promise.all([
      files.filesAtPaths(tx, datasetSeq, target, paths),
      files.filesAtPaths(tx, datasetSeq, previous, paths),
    ]);
    const nowByPath = new Map(now.map((f) => [f.path, f]));
    const thenByPath = new Map(then.map((f) => [f.path, f]));
    // The same file on both sides (one row, or an earlier restore's copy of it) stays as it is.
    const kept = (path: string) => sameFile(nowByPath.get(path), thenByPath.get(path));
    const close = paths.filter((p) => nowByPath.has(p) && !kept(p));
    const open = then.filter((f) => !kept(f.path));
    await files.closeLiveFiles(tx, datasetSeq, commit.version, close);
    await files.writeFiles(
      tx,
      datasetSeq,
      commit.version,
      open.map(({ since: _since, ...record }) => record),
    );
    made.updated += open.filter((f) => nowByPath.has(f.path)).length;
    made.added += open.filter((f) => !nowByPath.has(f.path)).length;
    made.deleted += close.filter((p) => !thenByPath.has(p)).length;
    after = paths[paths.length - 1];
  }
  commit.changedFiles(made);
}
