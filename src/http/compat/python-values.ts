/**
 * How the originals' Python frameworks read text into values, for the surfaces that
 * must parse requests exactly as they do: Python's `int()` and `uuid.UUID()` (Django,
 * DRF), and pydantic v2's lax parsing, whose UUID errors are the Rust `uuid` crate's
 * (1.18, the version pydantic-core locks).
 */

const HEX32 = /^[0-9a-fA-F]{32}$/;

/** A uuid as Python's `uuid.UUID(hex)` reads it (any case, braces, `urn:uuid:`, hyphens anywhere), canonical; null when it is none. */
export function pythonUuid(text: string): string | null {
  const hex = text
    .replace(/urn:/g, '')
    .replace(/uuid:/g, '')
    .replace(/^\{+|\}+$/g, '')
    .replace(/-/g, '');
  if (!HEX32.test(hex)) return null;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Python's `int(text)`: surrounding whitespace, a sign, single underscores between digits; null when it raises. */
export function pythonInt(text: string): number | null {
  const match = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/u.exec(text);
  if (!match) return null;
  const value = Number(match[1] + match[2].replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

/** pydantic's lax int from a string: trimmed, `+`, leading zeros, a `.0…` fraction and single underscores allowed. */
export function pydanticInt(text: string): number | null {
  let s = text.trim();
  if (s.startsWith('+')) {
    if (s.startsWith('+-')) return null;
    s = s.slice(1);
  }
  const negative = s.startsWith('-');
  if (negative) {
    if (/^-[+-]/.test(s)) return null;
    s = s.slice(1);
  }
  s = s.replace(/\.0+$/, '');
  if (!/^\d(?:_?\d)*$/.test(s)) return null;
  const value = Number((negative ? '-' : '') + s.replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

/** pydantic's lax float from a string (Rust's f64 parser: also inf, infinity, nan). */
export function pydanticFloat(text: string): number | null {
  const s = text.trim();
  const plain = (t: string) =>
    /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)
      ? Number(t)
      : /^[+-]?(inf|infinity)$/i.test(t)
        ? t.startsWith('-')
          ? -Infinity
          : Infinity
        : /^[+-]?nan$/i.test(t)
          ? NaN
          : null;
  const direct = plain(s);
  if (direct !== null) return direct;
  return /^[^_].*[^_]$/.test(text) && !text.includes('__') && text.includes('_') ? plain(text.replace(/_/g, '')) : null;
}

const TRUE = ['1', 't', 'y', 'on', 'yes', 'true'];
const FALSE = ['0', 'f', 'n', 'no', 'off', 'false'];

/** pydantic's lax bool from a string, case-insensitively; null when it is neither. */
export function pydanticBool(text: string): boolean | null {
  const lower = text.toLowerCase();
  return TRUE.includes(lower) ? true : FALSE.includes(lower) ? false : null;
}

const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The `uuid` crate's `parse_str`: simple (32), hyphenated (36), braced (38) or urn (45); canonical, or null. */
export function uuidCrate(text: string): string | null {
  const hyphenated = HYPHENATED.test(text)
    ? text
    : text.startsWith('{') && text.endsWith('}') && HYPHENATED.test(text.slice(1, -1))
      ? text.slice(1, -1)
      : text.startsWith('urn:uuid:') && HYPHENATED.test(text.slice(9))
        ? text.slice(9)
        : null;
  if (hyphenated !== null) return hyphenated.toLowerCase();
  return HEX32.test(text) ? pythonUuid(text) : null;
}

/** The `uuid` crate's message for a string it cannot parse (what pydantic puts after "Input should be a valid UUID, "). */
export function uuidCrateError(text: string): string {
  const [body, offset, simple] =
    text.length >= 2 && text.startsWith('{') && text.endsWith('}')
      ? [text.slice(1, -1), 1, false]
      : text.startsWith('urn:uuid:')
        ? [text.slice(9), 9, false]
        : [text, 0, true];
  let hyphens = 0;
  const bounds: number[] = [];
  // Rust counts bytes; a uuid is ASCII, so a character outside it ends the scan before counts could differ.
  for (let index = 0; index < body.length; index++) {
    const character = String.fromCodePoint(body.codePointAt(index)!);
    if (character.codePointAt(0)! > 0x7f || (character !== '-' && !/[0-9a-fA-F]/.test(character))) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${character}\` at ${index + offset + 1}`;
    }
    if (character === '-') {
      if (hyphens < 4) bounds[hyphens] = index;
      hyphens++;
    }
  }
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${text.length}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const starts = [0, 9, 14, 19, 24];
  const group = (g: number, found: number) => `invalid group length in group ${g}: expected ${[8, 4, 4, 4, 12][g]}, found ${found}`;
  for (let i = 0; i < 4; i++) if (bounds[i] !== starts[i + 1] - 1) return group(i, bounds[i] - starts[i]);
  // As the crate does, the last group is measured against the whole input.
  return group(4, text.length - starts[4]);
}
