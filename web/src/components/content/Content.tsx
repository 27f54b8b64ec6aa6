import { chatMessages } from './chat';
import { Conversation } from './Conversation';
import { JsonTree } from './JsonTree';
import { LongText } from './LongText';

/**
 * Any datapoint or event value, rendered for reading: chat messages as a conversation,
 * text in full (markdown when it reads as markdown), JSON as a foldable tree. `cell` is the
 * table's compact form, clipped by the row's height. Attachments (images, audio, video,
 * PDF) will render here too once datapoints can name them (issue 27).
 */
export function Content({ value, cell = false }: { value: unknown; cell?: boolean }) {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  const messages = chatMessages(value);
  if (messages) return <Conversation messages={messages} compact={cell} />;
  if (typeof value === 'string') return cell ? <span className="text">{value}</span> : <LongText text={value} />;
  if (typeof value !== 'object') return <span className={`j-${typeof value}`}>{JSON.stringify(value)}</span>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return <span>{value.join(', ')}</span>;
  if (cell) return <span className="text mono">{JSON.stringify(value)}</span>;
  return <JsonTree value={value} />;
}
