import { badRequest, DomainError } from '../domain/errors.js';

/** One record: its cells (null for an empty unquoted cell, '' for `""`), the line it starts on, and its text. */
export interface CsvRecord {
  cells: (string | null)[];
  line: number;
  raw: string;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Not enough text yet to finish the record. */
const INCOMPLETE = Symbol('incomplete');

/**
 * An RFC 4180 tokenizer fed text as it arrives. Written here rather than taken from
 * csv-parse because imports must tell an empty unquoted cell (null) from a quoted
 * empty one (the empty string), and csv-parse says so only through a context object
 * it builds for every cell, which more than halves its speed (see the README).
 * Relaxed where spreadsheets are: a quote inside an unquoted cell is text, lines end
 * in LF or CRLF, blank lines are skipped.
 */
export class CsvTokenizer {
  private carry = '';
  /** The line the carried text starts on. */
  private line = 1;
  private started = false;

  constructor(private readonly maxRecordChars: number) {}

  /** The records completed by this text; with `final`, the text is all there is. */
  push(text: string, final = false): CsvRecord[] {
    let s = this.carry + text;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const records: CsvRecord[] = [];
    let pos = 0;
    while (pos < s.length) {
      const parsed = this.record(s, pos, final);
      if (parsed === INCOMPLETE) break;
      pos = parsed.end;
      if (parsed.record) records.push(parsed.record);
    }
    this.carry = s.slice(pos);
    if (this.carry.length > this.maxRecordChars) {
      throw new DomainError(
        'payload_too_large',
        `line ${this.line}: a record longer than ${this.maxRecordChars} characters (a quote never closed?)`,
      );
    }
    if (final && this.carry.length > 0) throw badRequest(`line ${this.line}: the file ends inside a quoted cell opened there`);
    return records;
  }

  /** The record starting at `pos`, or null for a blank line; INCOMPLETE when the text stops first. */
  private record(s: string, pos: number, final: boolean): { record: CsvRecord | null; end: number } | typeof INCOMPLETE {
    const first = s.charCodeAt(pos);
    if (first === LF || (first === CR && s.charCodeAt(pos + 1) === LF)) {
      this.line += 1;
      return { record: null, end: pos + (first === CR ? 2 : 1) };
    }
    if (first === CR && pos + 1 >= s.length && !final) return INCOMPLETE;
    const cells: (string | null)[] = [];
    const start = pos;
    let lines = 0;
    for (;;) {
      let cell: string | null;
      let next: number;
      if (s.charCodeAt(pos) === QUOTE) {
        const quoted = this.quoted(s, pos + 1, final);
        if (quoted === INCOMPLETE) return INCOMPLETE;
        [cell, next, lines] = [quoted.value, quoted.end, lines + quoted.lines];
      } else {
        const comma = s.indexOf(',', pos);
        const lf = s.indexOf('\n', pos);
        next = comma !== -1 && (lf === -1 || comma < lf) ? comma : lf;
        if (next === -1) {
          if (!final) return INCOMPLETE;
          next = s.length;
        }
        const end = next > pos && s.charCodeAt(next - 1) === CR && s.charCodeAt(next) !== COMMA ? next - 1 : next;
        cell = end > pos ? s.slice(pos, end) : null;
      }
      cells.push(cell);
      const after = s.charCodeAt(next);
      if (after === COMMA) {
        pos = next + 1;
        continue;
      }
      let end: number;
      if (next >= s.length) end = next;
      else if (after === LF) end = next + 1;
      else if (after === CR && s.charCodeAt(next + 1) === LF) end = next + 2;
      else if (after === CR && next + 1 >= s.length && !final) return INCOMPLETE;
      else throw badRequest(`line ${this.line + lines}: text follows a quoted cell's closing quote; quote the whole cell`);
      const record = { cells, line: this.line, raw: s.slice(start, next) };
      this.line += lines + 1;
      return { record, end };
    }
  }

  /** A quoted cell's text, from just after its opening quote to just after its closing one. */
  private quoted(s: string, from: number, final: boolean): { value: string; end: number; lines: number } | typeof INCOMPLETE {
    let value = '';
    let at = from;
    for (;;) {
      const quote = s.indexOf('"', at);
      if (quote === -1 || (quote + 1 >= s.length && !final)) return INCOMPLETE;
      if (s.charCodeAt(quote + 1) === QUOTE) {
        value += s.slice(at, quote + 1);
        at = quote + 2;
        continue;
      }
      value += s.slice(at, quote);
      return { value, end: quote + 1, lines: countLines(s, from, quote) };
    }
  }
}

function countLines(s: string, from: number, to: number): number {
  let count = 0;
  for (let at = s.indexOf('\n', from); at !== -1 && at < to; at = s.indexOf('\n', at + 1)) count += 1;
  return count;
}
