import { useState, type DragEvent } from 'react';
import { formatBytes, type Attachment, type AttachmentLink } from '@datashelf/client';
import { describeFile, idOf, kindOf, type AttachmentMap } from '../components/content/attachments';
import { ErrorNote } from '../components/ErrorNote';
import { useClient } from '../session';

/** What the editor knows of each attachment: the link a read gave, or the record an upload answered. */
type Known = AttachmentLink | Attachment;

/** The name a file gets unless the editor gives one: what it is (`image`, `audio`…). */
const defaultName = (file: File) => kindOf(file.type || 'application/octet-stream');

/**
 * A datapoint's attachments in the editor: each by name, removable, and a file dropped on
 * the zone (or chosen with its file input, for the keyboard) uploaded at once and added
 * under the name given, replacing one of that name. The datapoint names it when the draft
 * is committed.
 */
export function AttachmentField({
  initial,
  onChange,
}: {
  initial: AttachmentMap | undefined;
  onChange: (ids: Record<string, string>) => void;
}) {
  const client = useClient();
  const [files, setFiles] = useState<Record<string, Known | string>>(() => ({ ...initial }));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [over, setOver] = useState(false);

  const update = (next: Record<string, Known | string>) => {
    setFiles(next);
    onChange(Object.fromEntries(Object.entries(next).map(([n, a]) => [n, idOf(a)])));
  };
  const attach = async (file: File) => {
    const as = name.trim() || defaultName(file);
    setBusy(`Uploading ${file.name} (${formatBytes(file.size)})…`);
    setError(undefined);
    try {
      // The File itself: the client streams it, in parts when it is large.
      const uploaded = await client.uploadAttachment(file, { mimeType: file.type || 'application/octet-stream', filename: file.name });
      update({ ...files, [as]: uploaded });
      setName('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) void attach(file);
  };
  return (
    <fieldset className="attachment-field">
      <legend>Attachments</legend>
      {Object.keys(files).length > 0 && (
        <ul>
          {Object.entries(files).map(([n, a]) => (
            <li key={n} className="row">
              <code>{n}</code> <span>{typeof a === 'string' ? a.slice(0, 15) + '…' : describeFile(a)}</span>
              <button
                type="button"
                className="link"
                onClick={() => update(Object.fromEntries(Object.entries(files).filter(([k]) => k !== n)))}
              >
                Remove {n}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <label>
          Attachment name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="image, audio… (from the file)" maxLength={128} />
        </label>
        <label>
          Add or replace a file (or drop one here)
          <input
            type="file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void attach(file);
            }}
          />
        </label>
        {busy && <p role="status">{busy}</p>}
      </div>
      <ErrorNote error={error} action="The upload failed" />
    </fieldset>
  );
}
