import { memo, useEffect, useRef, useState, type FormEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Review } from '@datashelf/client';
import { AttachmentScope } from '../components/content/Attachment';
import { Content } from '../components/content/Content';
import { ReviewBadge } from '../components/ReviewBadge';
import { usePhone } from '../hooks-media';
import { datapointName } from '../names';
import { fieldOf, ROW_HEIGHTS, valueOf, type Column, type RowDatapoint, type RowHeight } from './datapoints/columns';

export type Mark = 'added' | 'edited' | 'deleted';

export interface Row {
  /** The datapoint id, or a draft add's local key. */
  key: string;
  datapoint: RowDatapoint;
  mark?: Mark;
}

/** Line height 1.45 of a 0.88rem cell, plus padding: the rows' fixed height for each choice. */
const rowPixels = (height: RowHeight) => Math.round(ROW_HEIGHTS[height] * 20.5 + 14);

const label = (c: Column) => c.replace(/_/g, ' ');

/** Jump to a row by its number: the page holding it is read by position. */
function GoTo({ count, onGo }: { count: number; onGo: (index: number) => void }) {
  const [row, setRow] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(row);
    if (Number.isInteger(n) && n >= 1 && n <= count) onGo(n - 1);
  };
  return (
    <form className="inline go-to" onSubmit={submit} aria-label="Jump to a row">
      <label>
        Go to row
        <input type="number" min={1} max={count} value={row} onChange={(e) => setRow(e.target.value)} size={8} />
      </label>
      <button type="submit">Go</button>
    </form>
  );
}

interface RowProps {
  index: number;
  start: number;
  row: Row | undefined;
  template: string;
  size: number;
  height: RowHeight;
  columns: Column[];
  review: Review | undefined;
  selected: boolean;
  onOpen: (key: string) => void;
  onEditCell: (key: string, field: string) => void;
}

/**
 * One row. Memoized: while scrolling, rows already in view keep their props and are not
 * rendered again, so each wheel turn renders only the rows it brings in.
 */
const TableRow = memo(function TableRow({
  index,
  start,
  row,
  template,
  size,
  height,
  columns,
  review,
  selected,
  onOpen,
  onEditCell,
}: RowProps) {
  return (
    <div
      className={`dp-row h-${height}${row?.mark ? ` mark-${row.mark}` : ''}${selected ? ' selected' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      style={{ gridTemplateColumns: template, height: size, transform: `translateY(${start}px)` }}
    >
      <span role="cell">
        {/* Disabled until its page arrives: a click on a row still loading would do nothing. */}
        <button
          type="button"
          className="link"
          disabled={!row}
          onClick={() => row && onOpen(row.key)}
          aria-label={`Open datapoint ${index + 1}`}
        >
          {index + 1}
        </button>
        {row?.mark && <span className="sr-only"> ({row.mark} in the draft)</span>}
      </span>
      {row ? (
        <AttachmentScope attachments={row.datapoint.attachments}>
          <span role="cell" className="cell name" title={row.datapoint.id ? `id ${row.datapoint.id}` : undefined}>
            {datapointName(row.datapoint)}
          </span>
          {columns.map((c) => (
            <span role="cell" key={c} className="cell" onDoubleClick={() => onEditCell(row.key, fieldOf(c))}>
              <Content value={valueOf(row.datapoint, c)} cell />
            </span>
          ))}
          <span role="cell" className="cell">
            <ReviewBadge review={review} />
          </span>
        </AttachmentScope>
      ) : (
        <span role="cell" className="muted loading-cell">
          Loading…
        </span>
      )}
    </div>
  );
});

/**
 * The datapoints as a virtualized table over the whole listing: only the rows in view are
 * in the page, each page of rows read as the view reaches it (by cursor, or by position
 * after a jump). Columns are the reader's, cells show content wrapped to the chosen height.
 */
export function DatapointTable(props: {
  rowAt: (index: number) => Row | undefined;
  count: number;
  /** Whether positions are known (a whole version): then the reader may jump to any row. */
  jumpable: boolean;
  need: (index: number) => void;
  columns: Column[];
  height: RowHeight;
  reviews: Map<string, Review>;
  onOpen: (key: string) => void;
  /** A double-clicked cell: open that datapoint's editor on that field. */
  onEditCell: (key: string, field: string) => void;
  selected: string | undefined;
}) {
  const { count, need, columns } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const size = rowPixels(props.height);
  const virtual = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => size, overscan: 8 });
  useEffect(() => {
    virtual.measure();
  }, [size, virtual]);
  const items = virtual.getVirtualItems();
  const first = items[0]?.index;
  const last = items[items.length - 1]?.index;
  useEffect(() => {
    if (first === undefined || last === undefined) return;
    need(first);
    need(last);
  }, [first, last, need]);
  const phone = usePhone();
  const template = phone
    ? `2.5rem minmax(0, 1fr) ${columns.map(() => 'minmax(0, 1.4fr)').join(' ')} 4.5rem`
    : `4.5rem minmax(9rem, 1.2fr) ${columns.map(() => 'minmax(10rem, 2fr)').join(' ')} 6.5rem`;
  return (
    <div className="dp-wrap">
      {props.jumpable && count > 0 && <GoTo count={count} onGo={(i) => virtual.scrollToIndex(i, { align: 'start' })} />}
      <div className="dp-table">
        <div className="dp-scroll" ref={scroller} data-testid="dp-scroll" tabIndex={0} role="region" aria-label="Datapoints, scrollable">
          <div role="table" aria-label="Datapoints" aria-rowcount={count + 1}>
            <div className="dp-row dp-head" role="row" style={{ gridTemplateColumns: template }}>
              <span role="columnheader">#</span>
              <span role="columnheader">Datapoint</span>
              {columns.map((c) => (
                <span role="columnheader" key={c}>
                  {label(c)}
                </span>
              ))}
              <span role="columnheader">Review</span>
            </div>
            <div className="dp-body" style={{ height: virtual.getTotalSize() }} role="rowgroup">
              {items.map((item) => {
                const row = props.rowAt(item.index);
                return (
                  <TableRow
                    key={item.key}
                    index={item.index}
                    start={item.start}
                    row={row}
                    template={template}
                    size={size}
                    height={props.height}
                    columns={columns}
                    review={row && props.reviews.get(row.key)}
                    selected={row !== undefined && row.key === props.selected}
                    onOpen={props.onOpen}
                    onEditCell={props.onEditCell}
                  />
                );
              })}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
