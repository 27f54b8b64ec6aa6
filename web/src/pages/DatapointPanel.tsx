import { useState } from 'react';
import type { Datapoint, DatapointFields } from '@datashelf/client';
import { datasetPath, pageOf } from '../api';
import { asText } from '../components/JsonValue';
import { MoreButton } from '../components/MoreButton';
import { DATAPOINT_FIELDS } from '../fields';
import { shortId } from '../format';
import { useCursorList } from '../hooks';
import { useClient } from '../session';
import { DatapointEditor } from './DatapointEditor';
import type { Row } from './DatapointTable';

interface Span {
  version: number;
  until: number | null;
  datapoint: Datapoint;
}

/** Lists of words (tags, splits) as a comma list; anything else pretty-printed. */
const shown = (value: unknown) =>
  (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : asText(value, true)) || '—';

function History({ datasetId, id }: { datasetId: string; id: string }) {
  const client = useClient();
  const spans = useCursorList<Span>(
    (cursor) => pageOf(client, `${datasetPath(datasetId)}/datapoints/${id}/history`, { cursor, limit: 20 }),
    [datasetId, id],
  );
  return (
    <section aria-label="History">
      <h3>History</h3>
      <ol className="history">
        {spans.items.map((s) => (
          <li key={s.version}>
            <strong>
              v{s.version}
              {s.until === null ? ' – now' : ` – v${s.until - 1}`}
            </strong>
            {s.until !== null && <span className="muted"> (changed or deleted in v{s.until})</span>}
            <pre>
              {asText({ input: s.datapoint.input, expected_output: s.datapoint.expected_output, output: s.datapoint.output }, true)}
            </pre>
          </li>
        ))}
      </ol>
      <MoreButton list={spans} what="history" />
    </section>
  );
}

/** The full datapoint beside the table: every field, its history, and edits into the draft. */
export function DatapointPanel(props: {
  datasetId: string;
  row: Row;
  editable: boolean;
  onEdit: (fields: DatapointFields) => void;
  onRemove: () => void;
  onClose: () => void;
  /** Opens straight into the editor, on this field (a double-clicked cell). */
  editField?: string;
}) {
  const { row } = props;
  const [editing, setEditing] = useState(props.editable && props.editField !== undefined);
  const saved = row.mark !== 'added';
  return (
    <aside className="side-panel" aria-label="Datapoint">
      <div className="row spread">
        <h2>Datapoint {saved ? shortId(row.key) : '(new)'}</h2>
        <button type="button" onClick={props.onClose} aria-label="Close the datapoint">
          ✕
        </button>
      </div>
      {row.mark && <p className={`badge mark-${row.mark}`}>{row.mark} in the draft</p>}
      {editing ? (
        <DatapointEditor
          datapoint={row.datapoint}
          focus={props.editField}
          onSave={(fields) => {
            props.onEdit(fields);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          {props.editable && row.mark !== 'deleted' && (
            <div className="row">
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" className="danger" onClick={props.onRemove}>
                Delete
              </button>
            </div>
          )}
          <dl className="fields">
            {DATAPOINT_FIELDS.map((f) => (
              <div key={f}>
                <dt>{f.replace(/_/g, ' ')}</dt>
                <dd>
                  <pre>{shown(row.datapoint[f])}</pre>
                </dd>
              </div>
            ))}
          </dl>
          {saved && <History datasetId={props.datasetId} id={row.key} />}
        </>
      )}
    </aside>
  );
}
