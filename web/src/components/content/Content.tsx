import { AttachmentList, AttachmentView, useAttachmentScope } from './Attachment';
import { attachmentMap, isAttachmentLink } from './attachments';
import { chatMessages } from './chat';
import { Conversation } from './Conversation';
import { JsonTree } from './JsonTree';
import { LongText } from './LongText';

/**
 * Any datapoint or event value, rendered for reading: chat messages as a conversation,
 * text in full (markdown when it reads as markdown), JSON as a foldable tree, attachments
 * as what they are (images, audio, video, PDF, files). `cell` is the table's compact form,
 * clipped by the row's height.
 */
export function Content({ value, cell = false }: { value: unknown; cell?: boolean }) {
  const scope = useAttachmentScope();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  const files = attachmentMap(value, scope);
  if (files) return <AttachmentList attachments={files} cell={cell} />;
  if (isAttachmentLink(value)) return <AttachmentView name={value.filename ?? 'file'} attachment={value} cell={cell} />;
  const messages = chatMessages(value);
  if (messages) return <Conversation messages={messages} compact={cell} />;
  if (typeof value === 'string') return cell ? <span className="text">{value}</span> : <LongText text={value} />;
  if (typeof value !== 'object') return <span className={`j-${typeof value}`}>{JSON.stringify(value)}</span>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return <span>{value.join(', ')}</span>;
  if (cell) return <span className="text mono">{JSON.stringify(value)}</span>;
  return <JsonTree value={value} />;
}
