import { useState, type FormEvent } from 'react';
import type { DatapointFields } from '@datashelf/client';
import type { RowDatapoint } from './datapoints/columns';
import { asText } from '../format';
import { useCatalogue } from '../catalogue';
import { idsOf } from '../components/content/attachments';
import { AttachmentField } from './AttachmentField';

/** Fields edited as text that may also be JSON (a checkbox says which). */
const CONTENT = ['input', 'expected_output', 'output', 'context'] as const;
const TEXT = ['prompt', 'persona', 'external_id'] as const;

type Content = (typeof CONTENT)[number];

const label = (field: string) => field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * Edits a datapoint's fields into the draft. A content field is text unless "JSON" is
 * ticked (ticked already when its value is not a string), so `42` stays the text it was.
 */
export function DatapointEditor({
  datapoint,
  focus,
  onSave,
  onCancel,
}: {
  datapoint: RowDatapoint;
  focus?: string;
  onSave: (fields: DatapointFields) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries([...CONTENT, ...TEXT].map((f) => [f, asText(datapoint[f], true)])),
  );
  const [json, setJson] = useState<Record<Content, boolean>>(
    () =>
      Object.fromEntries(
        CONTENT.map((f) => [f, datapoint[f] !== undefined && datapoint[f] !== null && typeof datapoint[f] !== 'string']),
      ) as Record<Content, boolean>,
  );
  const [tags, setTags] = useState((datapoint.tags ?? []).join(', '));
  const [splits, setSplits] = useState((datapoint.splits ?? []).join(', '));
  const [source, setSource] = useState(datapoint.source ?? '');
  const [metadata, setMetadata] = useState(asText(datapoint.metadata ?? {}, true));
  const [attachments, setAttachments] = useState(() => idsOf(datapoint.attachments));
  const [problem, setProblem] = useState<string>();
  const { sources } = useCatalogue();

  const list = (value: string) =>
    value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, unknown> = {};
    try {
      for (const f of CONTENT) fields[f] = text[f] === '' ? null : json[f] ? (JSON.parse(text[f]) as unknown) : text[f];
      fields.metadata = metadata.trim() === '' ? {} : (JSON.parse(metadata) as unknown);
    } catch (e) {
      setProblem(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (typeof fields.metadata !== 'object' || fields.metadata === null || Array.isArray(fields.metadata)) {
      setProblem('Metadata must be a JSON object');
      return;
    }
    for (const f of TEXT) fields[f] = text[f] === '' ? null : text[f];
    fields.tags = list(tags);
    fields.splits = list(splits);
    fields.source = source || null;
    fields.attachments = attachments;
    onSave(fields);
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Edit datapoint">
      {CONTENT.map((f) => (
        <div key={f} className="field">
          <label htmlFor={`edit-${f}`}>{label(f)}</label>
          <textarea
            id={`edit-${f}`}
            rows={f === 'context' ? 2 : 4}
            autoFocus={focus === f}
            value={text[f]}
            onChange={(e) => setText({ ...text, [f]: e.target.value })}
          />
          <label className="check">
            <input type="checkbox" checked={json[f]} onChange={(e) => setJson({ ...json, [f]: e.target.checked })} /> {label(f)} is JSON
          </label>
        </div>
      ))}
      {TEXT.map((f) => (
        <label key={f}>
          {label(f)}
          <input value={text[f]} autoFocus={focus === f} onChange={(e) => setText({ ...text, [f]: e.target.value })} />
        </label>
      ))}
      <label>
        Source
        <select value={source} autoFocus={focus === 'source'} onChange={(e) => setSource(e.target.value)}>
          {['', ...sources].map((s) => (
            <option key={s} value={s}>
              {s || '(none)'}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tags (comma-separated)
        <input value={tags} autoFocus={focus === 'tags'} onChange={(e) => setTags(e.target.value)} />
      </label>
      <label>
        Splits (comma-separated)
        <input value={splits} autoFocus={focus === 'splits'} onChange={(e) => setSplits(e.target.value)} />
      </label>
      <label>
        Metadata (a JSON object)
        <textarea rows={4} value={metadata} onChange={(e) => setMetadata(e.target.value)} />
      </label>
      <AttachmentField initial={datapoint.attachments} onChange={setAttachments} />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit">Keep in draft</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
