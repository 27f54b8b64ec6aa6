import { foldWord, WORD_CHARACTERS } from '../model/words.js';
import type { SearchTerm } from '../store/text-search.js';
import { badRequest } from './errors.js';

const WORDS_MAX = 32;
/** A word as search cuts them (model/words.ts); `*` right after it asks for a prefix. */
const WORD = new RegExp(`([${WORD_CHARACTERS}]+)(\\*?)`, 'gu');

/**
 * A full-text query as words, every one of which must occur (in any order, any case).
 * Punctuation separates words and is otherwise ignored, so no input is query syntax.
 */
export function parseTextQuery(text: string, field = 'q'): SearchTerm[] {
  const terms = [...text.matchAll(WORD)].map(([, word, star]) => ({ word: foldWord(word), prefix: star === '*' }));
  if (terms.length === 0) throw badRequest(`${field} holds no words to search for`);
  if (terms.length > WORDS_MAX) throw badRequest(`${field} holds more than ${WORDS_MAX} words`);
  return terms;
}
