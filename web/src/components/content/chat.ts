/** The OpenAI chat shape most LLM datasets and every telemetry cut use. */
export interface ChatPart {
  type?: string;
  text?: string;
  image_url?: { url?: string } | string;
  [key: string]: unknown;
}
export interface ToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: unknown };
}
export interface ChatMessage {
  role: string;
  content?: string | ChatPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

const isMessage = (m: unknown): m is ChatMessage =>
  typeof m === 'object' && m !== null && typeof (m as ChatMessage).role === 'string' && ('content' in m || 'tool_calls' in m);

/** The messages of a chat value (`{messages: […]}`, a list of messages, or one message), else null. */
export function chatMessages(value: unknown): ChatMessage[] | null {
  const list = Array.isArray(value) ? value : (value as { messages?: unknown } | null)?.messages;
  if (Array.isArray(list) && list.length > 0 && list.every(isMessage)) return list;
  if (isMessage(value)) return [value];
  return null;
}

/** A message's text, its parts' texts joined. */
export function messageText(m: ChatMessage): string {
  if (typeof m.content === 'string') return m.content;
  return (m.content ?? []).map((p) => (typeof p.text === 'string' ? p.text : '')).join(' ');
}
