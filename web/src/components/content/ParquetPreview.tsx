import { count } from '../../format';
import { asyncBufferFromUrl } from 'hyparquet';
import { parquetHead, type Preview } from '../../preview';
import { useLoad } from '../../hooks';
import { ErrorNote } from '../ErrorNote';
import { PreviewRows } from '../PreviewRows';
import { ScrollX } from '../ScrollX';

/** How many rows of a Parquet file a preview shows. */
const HEAD_ROWS = 20;

/** The first rows of the Parquet file at `url` (a file's signed link), read by HTTP ranges: never the whole file. */
async function parquetHeadAt(url: string, size: number): Promise<Preview> {
  return parquetHead(await asyncBufferFromUrl({ url, byteLength: size }), HEAD_ROWS);
}

/** The first rows of a Parquet file under its columns, read in the browser from its signed link by ranges. */
export function ParquetPreview({ path, url, size }: { path: string; url: string; size: number }) {
  const head = useLoad(() => parquetHeadAt(url, size), [url, size]);
  if (head.error) return <ErrorNote error={head.error} action={`Reading ${path}`} />;
  if (!head.data) return <p aria-busy="true">Reading {path}…</p>;
  const { columns, rows, total } = head.data;
  return (
    <ScrollX label={`Rows of ${path}`}>
      <table>
        <caption>
          {path}: the first {count(rows.length)} of {count(total)} rows
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <PreviewRows preview={head.data} />
      </table>
    </ScrollX>
  );
}
