import { badRequest } from '../../../domain/errors.js';
import type { FilterInput } from '../../../model/telemetry.js';

/**
 * LangSmith's filter language for examples (`and(eq(metadata.split, "a"), exists(metadata, "b"))`)
 * as datashelf filters, for what those can say: a conjunction of comparisons. `or`,
 * `search` and negations other than of one comparison answer 400, naming what is not served.
 */

type Scalar = string | number | boolean;
type Term = { call: string; args: Term[] } | { field: string } | { value: Scalar | null };

const COMPARISONS: Record<string, FilterInput['operator']> = {
  eq: 'equals',
  neq: 'not_equals',
  gt: 'greater_than',
  gte: 'greater_than_or_equal',
  lt: 'less_than',
  lte: 'less_than_or_equal',
};
const NEGATED: Partial<Record<FilterInput['operator'], FilterInput['operator']>> = {
  equals: 'not_equals',
  not_equals: 'equals',
  exists: 'not_exists',
};
/** Example fields by LangSmith's names; the JSON ones reach inside by dotted path. */
const FIELDS: Record<string, string> = { id: 'id', created_at: 'created_at', modified_at: 'updated_at' };
const ROOTS: Record<string, string> = { metadata: 'metadata', inputs: 'input', outputs: 'expected_output' };

export function filtersOf(text: string): FilterInput[] {
  const parser = new Parser(text);
  const term = parser.term();
  parser.end();
  return conjunction(term);
}

function conjunction(term: Term): FilterInput[] {
  if (!('call' in term)) throw refused('a filter must be a call such as eq(metadata.key, "value")');
  if (term.call === 'and') return term.args.flatMap(conjunction);
  if (term.call === 'not') {
    const inner = term.args.length === 1 ? conjunction(term.args[0]) : [];
    const negated = inner.length === 1 ? NEGATED[inner[0].operator] : undefined;
    if (!negated) throw refused('not() is served around one eq, neq, exists or one-key has');
    return [{ ...inner[0], operator: negated }];
  }
  const operator = COMPARISONS[term.call];
  if (!operator && term.call !== 'exists' && term.call !== 'has')
    throw refused(`${term.call}() is not served; datashelf serves and, not, eq, neq, gt, gte, lt, lte, has and exists`);
  const [subject, object] = term.args;
  if (term.args.length !== 2 || !subject || !object) throw refused(`${term.call}() takes two arguments`);
  if (term.call === 'exists') return [{ key: `${root(subject)}.${text(object)}`, operator: 'exists' }];
  if (term.call === 'has') return has(subject, object);
  return [{ key: field(subject), operator, value: scalar(object) }];
}

/** `has(metadata, '{"k": v}')`: every key holds its value. */
function has(subject: Term, object: Term): FilterInput[] {
  const at = root(subject);
  let pairs: unknown;
  try {
    pairs = JSON.parse(text(object));
  } catch {
    throw refused('has() takes a JSON object, such as \'{"key": "value"}\'');
  }
  if (typeof pairs !== 'object' || pairs === null || Array.isArray(pairs)) throw refused('has() takes a JSON object');
  return Object.entries(pairs as Record<string, unknown>).map(([key, value]) => ({ key: `${at}.${key}`, operator: 'equals', value }));
}

function root(term: Term): string {
  if (!('field' in term) || !(term.field in ROOTS)) throw refused('exists() and has() look inside metadata, inputs or outputs');
  return ROOTS[term.field];
}

function field(term: Term): string {
  if (!('field' in term)) throw refused('a comparison names a field first');
  const [head, ...path] = term.field.split('.');
  if (path.length === 0 && head in FIELDS) return FIELDS[head];
  if (path.length > 0 && head in ROOTS) return [ROOTS[head], ...path].join('.');
  throw refused(`${term.field} is not a field filters can name (id, created_at, modified_at, metadata.*, inputs.*, outputs.*)`);
}

function scalar(term: Term): Scalar {
  if ('value' in term && term.value !== null) return term.value;
  throw refused('a comparison takes a string, a number or a boolean');
}

function text(term: Term): string {
  if ('value' in term && typeof term.value === 'string') return term.value;
  throw refused('expected a quoted string');
}

const refused = (message: string) => badRequest(`filter: ${message}`, [{ field: 'filter', message }]);

const MAX_DEPTH = 32;

/** A recursive-descent reader of the call syntax: names, calls, quoted strings, numbers, true/false/null. */
class Parser {
  private at = 0;
  constructor(private readonly source: string) {}

  term(depth = 0): Term {
    if (depth > MAX_DEPTH) throw refused(`calls nest at most ${MAX_DEPTH} deep`);
    this.space();
    const quote = this.source[this.at];
    if (quote === '"' || quote === "'") return { value: this.string(quote) };
    const word = /^[A-Za-z_][A-Za-z0-9_.-]*|^-?[0-9][0-9.eE+-]*/.exec(this.source.slice(this.at))?.[0];
    if (!word) throw refused(`unexpected ${JSON.stringify(this.source.slice(this.at, this.at + 10)) || 'end'} at ${this.at}`);
    this.at += word.length;
    if (/^-?[0-9]/.test(word)) {
      const number = Number(word);
      if (!Number.isFinite(number)) throw refused(`${word} is not a number`);
      return { value: number };
    }
    if (word === 'true' || word === 'false') return { value: word === 'true' };
    if (word === 'null') return { value: null };
    this.space();
    if (this.source[this.at] !== '(') return { field: word };
    this.at += 1;
    const args: Term[] = [];
    this.space();
    while (this.source[this.at] !== ')') {
      args.push(this.term(depth + 1));
      this.space();
      if (this.source[this.at] === ',') this.at += 1;
      else if (this.source[this.at] !== ')') throw refused(`expected , or ) at ${this.at}`);
    }
    this.at += 1;
    return { call: word.toLowerCase(), args };
  }

  end(): void {
    this.space();
    if (this.at < this.source.length) throw refused(`unexpected text at ${this.at}`);
  }

  private string(quote: string): string {
    let out = '';
    for (this.at += 1; this.at < this.source.length; this.at++) {
      const c = this.source[this.at];
      if (c === quote) {
        this.at += 1;
        return out;
      }
      out += c === '\\' ? (this.source[++this.at] ?? '') : c;
    }
    throw refused('a string is not closed');
  }

  private space(): void {
    while (/\s/.test(this.source[this.at] ?? '')) this.at += 1;
  }
}
