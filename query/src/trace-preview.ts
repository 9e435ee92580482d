/**
 * A trace's input and output in a line each, for the trace list (what Langfuse's Input / Output
 * columns show): the last user message its first model call was given, and the final answer.
 */
import type { Message } from '@watchllm/semconv';
import type { SpanLog } from './reader/log-reader.js';
import type { StoredSpan } from './reader/trace-rows.js';
import { turnMessages } from './session-turns.js';

export interface TracePreview {
  traceId: string;
  input: string | null;
  output: string | null;
}

export const PREVIEW_CHARS = 240;

/** One message as one line: its text parts (else its tool calls), whitespace collapsed, cut to `PREVIEW_CHARS`. */
export function messageLine(message: Message | undefined): string | null {
  if (!message || !Array.isArray(message.parts)) return null;
  const texts: string[] = [];
  const calls: string[] = [];
  for (const part of message.parts) {
    if (part.type === 'text' && typeof part.content === 'string') texts.push(part.content);
    else if (part.type === 'tool_call' && typeof part.name === 'string') calls.push(`${part.name}()`);
  }
  const line = (texts.length > 0 ? texts.join(' ') : calls.length > 0 ? `→ ${calls.join(', ')}` : '').replace(/\s+/g, ' ').trim();
  if (line === '') return null;
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

const asMessages = (v: unknown[] | null): Message[] => (v ?? []).filter((m): m is Message => !!m && typeof m === 'object' && Array.isArray((m as Message).parts));

/** Previews of the traces the spans belong to, in `traceIds` order (null where a trace shows no messages); `logs`: their span-attached content records. */
export function tracePreviews(traceIds: string[], spans: StoredSpan[], logs: SpanLog[] = []): TracePreview[] {
  const turns = turnMessages(spans, logs);
  return traceIds.map((traceId) => {
    const turn = turns.get(traceId);
    const input = asMessages(turn?.inputMessages ?? null);
    const output = asMessages(turn?.outputMessages ?? null);
    const lastUser = [...input].reverse().find((m) => m.role === 'user') ?? input[input.length - 1];
    return { traceId, input: messageLine(lastUser), output: messageLine(output[output.length - 1]) };
  });
}
