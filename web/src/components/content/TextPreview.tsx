import { formatBytes } from '@datashelf/client';
import { TEXT_HEAD_BYTES, textHeadAt, type TextHead } from '../../text-head';
import { useLoad } from '../../hooks';
import { ErrorNote } from '../ErrorNote';

/** A whole JSON file laid out; anything else (or JSON cut short) as it is. */
function shown(path: string, head: TextHead): string {
  if (!head.whole || !/\.json$/i.test(path)) return head.text;
  try {
    return JSON.stringify(JSON.parse(head.text), null, 2);
  } catch {
    return head.text;
  }
}

/** The start of a text file (JSON, JSON lines, Markdown, plain text) as text, read from its signed link. */
export function TextPreview({ path, url, size }: { path: string; url: string; size: number }) {
  const head = useLoad(() => textHeadAt(url, size), [url, size]);
  if (head.error) return <ErrorNote error={head.error} action={`Reading ${path}`} />;
  if (!head.data) return <p aria-busy="true">Reading {path}…</p>;
  return (
    <figure className="text-preview">
      <pre tabIndex={0} aria-label={`Text of ${path}`}>
        {shown(path, head.data)}
      </pre>
      <figcaption>
        {path}
        {head.data.whole ? '' : `: the first ${formatBytes(TEXT_HEAD_BYTES)} of ${formatBytes(size)}`}
      </figcaption>
    </figure>
  );
}
