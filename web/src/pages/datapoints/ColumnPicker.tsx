import { ROW_HEIGHTS, type Column, type RowHeight } from './columns';

const label = (c: Column) => c.replace(/_/g, ' ');

/** Which columns the table shows and in what order, and how tall its rows are. */
export function ColumnPicker({
  all,
  columns,
  height,
  onChange,
}: {
  all: Column[];
  columns: Column[];
  height: RowHeight;
  onChange: (columns: Column[], height: RowHeight) => void;
}) {
  const move = (c: Column, by: -1 | 1) => {
    const i = columns.indexOf(c);
    const j = i + by;
    if (j < 0 || j >= columns.length) return;
    const next = [...columns];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next, height);
  };
  const toggle = (c: Column) => onChange(columns.includes(c) ? columns.filter((x) => x !== c) : [...columns, c], height);
  const unchosen = all.filter((c) => !columns.includes(c));
  return (
    <details className="panel column-picker">
      <summary>Columns and row height</summary>
      <fieldset>
        <legend>Row height</legend>
        {(Object.keys(ROW_HEIGHTS) as RowHeight[]).map((h) => (
          <label key={h} className="check">
            <input type="radio" name="row-height" checked={h === height} onChange={() => onChange(columns, h)} /> {h} ({ROW_HEIGHTS[h]}{' '}
            lines)
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Shown, in order</legend>
        <ol className="column-list">
          {columns.map((c, i) => (
            <li key={c}>
              <label className="check">
                <input type="checkbox" checked onChange={() => toggle(c)} /> {label(c)}
              </label>
              <button type="button" onClick={() => move(c, -1)} disabled={i === 0} aria-label={`Move ${label(c)} left`}>
                ←
              </button>
              <button type="button" onClick={() => move(c, 1)} disabled={i === columns.length - 1} aria-label={`Move ${label(c)} right`}>
                →
              </button>
            </li>
          ))}
        </ol>
      </fieldset>
      {unchosen.length > 0 && (
        <fieldset>
          <legend>More columns from the data</legend>
          <ul className="column-list">
            {unchosen.map((c) => (
              <li key={c}>
                <label className="check">
                  <input type="checkbox" checked={false} onChange={() => toggle(c)} /> {label(c)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </details>
  );
}
