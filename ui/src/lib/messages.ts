// Turning GenAI message arrays into chat bubbles and into plain text (for diff and search).

import type { ChatMessage, GenAi, MessagePart } from '../api/types.js';
import { prettyValue } from './json.js';

export interface ChatItem {
  role: string;
  /** Where the message came from, for labelling. */
  source: 'system' | 'input' | 'output';
  parts: MessagePart[];
  finishReason?: string;
}

function asMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((m): m is ChatMessage => !!m && typeof m === 'object')
    .map((m) => ({ ...m, role: typeof m.role === 'string' ? m.role : 'unknown', parts: normalizeParts(m.parts ?? (m as { content?: unknown }).content) }));
}

/** Parts may arrive as an array of parts, a bare string, or a single part object. */
export function normalizeParts(value: unknown): MessagePart[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [{ type: 'text', content: value }];
  if (Array.isArray(value))
    return value.map((p) => (typeof p === 'string' ? { type: 'text', content: p } : p && typeof p === 'object' ? (p as MessagePart) : { type: 'text', content: String(p) }));
  if (typeof value === 'object') return [value as MessagePart];
  return [{ type: 'text', content: String(value) }];
}

/** System instructions, then input messages, then outputs — the order a reader expects. */
export function chatItems(genAi: Pick<GenAi, 'systemInstructions' | 'inputMessages' | 'outputMessages'>): ChatItem[] {
  const items: ChatItem[] = [];
  const system = normalizeParts(genAi.systemInstructions);
  if (system.length) items.push({ role: 'system', source: 'system', parts: system });
  for (const m of asMessages(genAi.inputMessages)) items.push({ role: m.role, source: 'input', parts: m.parts });
  for (const m of asMessages(genAi.outputMessages))
    items.push({ role: m.role, source: 'output', parts: m.parts, finishReason: m.finish_reason });
  return items;
}

export function messagesOf(value: unknown): ChatMessage[] {
  return asMessages(value);
}

/** One part as text: tool calls as `→ name(args)`, tool results as `← id: result`. */
export function partText(part: MessagePart): string {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return typeof part.content === 'string' ? part.content : prettyValue(part.content);
    case 'tool_call':
      return `→ tool call ${part.name ?? ''}${part.id ? ` [${part.id}]` : ''}\n${prettyValue(part.arguments)}`;
    case 'tool_call_response':
      return `← tool result${part.id ? ` [${part.id}]` : ''}\n${prettyValue(part.response)}`;
    default: {
      const { type, ...rest } = part;
      return `[${type}] ${prettyValue(rest)}`;
    }
  }
}

/** Messages as text, one `[role]` header per message; used for diffs and previews. */
export function messagesToText(messages: unknown): string {
  return asMessages(messages)
    .map((m) => [`[${m.role}]`, ...m.parts.map(partText)].join('\n'))
    .join('\n\n');
}

export function partsToText(parts: unknown): string {
  return normalizeParts(parts).map(partText).join('\n');
}

/**
 * A call's prompt as text for comparison: the system text wherever the provider put it (separate system
 * instructions, as Anthropic has them, or `system` / `developer` messages, as OpenAI has them), and the other input
 * messages. Calls to different providers then diff alike.
 */
export function promptTexts(genAi: Pick<GenAi, 'systemInstructions' | 'inputMessages'> | null | undefined): { system: string; input: string } {
  const messages = asMessages(genAi?.inputMessages);
  const isSystem = (m: ChatMessage) => m.role === 'system' || m.role === 'developer';
  const system = [partsToText(genAi?.systemInstructions), ...messages.filter(isSystem).map((m) => m.parts.map(partText).join('\n'))];
  return { system: system.filter(Boolean).join('\n'), input: messagesToText(messages.filter((m) => !isSystem(m))) };
}

/** Does any of these messages carry a tool call part? */
export function hasToolCallParts(messages: unknown): boolean {
  return asMessages(messages).some((m) => m.parts.some((p) => p.type === 'tool_call'));
}

/** Short one-line preview of the last message of a list. */
export function lastMessagePreview(messages: unknown, max = 160): string {
  const list = asMessages(messages);
  const last = list[list.length - 1];
  if (!last) return '';
  const text = last.parts.map(partText).join(' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The messages a session turn adds to the conversation. Chat APIs resend the whole history each turn, so when
 * a turn's input starts with everything shown so far, only the rest is new; otherwise show its non-system input.
 */
export function newTurnMessages(input: unknown, shownSoFar: ChatMessage[]): ChatMessage[] {
  const msgs = asMessages(input);
  const key = (m: ChatMessage) => `${m.role}\u0000${m.parts.map(partText).join('\n')}`;
  const shownKeys = shownSoFar.map(key);
  const isPrefix = shownKeys.length > 0 && shownKeys.length <= msgs.length && shownKeys.every((k, i) => k === key(msgs[i]));
  if (isPrefix) return msgs.slice(shownKeys.length);
  return msgs.filter((m) => m.role !== 'system');
}

/** A list of chat messages (each an object with a role), as GenAI spans and Langfuse dataset items hold them. */
export function isMessageList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((m) => !!m && typeof m === 'object' && typeof (m as { role?: unknown }).role === 'string');
}

/** Any recorded value as text: messages one `[role]` block each, JSON indented, a string as it is. */
export function valueText(value: unknown): string {
  return isMessageList(value) ? messagesToText(value) : prettyValue(value);
}
