import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Datapoint } from '@datashelf/client';
import { asText } from '../components/JsonValue';

export type Mark = 'added' | 'edited' | 'deleted';

export interface Row {
  /** The datapoint id, or a draft add's local key. */
  key: string;
  datapoint: Partial<Datapoint>;
  mark?: Mark;
}

const COLUMNS: [keyof Datapoint, string][] = [
  ['input', 'Input'],
  ['expected_output', 'Expected output'],
  ['output', 'Output'],
  ['persona', 'Persona'],
  ['tags', 'Tags'],
  ['source', 'Source'],
  ['splits', 'Split'],
];
const ROW_HEIGHT = 40;
/** How close to the last loaded row the view may come before the next page is fetched. */
const PREFETCH_ROWS = 60;
const CLIP = 200;

const cellText = (value: unknown) => {
  const text = Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : asText(value);
  return text.length > CLIP ? `${text.slice(0, CLIP)}…` : text;
};

/**
 * The datapoints as a virtualized table: only the rows in view are in the page, and the
 * next cursor page is asked for as the view nears the end of what is loaded.
 */
export function DatapointTable(props: {
  rows: Row[];
  total: number | null;
  done: boolean;
  onNeedMore: () => void;
  onOpen: (key: string) => void;
  /** A double-clicked cell: open that datapoint's editor on that field. */
  onEditCell: (key: string, field: string) => void;
  selected: string | undefined;
}) {
  const { rows, done, onNeedMore } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length + (done ? 0 : 1),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows.length - PREFETCH_ROWS && !done) onNeedMore();
  }, [last, rows.length, done, onNeedMore]);

  return (
    <div className="dp-table" role="table" aria-label="Datapoints" aria-rowcount={props.total === null ? -1 : props.total + 1}>
      <div className="dp-row dp-head" role="row">
        <span role="columnheader">#</span>
        {COLUMNS.map(([, label]) => (
          <span role="columnheader" key={label}>
            {label}
          </span>
        ))}
      </div>
      <div className="dp-scroll" ref={scroller} data-testid="dp-scroll">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }} role="rowgroup">
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={item.key}
                className={`dp-row${row?.mark ? ` mark-${row.mark}` : ''}${row && row.key === props.selected ? ' selected' : ''}`}
                role="row"
                aria-rowindex={item.index + 2}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {row ? (
                  <>
                    <span role="cell">
                      <button
                        type="button"
                        className="link"
                        onClick={() => props.onOpen(row.key)}
                        aria-label={`Open datapoint ${item.index + 1}`}
                      >
                        {item.index + 1}
                      </button>
                      {row.mark && <span className="sr-only"> ({row.mark} in the draft)</span>}
                    </span>
                    {COLUMNS.map(([field, label]) => (
                      <span role="cell" key={label} className="clip" onDoubleClick={() => props.onEditCell(row.key, field)}>
                        {cellText(row.datapoint[field])}
                      </span>
                    ))}
                  </>
                ) : (
                  <span role="cell" className="muted">
                    Loading more…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
