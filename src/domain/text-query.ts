import type { SearchTerm } from '../store/text-search.js';
import { badRequest } from './errors.js';

const WORDS_MAX = 32;
/** A word as both stores' tokenizers cut them: letters, marks and digits; `*` right after it asks for a prefix. */
const WORD = /([\p{L}\p{M}\p{N}]+)(\*?)/gu;

/**
 * A full-text query as words, every one of which must occur (in any order, any case).
 * Punctuation separates words and is otherwise ignored, so no input is query syntax.
 */
export function parseTextQuery(text: string, field = 'q'): SearchTerm[] {
  const terms = [...text.matchAll(WORD)].map(([, word, star]) => ({ word: word.toLowerCase(), prefix: star === '*' }));
  if (terms.length === 0) throw badRequest(`${field} holds no words to search for`);
  if (terms.length > WORDS_MAX) throw badRequest(`${field} holds more than ${WORDS_MAX} words`);
  return terms;
}
