import { chatMessages, messageText } from './components/content/chat';

const LENGTH = 60;

/** The first text a value holds: itself, a chat's first user message, or the first string inside it. */
function firstText(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (depth > 4 || typeof value !== 'object' || value === null) return null;
  const messages = chatMessages(value);
  if (messages) {
    const asked = messages.find((m) => m.role === 'user') ?? messages[0];
    return messageText(asked).trim() || null;
  }
  for (const v of Object.values(value)) {
    const found = firstText(v, depth + 1);
    if (found) return found;
  }
  return null;
}

export interface Named {
  id?: string;
  seq?: number;
  external_id?: string | null;
  input?: unknown;
  expected_output?: unknown;
}

/** What people call a datapoint: its external id, else the start of its first text field; its uuid only as a last resort. */
export function datapointName(d: Named): string {
  if (d.external_id) return d.external_id;
  const text = firstText(d.input) ?? firstText(d.expected_output);
  if (text) return text.length > LENGTH ? `${text.slice(0, LENGTH).trimEnd()}…` : text;
  return d.seq !== undefined ? `datapoint #${d.seq}` : (d.id?.slice(0, 8) ?? 'new datapoint');
}
