// The parts-based message shape of `gen_ai.input.messages` / `gen_ai.output.messages` (semconv v1.41).

export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | { type: 'blob'; modality: string; mime_type?: string; content: string }
  | { type: 'uri'; modality: string; mime_type?: string; uri: string }
  | { type: 'file'; modality: string; file_id: string }
  | { type: string; [key: string]: unknown };

export interface InputMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
}

export interface OutputMessage extends InputMessage {
  finish_reason: string;
}

export interface ToolDefinition {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

/** Tool-call arguments arrive as JSON text from most providers; record the object when it parses. */
export function parseToolArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Provider finish reasons mapped onto the spec's output-message enum (stop, length, content_filter, tool_call, error). */
export function toSpecFinishReason(reason: string | null | undefined): string {
  switch (reason) {
    case undefined:
    case null:
    case '':
      return 'stop';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool_call';
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'max_output_tokens':
      return 'length';
    case 'refusal':
      return 'content_filter';
    default:
      return reason;
  }
}
