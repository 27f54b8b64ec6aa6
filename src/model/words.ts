/** The characters of a word: letters, marks and digits (anything else separates words). */
export const WORD_CHARACTERS = '\\p{L}\\p{M}\\p{N}';

const BETWEEN_WORDS = new RegExp(`[^${WORD_CHARACTERS}]+`, 'u');
/** The same cut for ASCII text, several times faster: its letters and digits are exactly the ASCII ones of a word. */
const NOT_ASCII = /[^\p{ASCII}]/u;
const ASCII_BETWEEN_WORDS = /[^a-z0-9]+/;

/** A word as full-text search compares it: lower-cased, each word on its own. */
export const foldWord = (word: string) => word.toLowerCase();

/**
 * The words of a text, in order, as full-text search holds them. The query parser, the
 * embedded store's index and its row-by-row check all cut words with this one function,
 * so a row matches the same query whether or not it has been indexed yet.
 */
export function wordsOf(text: string): string[] {
  const words = !NOT_ASCII.test(text) ? text.toLowerCase().split(ASCII_BETWEEN_WORDS) : text.split(BETWEEN_WORDS).map(foldWord);
  // Text starting or ending between words leaves an empty piece there.
  if (words[words.length - 1] === '') words.pop();
  if (words[0] === '') words.shift();
  return words;
}
