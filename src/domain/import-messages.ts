import type { ImportResult } from '../model/imports.js';
import type { ErrorCode, ErrorReason, FieldIssue } from './errors.js';
import type { ImportJob } from './import-pipeline.js';

/** What the import thread is told: a job to start, its body chunk by chunk, how the body ended. */
export type ToWorker =
  | { type: 'start'; id: number; job: ImportJob }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'fail'; id: number }
  | { type: 'close' };

/** Why an import failed, in a form that crosses threads. */
export type WorkerFailure =
  | { kind: 'domain'; code: ErrorCode; message: string; issues: FieldIssue[]; reason?: ErrorReason }
  | { kind: 'body' }
  | { kind: 'other'; message: string; stack?: string };

/** What it answers: a chunk read (room for another), and each job's outcome. */
export type FromWorker =
  | { type: 'read'; id: number }
  | { type: 'done'; id: number; result: ImportResult }
  | { type: 'failed'; id: number; failure: WorkerFailure };
