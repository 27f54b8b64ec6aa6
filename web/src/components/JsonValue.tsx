import { useState } from 'react';

const CLIP = 160;

/** Text as shown in a cell: strings as themselves, anything else as JSON. */
export function asText(value: unknown, pretty = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, pretty ? 2 : undefined);
}

/** A value folded to one clipped line, expanded (pretty-printed) on demand. */
export function JsonValue({ value, label }: { value: unknown; label: string }) {
  const [open, setOpen] = useState(false);
  const line = asText(value);
  if (line === '') return <span className="muted">—</span>;
  const long = line.length > CLIP || (typeof value === 'object' && value !== null) || line.includes('\n');
  if (!long) return <span className="cell-text">{line}</span>;
  return (
    <span className="json">
      <button
        type="button"
        className="link"
        aria-expanded={open}
        aria-label={`${open ? 'Fold' : 'Expand'} ${label}`}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'}
      </button>
      {open ? <pre>{asText(value, true)}</pre> : <span className="cell-text">{line.length > CLIP ? `${line.slice(0, CLIP)}…` : line}</span>}
    </span>
  );
}
