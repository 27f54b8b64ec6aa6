import { explain } from '../api';

/** A failure from the API, in words, with the server's detail beneath; announced to screen readers. */
export function ErrorNote({ error, action }: { error: unknown; action?: string }) {
  if (!error) return null;
  const { title, detail, fields } = explain(error);
  return (
    <div className="error" role="alert">
      <strong>{action ? `${action}: ${title}` : title}</strong>
      <p>{detail}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
