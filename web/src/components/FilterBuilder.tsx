import { useId } from 'react';
import { useCatalogue } from '../catalogue';

export interface FilterRow {
  key: string;
  operator: string;
  value: string;
}

const NO_VALUE = new Set(['exists', 'not_exists']);

/** A typed value from what was typed: JSON when it reads as JSON (7, true, ["a","b"]), else the text itself. */
function valueOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The filter language's JSON array, from the builder's rows (rows without a key are left out). */
export function filtersJson(rows: FilterRow[]): string | undefined {
  const filters = rows
    .filter((r) => r.key.trim() !== '')
    .map((r) =>
      NO_VALUE.has(r.operator)
        ? { key: r.key.trim(), operator: r.operator }
        : { key: r.key.trim(), operator: r.operator, value: valueOf(r.value) },
    );
  return filters.length ? JSON.stringify(filters) : undefined;
}

/** The builder's rows back from the filter language's JSON (a shared link, a reload). */
export function filterRows(json: string | null | undefined): FilterRow[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as { key: string; operator: string; value?: unknown }[];
    return parsed.map((f) => ({
      key: f.key,
      operator: f.operator,
      value: f.value === undefined ? '' : typeof f.value === 'string' ? f.value : JSON.stringify(f.value),
    }));
  } catch {
    return [];
  }
}

/** The filter language as rows of key, operator and value; every row must hold. Operators come from the server's catalogue. */
export function FilterBuilder({ rows, onChange, keys }: { rows: FilterRow[]; onChange: (rows: FilterRow[]) => void; keys: string[] }) {
  const { operators } = useCatalogue();
  const listId = useId();
  const set = (i: number, patch: Partial<FilterRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="filter-builder">
      <legend>Filters (all must hold)</legend>
      <datalist id={listId}>
        {keys.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {rows.map((r, i) => (
        <div className="row" key={i}>
          <label>
            Field {i + 1}
            <input list={listId} value={r.key} onChange={(e) => set(i, { key: e.target.value })} placeholder="metadata.difficulty" />
          </label>
          <label>
            Operator {i + 1}
            <select value={r.operator} onChange={(e) => set(i, { operator: e.target.value })}>
              {operators.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
          {!NO_VALUE.has(r.operator) && (
            <label>
              Value {i + 1}
              <input value={r.value} onChange={(e) => set(i, { value: e.target.value })} placeholder='text, 7, true, ["a","b"]' />
            </label>
          )}
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove filter ${i + 1}`}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { key: '', operator: 'equals', value: '' }])}>
        Add filter
      </button>
    </fieldset>
  );
}
