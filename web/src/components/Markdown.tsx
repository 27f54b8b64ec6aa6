import ReactMarkdown from 'react-markdown';

/** A description as markdown; raw HTML in it is shown as text, never run (react-markdown's default). */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown>{text}</ReactMarkdown>
    </div>
  );
}
