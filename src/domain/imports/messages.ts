import type { ImportResult } from '../../model/imports.js';
import { DomainError, type ErrorCode, type ErrorReason, type FieldIssue } from '../errors.js';
import type { ImportJob } from './pipeline.js';
import type { ImportedFile } from './files.js';

/**
 * What the import thread is told: a job to start, its body chunk by chunk, how the body
 * ended, and the attachment each file it asked to keep became.
 */
export type ToWorker =
  | { type: 'start'; id: number; job: ImportJob }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'fail'; id: number }
  | { type: 'kept'; id: number; request: number; attachment: string }
  | { type: 'notKept'; id: number; request: number; failure: WorkerFailure }
  | { type: 'close' };

/** Why an import failed, in a form that crosses threads. */
export type WorkerFailure =
  | { kind: 'domain'; code: ErrorCode; message: string; issues: FieldIssue[]; reason?: ErrorReason }
  | { kind: 'body' }
  | { kind: 'other'; message: string; stack?: string };

/**
 * What it answers: a chunk read (room for another), a file of a row to keep as an
 * attachment (the blob store and its limits are this thread's), and each job's outcome.
 */
export type FromWorker =
  | { type: 'read'; id: number }
  | { type: 'keep'; id: number; request: number; file: ImportedFile }
  | { type: 'done'; id: number; result: ImportResult }
  | { type: 'failed'; id: number; failure: WorkerFailure };

/** An import that stopped because its body failed on the main thread (which holds the body's own error). */
export class BodyFailed extends Error {}

/** An error, as it crosses from the import thread. */
export function failureOf(error: unknown): WorkerFailure {
  if (error instanceof BodyFailed) return { kind: 'body' };
  if (error instanceof DomainError)
    return { kind: 'domain', code: error.code, message: error.message, issues: error.issues, reason: error.reason };
  const { message, stack } = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', message, stack };
}

/** The error again, on the main thread: domain errors keep their code and issues. */
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
