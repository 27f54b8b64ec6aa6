import type { DatapointRecord } from '../model/datapoints.js';

type Message = Record<string, unknown> & { role: string };

const isMessage = (v: unknown): v is Message =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { role?: unknown }).role === 'string';
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** A value as chat turns: a `{messages}` object or a list of messages as they are, anything else one turn of `role`. */
function turns(value: unknown, role: 'user' | 'assistant'): Message[] {
  if (value === null) return [];
  const messages = (value as { messages?: unknown }).messages;
  if (Array.isArray(messages) && messages.every(isMessage)) return messages;
  if (Array.isArray(value) && value.length > 0 && value.every(isMessage)) return value;
  if (role === 'assistant' && isMessage(value)) return [value];
  return [{ role, content: text(value) }];
}

/**
 * A datapoint as an OpenAI chat fine-tuning example, `{"messages": [...]}`: the prompt
 * as the system turn, the input as the user's, the expected output as the assistant's.
 * Returns null for a datapoint with no assistant turn, which cannot teach anything.
 */
export function openaiExample(d: DatapointRecord): string | null {
  const messages: Message[] = [
    ...(d.prompt ? [{ role: 'system', content: d.prompt }] : []),
    ...turns(JSON.parse(d.input), 'user'),
    ...turns(JSON.parse(d.expected_output), 'assistant'),
  ];
  if (messages.at(-1)?.role !== 'assistant') return null;
  return JSON.stringify({ messages });
}
