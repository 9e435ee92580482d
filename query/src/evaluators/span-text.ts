/**
 * What a judge reads: a span's (or a trace's) input and output as plain text, and the template
 * they fill. Messages come from the canonical GenAI record (as the trace view and the trace list's
 * preview show them), else from the attributes Langfuse's and OpenInference's SDKs set.
 */
import type { AttrValue, Message } from '@watchllm/semconv';
import { completeRecord } from '../genai-content.js';
import type { SpanLog } from '../reader/log-reader.js';
import type { StoredSpan } from '../reader/trace-rows.js';
import { turnMessages } from '../session-turns.js';
import type { EvaluatorTarget } from './definition.js';

export interface SubjectText {
  input: string;
  output: string;
  expected: string;
}

/** Each value put into a prompt is cut to this: a judge's context is finite and a huge span would make every call fail. */
export const MAX_VALUE_CHARS = 24_000;

/** `template` with `{{input}}`, `{{output}}` and `{{expected}}` (spaces inside the braces allowed) replaced; other braces kept. */
export function renderTemplate(template: string, values: SubjectText): string {
  return template.replace(/\{\{\s*(input|output|expected)\s*\}\}/g, (_, key: keyof SubjectText) => cut(values[key]));
}

const cut = (s: string) => (s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}… [cut: ${s.length - MAX_VALUE_CHARS} more characters]` : s);

/** Messages as "role: text" lines; tool calls and their results as JSON. */
export function messagesText(messages: readonly Message[]): string {
  return messages
    .map((m) => {
      const parts = (Array.isArray(m.parts) ? m.parts : []).map((p) => {
        if (p.type === 'text' && typeof p.content === 'string') return p.content;
        if (p.type === 'tool_call') return `[tool call ${p.name ?? ''}(${json(p.arguments)})]`;
        if (p.type === 'tool_call_response') return `[tool result: ${json(p.response)}]`;
        return typeof p.content === 'string' ? p.content : `[${p.type}]`;
      });
      return `${m.role}: ${parts.join('\n')}`;
    })
    .join('\n\n');
}

/** Any input or output as text: a string as it is, messages as lines, anything else as JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    const parsed = parseJsonText(v);
    return parsed === undefined || typeof parsed === 'string' ? v : valueText(parsed);
  }
  if (isMessages(v)) return messagesText(v);
  return json(v);
}

/** A model call's input and output. */
export function spanText(span: StoredSpan, logs: SpanLog[] = []): Omit<SubjectText, 'expected'> {
  const record = completeRecord(span, logs) as { inputMessages?: unknown; outputMessages?: unknown; toolArguments?: unknown; toolResult?: unknown } | null;
  const a = span.attributes;
  return {
    input: valueText(record?.inputMessages ?? a['langfuse.observation.input'] ?? a['input.value'] ?? record?.toolArguments),
    output: valueText(record?.outputMessages ?? a['langfuse.observation.output'] ?? a['output.value'] ?? record?.toolResult),
  };
}

/** A trace's input (its first model call's) and output (its last answer), or what its SDK set on the root. */
export function traceText(root: StoredSpan, spans: StoredSpan[], logs: SpanLog[] = []): Omit<SubjectText, 'expected'> {
  const turn = turnMessages(spans, logs).get(root.traceId);
  const a = root.attributes;
  const own = (key: string): AttrValue | undefined => a[`langfuse.trace.${key}`] ?? a[`${key}.value`];
  return { input: valueText(own('input') ?? turn?.inputMessages), output: valueText(own('output') ?? turn?.outputMessages) };
}

/** The text of what `target` scores in a trace's spans: the span named, or the trace's root. */
export function subjectText(target: EvaluatorTarget, span: StoredSpan, spans: StoredSpan[], logs: SpanLog[]): Omit<SubjectText, 'expected'> {
  return target === 'trace' ? traceText(span, spans, logs) : spanText(span, logs.filter((l) => l.spanId === span.spanId));
}

const isMessages = (v: unknown): v is Message[] => Array.isArray(v) && v.length > 0 && v.every((m) => !!m && typeof m === 'object' && Array.isArray((m as Message).parts));

function parseJsonText(s: string): unknown {
  const t = s.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function json(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return String(v);
  }
}
