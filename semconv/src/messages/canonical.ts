/** Any message dialect → the canonical `{role, parts, name?, finish_reason?}` shape. Never throws. */
import type { Message, MessagePart } from '../types.js';
import { isRecord } from '../values.js';
import { normalizeFinishReason } from './finish-reason.js';
import { toParts, toolCallFromOpenAi } from './parts.js';

const ROLE_ALIASES: Record<string, string> = { human: 'user', ai: 'assistant', model: 'assistant', bot: 'assistant', function: 'tool', developer: 'system' };

export function normalizeRole(raw: unknown, fallback: string): string {
  if (typeof raw !== 'string' || raw === '') return fallback;
  const lower = raw.toLowerCase();
  return ROLE_ALIASES[lower] ?? lower;
}

function isCanonicalMessage(raw: Record<string, unknown>): boolean {
  return typeof raw.role === 'string' && Array.isArray(raw.parts)
    && (raw.finish_reason === undefined || typeof raw.finish_reason === 'string');
}

export function toMessage(raw: unknown, fallbackRole = 'user'): Message | null {
  if (typeof raw === 'string') return { role: fallbackRole, parts: [{ type: 'text', content: raw }] };
  if (!isRecord(raw)) return null;
  if (isCanonicalMessage(raw)) {
    const parts = toParts(raw.parts);
    const role = normalizeRole(raw.role, fallbackRole);
    const finish = raw.finish_reason as string | undefined;
    const normalizedFinish = finish === undefined ? undefined : normalizeFinishReason(finish);
    // Already canonical: keep the parsed object itself (no copy).
    if (parts === raw.parts && role === raw.role && normalizedFinish === finish) return raw as unknown as Message;
    return { ...(raw as unknown as Message), role, parts, ...(normalizedFinish ? { finish_reason: normalizedFinish } : {}) };
  }
  const role = normalizeRole(raw.role, fallbackRole);
  let parts: MessagePart[] = toParts(raw.parts !== undefined && raw.parts !== null ? raw.parts : raw.content);
  if (parts === raw.content || parts === raw.parts) parts = parts.slice(); // never alias the caller's array when we append below
  if (Array.isArray(raw.tool_calls)) {
    for (const tc of raw.tool_calls) if (isRecord(tc)) parts.push(toolCallFromOpenAi(tc));
  }
  if (isRecord(raw.function_call)) parts.push(toolCallFromOpenAi({ function: raw.function_call }));
  const toolCallId = typeof raw.tool_call_id === 'string' ? raw.tool_call_id : role === 'tool' && typeof raw.id === 'string' ? raw.id : undefined;
  if (role === 'tool' && parts.every((p) => p.type === 'text')) {
    // A tool message's text is the tool's result.
    const response = parts.length === 1 ? parts[0].content : parts.map((p) => p.content).join('');
    parts = [{ type: 'tool_call_response', id: toolCallId, response: response ?? raw.content ?? null }];
  }
  const msg: Message = { role, parts };
  if (typeof raw.name === 'string' && raw.name !== '') msg.name = raw.name;
  const finish = raw.finish_reason ?? raw.finishReason;
  if (typeof finish === 'string' && finish !== '') msg.finish_reason = normalizeFinishReason(finish);
  return msg;
}

/** A list of messages (or `{messages: [...]}`, or a single message/string) → canonical messages; null when nothing usable. */
export function toMessages(value: unknown, fallbackRole = 'user'): Message[] | null {
  if (value === null || value === undefined) return null;
  if (isRecord(value) && Array.isArray(value.messages)) return toMessages(value.messages, fallbackRole);
  const list = Array.isArray(value) ? value : [value];
  let out: Message[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const m = toMessage(list[i], fallbackRole);
    if (out === null && m !== null && m === list[i]) continue;
    if (out === null) out = list.slice(0, i) as Message[];
    if (m) out.push(m);
  }
  const result = out ?? (list as Message[]);
  return result.length > 0 ? result : null;
}

/** gen_ai.system_instructions: an array of parts, a single part, or a plain string. */
export function toSystemParts(value: unknown): MessagePart[] | null {
  if (value === null || value === undefined) return null;
  const parts = toParts(value);
  return parts.length > 0 ? parts : null;
}
