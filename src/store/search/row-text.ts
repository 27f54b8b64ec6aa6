import type { Scalar } from '../../model/telemetry.js';
import { wordsOf } from '../../model/words.js';
import type { SearchTerm } from '../text-search.js';

/** Every string inside a JSON value (keys are not text), depth first. */
function stringsIn(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

/** The words a datapoint row is searched by: the strings of input and expected_output (JSON text), and the prompt. */
export function bodyWords(input: string, expectedOutput: string, prompt: string | null): string[] {
  const strings = stringsIn(JSON.parse(expectedOutput), stringsIn(JSON.parse(input), []));
  if (prompt !== null) strings.push(prompt);
  return strings.flatMap(wordsOf);
}

/** Whether the words hold every term: a whole word, or for a prefix term a word starting with it. */
export function holdsTerms(words: string[], terms: SearchTerm[]): boolean {
  return terms.every((t) => (t.prefix ? words.some((w) => w.startsWith(t.word)) : words.includes(t.word)));
}

/** BM25's weighting of term frequency and row length, against a fixed length in place of the corpus average. */
const K1 = 1.2;
const B = 0.75;
const LENGTH = 64;

/**
 * A row's relevance to the terms, lowest best: each term's BM25 term-frequency weight
 * (every word a prefix term starts counts) summed, negated. No corpus statistics, so a
 * row's score is its own: the same indexed or not, and unmoved by rows added later.
 */
export function relevance(words: string[], terms: SearchTerm[]): number {
  const norm = K1 * (1 - B + (B * words.length) / LENGTH);
  let score = 0;
  for (const t of terms) {
    const tf = words.filter((w) => (t.prefix ? w.startsWith(t.word) : w === t.word)).length;
    score += (tf * (K1 + 1)) / (tf + norm);
  }
  return -score;
}

/** A 53-bit string hash (cyrb53): a key per path and value, cheap enough to take for every metadata scalar. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Starts every metadata key: no word holds it (it is punctuation), so a key and a word never meet in one index. */
export const METADATA_MARK = '§';

/**
 * One index word per metadata scalar and the path of object keys leading to it: a hash
 * of both, so an equality filter looks up a word as rare as its value. Numbers hash by
 * their value (1, 1.0 and 1e0 alike) and each type apart, as the filter compares them;
 * a collision only lets an extra row through to the exact check.
 */
export function metadataKey(path: string[], value: Scalar): string {
  const typed = typeof value === 'number' ? `n${String(value)}` : typeof value === 'boolean' ? `b${String(value)}` : `s${value}`;
  return `${METADATA_MARK}${hash53(JSON.stringify([path, typed])).toString(36)}`;
}

/** The index words of a metadata object (JSON text): one per scalar reached through object keys alone. */
export function metadataKeys(metadata: string): string[] {
  const keys: string[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') keys.push(metadataKey(path, value));
    else if (value !== null && typeof value === 'object' && !Array.isArray(value))
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(JSON.parse(metadata), []);
  return keys;
}
