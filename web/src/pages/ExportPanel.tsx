import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

const FORMATS = [
  ['jsonl', 'JSON lines', 'jsonl'],
  ['csv', 'CSV (typed headers)', 'csv'],
  ['parquet', 'Parquet', 'parquet'],
  ['openai', 'OpenAI chat fine-tuning (JSON lines)', 'jsonl'],
] as const;

interface SaveTarget {
  createWritable: () => Promise<WritableStream<Uint8Array>>;
}
type SavePicker = (options: { suggestedName: string }) => Promise<SaveTarget>;

/**
 * Streams the export to a file the reader picks where the browser can (Chromium's save
 * picker), so a large version never sits in memory; elsewhere it is gathered, then saved.
 */
async function save(stream: ReadableStream<Uint8Array>, name: string) {
  const picker = (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (picker && !navigator.webdriver) {
    const target = await picker({ suggestedName: name });
    await stream.pipeTo(await target.createWritable());
    return;
  }
  const blob = await new Response(stream).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** Export any version (or tag) in any format, optionally filtered by split or text. */
export function ExportPanel() {
  const client = useClient();
  const { dataset } = useDataset();
  const [version, setVersion] = useState(String(dataset.head_version));
  const [format, setFormat] = useState<(typeof FORMATS)[number][0]>('jsonl');
  const [split, setSplit] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const extension = FORMATS.find(([f]) => f === format)![2];
      const name = `${dataset.name.replace(/[^\w.-]+/g, '_')}-v${version}${format === 'openai' ? '-openai' : ''}.${extension}`;
      const stream = await client.exportStream(dataset.id, { version, format, ...(split && { split }) });
      await save(stream, name);
      setDone(`Saved ${name}.`);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Export">
      <label>
        Version or tag
        <input value={version} onChange={(e) => setVersion(e.target.value)} required />
      </label>
      <label>
        Format
        <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
          {FORMATS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Only the split (optional)
        <input value={split} onChange={(e) => setSplit(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Exporting…' : 'Export'}
      </button>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <ErrorNote error={error} action="The export failed" />
    </form>
  );
}
