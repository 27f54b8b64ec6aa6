import { badRequest, type FieldIssue } from '../domain/errors.js';
import { LIMITS } from '../model/limits.js';

/**
 * What datashelf accepts as text and JSON, on every surface and store alike: UTF-8
 * that decodes exactly, strings without U+0000 or lone surrogates (PostgreSQL stores
 * neither, and SQLite would silently replace a lone surrogate), and JSON nested at most
 * LIMITS.jsonDepth deep (deeper documents overflow the stack when serialised).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text; bytes that are not UTF-8 are refused rather than replaced. */
export function decodeUtf8(bytes: Uint8Array, where = 'the body'): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest(`${where} is not valid UTF-8`);
  }
}

/** What is wrong with a string, or null when it can be stored as sent. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains U+0000 (NUL), which datashelf does not store';
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate, which is not valid Unicode';
  return null;
}

/** The first problem in a parsed JSON value: too deep, or a bad string (keys included). */
export function jsonProblem(value: unknown, maxDepth: number = LIMITS.jsonDepth): FieldIssue | null {
  const visit = (v: unknown, path: string, depth: number): FieldIssue | null => {
    if (typeof v === 'string') {
      const problem = textProblem(v);
      return problem ? { field: path, message: problem } : null;
    }
    if (v === null || typeof v !== 'object') return null;
    if (depth >= maxDepth) return { field: path, message: `nests deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = visit(v[i], `${path}/${i}`, depth + 1);
        if (found) return found;
      }
      return null;
    }
    for (const key of Object.keys(v)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: `${path}/${key}`, message: `key ${keyProblem}` };
      const found = visit((v as Record<string, unknown>)[key], `${path}/${key}`, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(value, '', 0);
}

/** JSON text parsed and checked; anything refused is a 400 naming where and why. */
export function parseJsonText(text: string, where = 'the body'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  assertJsonAcceptable(value, where);
  return value;
}

export function assertJsonAcceptable(value: unknown, where = 'the body'): void {
  const problem = jsonProblem(value);
  if (problem) throw badRequest(`${where}${problem.field ? ` at ${problem.field}` : ''} ${problem.message}`, [problem]);
}
