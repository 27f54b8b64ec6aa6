import type { Preview } from '../preview';
import { ScrollX } from '../components/ScrollX';
import { PreviewRows } from '../components/PreviewRows';
import { useCatalogue } from '../catalogue';

/** Where a source column goes: a field an import mapping can fill (the server's list), or `drop`. */
export type Target = string;

const GUESSES: Record<string, Target> = {
  question: 'input',
  prompt: 'input',
  query: 'input',
  answer: 'expected_output',
  expected: 'expected_output',
  label: 'expected_output',
  response: 'output',
  id: 'external_id',
  qid: 'external_id',
  labels: 'tags',
};

/**
 * A first guess for a column: a datapoint field of its name, a usual synonym, else
 * metadata. A column named `id` is the file's own key (external id): datashelf's ids are uuids.
 */
export function guessTarget(column: string, fields: string[]): Target {
  const lower = column.toLowerCase();
  if (fields.includes(lower) && lower !== 'id') return lower;
  return GUESSES[lower] ?? 'metadata';
}

/**
 * The import mapping the choices stand for (see the README, "Mapping"): several columns
 * on one field are gathered into an object; metadata columns are named, the rest dropped.
 */
export function mappingOf(choices: Record<string, Target>, tagSeparator: string): object {
  const fields: Record<string, string | string[] | Record<string, string>> = {};
  const metadata: Record<string, string> = {};
  for (const [column, target] of Object.entries(choices)) {
    if (target === 'drop') continue;
    if (target === 'metadata') {
      metadata[column] = column;
      continue;
    }
    const had = fields[target];
    fields[target] = had === undefined ? column : [...(Array.isArray(had) ? had : [had as string]), column];
  }
  if (Object.keys(metadata).length) fields.metadata = metadata;
  return { fields, rest: 'drop', ...(tagSeparator && { tag_separator: tagSeparator }) };
}

/** The preview's rows under their columns, each column with its target chosen above it. */
export function MappingTable({
  preview,
  choices,
  onChoose,
}: {
  preview: Preview;
  choices: Record<string, Target>;
  onChoose: (column: string, target: Target) => void;
}) {
  const { mappableFields } = useCatalogue();
  return (
    <ScrollX label="Column mapping">
      <table className="mapping">
        <thead>
          <tr>
            {preview.columns.map((c) => (
              <th key={c} scope="col">
                <label>
                  <span>{c}</span>
                  <select value={choices[c]} onChange={(e) => onChoose(c, e.target.value)} aria-label={`Map column ${c} to`}>
                    {[...mappableFields, 'drop'].map((t) => (
                      <option key={t} value={t}>
                        {t === 'drop' ? '(leave out)' : `→ ${t}`}
                      </option>
                    ))}
                  </select>
                </label>
              </th>
            ))}
          </tr>
        </thead>
        <PreviewRows preview={preview} />
      </table>
    </ScrollX>
  );
}
