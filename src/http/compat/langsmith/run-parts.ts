import { badRequest, invalid } from '../../../domain/errors.js';
import type { Feedback, TracedRun } from '../../../domain/evals/experiment-results.js';
import { LIMITS } from '../../../model/limits.js';
import { jsonPart, objectPart, type Part } from './multipart.js';
import { timeIn } from './wire.js';

/**
 * Traced runs and feedback as LangSmith's clients send them: `post.<run id>` (a run's
 * start) and `patch.<run id>` (its end), each a JSON object with its large fields in
 * parts of their own (`post.<id>.outputs`, `.inputs`, `.error`, …), `feedback.<id>`,
 * and `attachment.<run id>.<name>`. Only what an experiment keeps is read: which run,
 * of which experiment, on which example, what it returned or raised, when; a run's
 * inputs, events and attachments are traces, which datashelf does not keep.
 */

type Json = Record<string, unknown>;
const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length <= max ? v : null);
const id = (v: unknown) => text(v, LIMITS.wordLength);

/** A run's fields as LangSmith names them, into what an experiment records of it. */
export function tracedRun(runId: string, run: Json): TracedRun {
  const sessionId = id(run.session_id);
  const sessionName = text(run.session_name, LIMITS.nameLength);
  const time = (v: unknown) => timeIn(typeof v === 'string' || typeof v === 'number' ? v : null);
  return {
    id: runId,
    session: sessionId ? { id: sessionId } : sessionName ? { name: sessionName } : null,
    parent_run_id: id(run.parent_run_id),
    example_id: id(run.reference_example_id),
    ...(run.outputs !== undefined && { outputs: run.outputs }),
    error: text(run.error, LIMITS.explanationLength),
    started_at: time(run.start_time),
    ended_at: time(run.end_time),
  };
}

/** A feedback object into a score: booleans count as 1 and 0. */
export function feedbackOf(f: Json): Feedback {
  const key = text(f.key, LIMITS.nameLength);
  if (!key) throw invalid('feedback needs a key', [{ field: 'key', message: 'is required' }]);
  const score = typeof f.score === 'boolean' ? Number(f.score) : typeof f.score === 'number' && Number.isFinite(f.score) ? f.score : null;
  return { run_id: id(f.run_id), session_id: id(f.session_id), key, score, comment: text(f.comment, LIMITS.explanationLength) };
}

/** The fields of a run kept in parts of their own: the ones read, and the ones a trace has that are not. */
const READ_FIELDS = new Set(['outputs', 'error']);
const TRACE_FIELDS = new Set(['inputs', 'events', 'extra', 'serialized']);

export function runsOf(parts: Part[]): { runs: TracedRun[]; feedback: Feedback[] } {
  const runs = new Map<string, Json>();
  const feedback: Feedback[] = [];
  const run = (key: string) => {
    if (!runs.has(key)) runs.set(key, {});
    return runs.get(key)!;
  };
  for (const part of parts) {
    const [kind, runId, field, ...rest] = part.name.split('.');
    if (kind === 'attachment' && runId && field) continue;
    if (kind === 'feedback' && runId && field === undefined) feedback.push(feedbackOf(objectPart(part)));
    else if ((kind === 'post' || kind === 'patch') && runId && field === undefined)
      Object.assign(run(`${kind}.${runId}`), objectPart(part));
    else if ((kind === 'post' || kind === 'patch') && runId && rest.length === 0 && READ_FIELDS.has(field))
      run(`${kind}.${runId}`)[field] = jsonPart(part);
    else if (!((kind === 'post' || kind === 'patch') && runId && rest.length === 0 && TRACE_FIELDS.has(field)))
      throw badRequest(`part ${part.name} is not a run, feedback or attachment part`);
  }
  return { runs: [...runs].map(([key, fields]) => tracedRun(key.slice(key.indexOf('.') + 1), fields)), feedback };
}
