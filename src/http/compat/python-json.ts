/**
 * Where and why Python's `json.loads` refuses a document, as CPython 3.12's C scanner
 * words it: what DRF puts in "JSON parse error - …" and FastAPI in `json_invalid`.
 * Positions count characters (code points), as Python does.
 */
export interface PythonJsonError {
  msg: string;
  pos: number;
  lineno: number;
  colno: number;
}

class Refusal extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {
    super(msg);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
/** Python's recursion limit stops it near here; datashelf refuses JSON this deep anyway. */
const MAX_DEPTH = 900;

/** The error `json.loads(text)` raises, or null when Python would parse it. */
export function pythonJsonError(text: string): PythonJsonError | null {
  const chars = Array.from(text);
  const refusal = scan(chars);
  if (!refusal) return null;
  const before = chars.slice(0, refusal.pos);
  const lastNewline = before.lastIndexOf('\n');
  return { msg: refusal.msg, pos: refusal.pos, lineno: before.filter((c) => c === '\n').length + 1, colno: refusal.pos - lastNewline };
}

/** "Expecting value: line 1 column 1 (char 0)", as `str(JSONDecodeError)` reads. */
export const describePythonJsonError = (e: PythonJsonError) => `${e.msg}: line ${e.lineno} column ${e.colno} (char ${e.pos})`;

function scan(s: string[]): Refusal | null {
  const skip = (i: number) => {
    while (i < s.length && WHITESPACE.has(s[i])) i++;
    return i;
  };
  try {
    const end = skip(value(s, skip(0), 0, skip));
    return end === s.length ? null : new Refusal('Extra data', end);
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
}

/** Reads one value at `i`; returns the index after it, or throws where Python would. */
function value(s: string[], i: number, depth: number, skip: (i: number) => number): number {
  if (depth > MAX_DEPTH) throw new Refusal('Expecting value', i);
  const c = s[i];
  if (c === '"') return string(s, i + 1);
  if (c === '{') return object(s, i + 1, depth, skip);
  if (c === '[') return array(s, i + 1, depth, skip);
  for (const word of ['null', 'true', 'false', 'NaN', 'Infinity', '-Infinity']) {
    if (s.slice(i, i + word.length).join('') === word) return i + word.length;
  }
  const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(s.slice(i, i + 400).join(''));
  if (number) return i + number[0].length;
  throw new Refusal('Expecting value', i);
}

function string(s: string[], i: number): number {
  const begin = i - 1;
  for (;;) {
    if (i >= s.length) throw new Refusal('Unterminated string starting at', begin);
    const c = s[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      if (i + 1 >= s.length) throw new Refusal('Unterminated string starting at', begin);
      const escape = s[i + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6).join(''))) throw new Refusal('Invalid \\uXXXX escape', i + 1);
        i += 6;
      } else if ('"\\/bfnrt'.includes(escape)) i += 2;
      else throw new Refusal('Invalid \\escape', i);
      continue;
    }
    if (c.codePointAt(0)! <= 0x1f) throw new Refusal('Invalid control character at', i);
    i++;
  }
}

function object(s: string[], i: number, depth: number, skip: (i: number) => number): number {
  i = skip(i);
  if (s[i] === '}') return i + 1;
  for (;;) {
    if (s[i] !== '"') throw new Refusal('Expecting property name enclosed in double quotes', i);
    i = skip(string(s, i + 1));
    if (s[i] !== ':') throw new Refusal("Expecting ':' delimiter", i);
    i = skip(value(s, skip(i + 1), depth + 1, skip));
    if (s[i] === '}') return i + 1;
    if (s[i] !== ',') throw new Refusal("Expecting ',' delimiter", i);
    i = skip(i + 1);
  }
}

function array(s: string[], i: number, depth: number, skip: (i: number) => number): number {
  i = skip(i);
  if (s[i] === ']') return i + 1;
  for (;;) {
    i = skip(value(s, i, depth + 1, skip));
    if (s[i] === ']') return i + 1;
    if (s[i] !== ',') throw new Refusal("Expecting ',' delimiter", i);
    i = skip(i + 1);
  }
}
