import type { MessagePort } from 'node:worker_threads';
import type { ImportResult } from '../../model/imports.js';
import { DomainError, type ErrorCode, type ErrorReason, type FieldIssue } from '../errors.js';
import type { ImportJob } from './pipeline.js';
import type { ImportedFile } from './files.js';
import type { ReadBatch } from './reading.js';

/**
 * What the reading thread is told: a job to start (with the port to its writer), the
 * body chunk by chunk, how the body ended, and the attachment each file it asked to keep
 * became.
 */
export type ToReader =
  | { type: 'start'; id: number; job: ImportJob; batchRows: number; writer: MessagePort }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'fail'; id: number }
  | { type: 'kept'; id: number; request: number; attachment: string }
  | { type: 'notKept'; id: number; request: number; failure: WorkerFailure }
  | { type: 'close' };

/** What it answers: a chunk read (room for another), and a file of a row to keep as an attachment (the blob store is this thread's). */
export type FromReader = { type: 'read'; id: number } | { type: 'keep'; id: number; request: number; file: ImportedFile };

/** What the writing thread is told: a job to start (with the port its batches arrive on). */
export type ToWriter = { type: 'start'; id: number; job: ImportJob; reader: MessagePort } | { type: 'close' };

/** What it answers: each job's outcome. */
export type FromWriter = { type: 'done'; id: number; result: ImportResult } | { type: 'failed'; id: number; failure: WorkerFailure };

/** From reader to writer, on the job's own port: the batches, then how reading ended. The writer answers `taken` for each batch. */
export type ReaderToWriter = { type: 'batch'; batch: ReadBatch } | { type: 'end' } | { type: 'failed'; failure: WorkerFailure };
export type WriterToReader = { type: 'taken' };

/** Why an import failed, in a form that crosses threads. */
export type WorkerFailure =
  | { kind: 'domain'; code: ErrorCode; message: string; issues: FieldIssue[]; reason?: ErrorReason }
  | { kind: 'body' }
  | { kind: 'other'; message: string; stack?: string };

/** An import that stopped because its body failed on the main thread (which holds the body's own error). */
export class BodyFailed extends Error {}

/** An error, as it crosses from an import thread. */
export function failureOf(error: unknown): WorkerFailure {
  if (error instanceof BodyFailed) return { kind: 'body' };
  if (error instanceof DomainError)
    return { kind: 'domain', code: error.code, message: error.message, issues: error.issues, reason: error.reason };
  const { message, stack } = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', message, stack };
}

/** The error again, on the receiving thread: domain errors keep their code and issues. */
export function errorOf(failure: WorkerFailure): Error {
  switch (failure.kind) {
    case 'domain':
      return new DomainError(failure.code, failure.message, failure.issues, failure.reason);
    case 'body':
      return new BodyFailed('the body failed');
    case 'other':
      return Object.assign(new Error(failure.message), { stack: failure.stack });
  }
}
