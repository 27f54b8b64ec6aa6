import { useEffect, useRef, useState } from 'react';
import type { DatapointFields, DatapointSpan, Review } from '@datashelf/client';
import { useCatalogue } from '../catalogue';
import { AttachmentScope } from '../components/content/Attachment';
import { Content } from '../components/content/Content';
import { DatapointName } from '../components/DatapointName';
import { MoreButton } from '../components/MoreButton';
import { ReviewControl } from '../components/ReviewControl';
import { useCursorList } from '../hooks';
import { usePhone } from '../hooks-media';
import { useClient } from '../session';
import { DatapointEditor } from './DatapointEditor';
import type { Row } from './DatapointTable';

const label = (field: string) => field.replace(/_/g, ' ');
const empty = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'object' && Object.keys(v).length === 0);

function History({ datasetId, id }: { datasetId: string; id: string }) {
  const client = useClient();
  const spans = useCursorList<DatapointSpan>(
    (cursor) => client.page.datapointHistory(datasetId, id, { cursor, limit: 20 }),
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
            <AttachmentScope attachments={s.datapoint.attachments}>
              <dl className="fields compact">
                {(['input', 'expected_output', 'output', 'attachments'] as const)
                  .filter((f) => !empty(s.datapoint[f]))
                  .map((f) => (
                    <div key={f}>
                      <dt>{label(f)}</dt>
                      <dd>
                        {/* Earlier files as thumbnails and names: the panel above shows the current ones in full. */}
                        <Content value={s.datapoint[f]} cell={f === 'attachments'} />
                      </dd>
                    </div>
                  ))}
              </dl>
            </AttachmentScope>
          </li>
        ))}
      </ol>
      <MoreButton list={spans} what="history" />
    </section>
  );
}

/** The full datapoint beside the table: every field rendered for reading, its review, its history, and edits into the draft. */
export function DatapointPanel(props: {
  datasetId: string;
  version: string | undefined;
  row: Row;
  review: Review | undefined;
  onReviewed: (review: Review) => void;
  editable: boolean;
  onEdit: (fields: DatapointFields) => void;
  onRemove: () => void;
  onClose: () => void;
  /** Opens straight into the editor, on this field (a double-clicked cell). */
  editField?: string;
}) {
  const { row } = props;
  const { settableFields } = useCatalogue();
  const [editing, setEditing] = useState(props.editable && props.editField !== undefined);
  const saved = row.mark !== 'added';
  const panel = useRef<HTMLElement>(null);
  // On a phone the panel sits above the table: bring it to the reader who tapped a row.
  const phone = usePhone();
  useEffect(() => {
    if (phone) panel.current?.scrollIntoView({ block: 'start' });
    // Only when it opens, not as the window is resized.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const shown = settableFields.filter((f) => f !== 'order' && !empty(row.datapoint[f as keyof DatapointFields]));
  return (
    <aside className="side-panel" aria-label="Datapoint" ref={panel}>
      <div className="row spread">
        <h2>{saved ? <DatapointName datapoint={row.datapoint} copy /> : 'New datapoint'}</h2>
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
          {saved && row.mark === undefined && (
            <ReviewControl
              key={props.review?.created_at ?? 'none'}
              datasetId={props.datasetId}
              datapointId={row.key}
              version={props.version}
              review={props.review}
              onReviewed={props.onReviewed}
            />
          )}
          <AttachmentScope attachments={row.datapoint.attachments}>
            <dl className="fields">
              {shown.map((f) => (
                <div key={f}>
                  <dt>{label(f)}</dt>
                  <dd>
                    <Content value={row.datapoint[f as keyof DatapointFields]} />
                  </dd>
                </div>
              ))}
            </dl>
          </AttachmentScope>
          {saved && <History datasetId={props.datasetId} id={row.key} />}
        </>
      )}
    </aside>
  );
}
