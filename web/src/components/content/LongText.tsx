import { useState } from 'react';
import { Markdown } from '../Markdown';

const FOLD = 1_200;
/** Text that reads as markdown: headings, lists, code fences, emphasis or links. */
const MARKDOWN = /(^|\n)(#{1,6} |[-*] |\d+\. |```)|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)/;

/** A text in full: markdown rendered safely when it reads as markdown, folded past a length with a button to show all. */
export function LongText({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  const long = text.length > FOLD;
  const shown = long && !all ? `${text.slice(0, FOLD)}…` : text;
  return (
    <div className="long-text">
      {MARKDOWN.test(text) ? <Markdown text={shown} /> : <p className="text">{shown}</p>}
      {long && (
        <button type="button" className="link" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show less' : `Show all ${text.length.toLocaleString('en')} characters`}
        </button>
      )}
    </div>
  );
}
