import type { Preview } from '../preview';
import { asText } from '../format';

/** A file's first rows (an upload's, a Parquet file's), one cell per column, clipped to a line. */
export function PreviewRows({ preview }: { preview: Pick<Preview, 'columns' | 'rows'> }) {
  return (
    <tbody>
      {preview.rows.map((row, i) => (
        <tr key={i}>
          {preview.columns.map((c) => (
            <td key={c} className="clip">
              {asText(row[c])}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}
