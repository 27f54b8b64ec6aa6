import { useAttachmentScope } from './Attachment';
import { imageSource } from './attachments';
import { JsonTree } from './JsonTree';
import { LongText } from './LongText';
import type { ChatMessage, ChatPart, ToolCall } from './chat';

/** Tool arguments are JSON text by the OpenAI shape: shown as a tree when they parse. */
function parsedArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function Part({ part }: { part: ChatPart }) {
  const attachments = useAttachmentScope();
  if (typeof part.text === 'string') return <LongText text={part.text} />;
  const url = typeof part.image_url === 'string' ? part.image_url : part.image_url?.url;
  if (url !== undefined) {
    // Inline data and the datapoint's own attachments only: the page's CSP loads nothing
    // from elsewhere, so a remote image is named, not fetched.
    const source = imageSource(url, attachments);
    const image = source && <img className="chat-image" src={source} alt="image in the message" />;
    // Browsers do not open data: links in a tab; an attachment's signed link they do.
    if (image && source.startsWith('data:')) return image;
    return image ? (
      <a href={source} target="_blank" rel="noopener" title="Open full size">
        {image}
      </a>
    ) : (
      <p className="muted">
        image: <code>{url.length > 120 ? `${url.slice(0, 120)}…` : url}</code>
      </p>
    );
  }
  return <JsonTree value={part} openDepth={1} />;
}

function Call({ call }: { call: ToolCall }) {
  return (
    <div className="tool-call">
      <span className="tool-name">
        calls <code>{call.function?.name ?? call.type ?? 'a tool'}</code>
      </span>
      <JsonTree value={parsedArguments(call.function?.arguments)} openDepth={1} />
    </div>
  );
}

/** Chat messages as a conversation: each with its role, text (or parts: text, images), and tool calls. */
export function Conversation({ messages, compact = false }: { messages: ChatMessage[]; compact?: boolean }) {
  // A table cell has room for the exchange, not the system prompt every row shares.
  const shown = compact && messages.some((m) => m.role !== 'system') ? messages.filter((m) => m.role !== 'system') : messages;
  return (
    <ol className={`conversation${compact ? ' compact' : ''}`} aria-label="Conversation">
      {shown.map((m, i) => (
        <li key={i} className={`message role-${m.role.replace(/[^a-z_-]/gi, '')}`}>
          <span className="role">
            {m.role}
            {m.name ? ` · ${m.name}` : ''}
            {m.tool_call_id ? ` · answers ${m.tool_call_id}` : ''}
          </span>
          {typeof m.content === 'string' ? (
            compact ? (
              <p className="text">{m.content}</p>
            ) : (
              <LongText text={m.content} />
            )
          ) : (
            (m.content ?? []).map((p, j) => <Part key={j} part={p} />)
          )}
          {m.tool_calls?.map((c, j) => (
            <Call key={c.id ?? j} call={c} />
          ))}
        </li>
      ))}
    </ol>
  );
}
