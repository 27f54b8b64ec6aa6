/** Marks a parsed query whose escapes did not decode as UTF-8 (and were replaced by U+FFFD). */
export const MALFORMED = Symbol('malformed query');

export type ParsedQuery = Record<string, string | string[]> & { [MALFORMED]?: true };

const lenient = new TextDecoder('utf-8');

/**
 * A query string as Python frameworks read it (`+` is a space, a repeated name gathers
 * its values, percent-escapes are UTF-8 with U+FFFD for bytes that are not), noting
 * whether any escape was malformed so the native API can refuse it.
 */
export function parseQueryString(text: string): ParsedQuery {
  const query = Object.create(null) as ParsedQuery;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decode(at === -1 ? pair : pair.slice(0, at), query);
    const value = at === -1 ? '' : decode(pair.slice(at + 1), query);
    const seen = query[name];
    query[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

function decode(raw: string, query: ParsedQuery): string {
  const text = raw.replace(/\+/g, ' ');
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    query[MALFORMED] = true;
    return lenient.decode(percentBytes(text));
  }
}

/** The bytes a percent-encoded string stands for; a `%` not followed by two hex digits is itself. */
function percentBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Uint8Array.from(bytes);
}
