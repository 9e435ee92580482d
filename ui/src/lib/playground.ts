// The playground's draft: a model call to run again with edits. Made empty, or from an LLM span (its model, system
// instructions and input messages as text, its sampling parameters); turned into the bodies the API takes.

import type { GenAi, PlaygroundMessage } from '../api/types.js';
import { messagesOf, partsToText, partText } from './messages.js';
import { newVersionBody } from './prompt-text.js';

export type Role = PlaygroundMessage['role'];
export const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool'];

/** Parameters a span used that the form does not edit: sent as they were, unless dropped. */
export interface CarriedParameters {
  top_p?: number;
  stop?: string | string[];
}

export interface PlaygroundDraft {
  /** A connection name from /api/v1/playground/connections; '' until picked. */
  connection: string;
  model: string;
  messages: PlaygroundMessage[];
  /** As typed; empty: the endpoint's default. */
  temperature: string;
  maxTokens: string;
  carried: CarriedParameters;
  /** The span it was opened from. */
  source?: { traceId: string; spanId: string };
}

export const emptyDraft = (): PlaygroundDraft => ({
  connection: '',
  model: '',
  messages: [{ role: 'system', content: '' }, { role: 'user', content: '' }],
  temperature: '',
  maxTokens: '',
  carried: {},
});

/**
 * A span's role as a playground role. A tool result becomes a user message: its call is text now, and an
 * OpenAI-compatible API takes a `tool` message only after the assistant's structured call it answers.
 */
function roleOf(role: string): Role {
  if (role === 'system' || role === 'developer') return 'system';
  if (role === 'assistant' || role === 'model') return 'assistant';
  return 'user';
}

/** A parameter's number, whether the span recorded it as a number or as text. */
function numberParam(params: Record<string, unknown>, ...names: string[]): number | undefined {
  for (const name of names) {
    const v = params[name];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

function stopParam(params: Record<string, unknown>): string | string[] | undefined {
  const v = params.stop ?? params.stop_sequences;
  if (typeof v === 'string' && v !== '') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s !== '')) return v as string[];
  return undefined;
}

/** The call an LLM span made, as a draft: tool calls and results as text, empty messages left out. */
export function draftFromSpan(span: { traceId: string; spanId: string; genAi: Pick<GenAi, 'requestModel' | 'responseModel' | 'systemInstructions' | 'inputMessages' | 'requestParameters'> }): PlaygroundDraft {
  const g = span.genAi;
  const messages: PlaygroundMessage[] = [];
  const system = partsToText(g.systemInstructions);
  if (system) messages.push({ role: 'system', content: system });
  for (const m of messagesOf(g.inputMessages)) {
    const content = m.parts.map(partText).join('\n');
    if (content) messages.push({ role: roleOf(m.role), content });
  }
  const params = g.requestParameters ?? {};
  const temperature = numberParam(params, 'temperature');
  const maxTokens = numberParam(params, 'max_tokens', 'max_completion_tokens', 'max_output_tokens');
  const topP = numberParam(params, 'top_p');
  const stop = stopParam(params);
  return {
    connection: '',
    model: g.requestModel ?? g.responseModel ?? '',
    messages: messages.length ? messages : emptyDraft().messages,
    temperature: temperature === undefined ? '' : String(temperature),
    maxTokens: maxTokens === undefined ? '' : String(maxTokens),
    carried: { ...(topP !== undefined && { top_p: topP }), ...(stop !== undefined && { stop }) },
    source: { traceId: span.traceId, spanId: span.spanId },
  };
}

/** The form's parameters as the API takes them, or what is wrong with them. */
function parameters(draft: PlaygroundDraft): Record<string, unknown> | string {
  const out: Record<string, unknown> = { ...draft.carried };
  if (draft.temperature.trim() !== '') {
    const t = Number(draft.temperature);
    if (!Number.isFinite(t) || t < 0 || t > 2) return 'Temperature is a number from 0 to 2 (or empty for the default).';
    out.temperature = t;
  }
  if (draft.maxTokens.trim() !== '') {
    const n = Number(draft.maxTokens);
    if (!Number.isInteger(n) || n < 1) return 'Max tokens is a whole number above 0 (or empty for the default).';
    out.max_tokens = n;
  }
  return out;
}

/** The body of POST /api/v1/playground/chat, or a message saying what to fix first. */
export function chatRequestBody(draft: PlaygroundDraft): Record<string, unknown> | string {
  if (!draft.connection) return 'Pick a connection.';
  if (!draft.model.trim()) return 'Name the model to call.';
  const messages = draft.messages.filter((m) => m.content.trim() !== '');
  if (messages.length === 0) return 'Write at least one message.';
  const params = parameters(draft);
  if (typeof params === 'string') return params;
  return { connection: draft.connection, model: draft.model.trim(), messages, ...(Object.keys(params).length > 0 && { parameters: params }) };
}

/** The draft as a new chat prompt version (Langfuse's body): its messages, and the model and parameters as config. */
export function promptBody(draft: PlaygroundDraft, name: string, labels: string): Record<string, unknown> | string {
  if (!name.trim()) return 'Name the prompt.';
  const params = parameters(draft);
  if (typeof params === 'string') return params;
  const messages = draft.messages.filter((m) => m.content.trim() !== '');
  if (messages.length === 0) return 'Write at least one message.';
  const config = { ...(draft.model.trim() && { model: draft.model.trim() }), ...params };
  return newVersionBody({ name: name.trim(), type: 'chat', config }, JSON.stringify(messages), labels, '');
}

/** Moves message `i` by `delta` places (no change past either end). */
export function moveMessage(messages: PlaygroundMessage[], i: number, delta: number): PlaygroundMessage[] {
  const j = i + delta;
  if (j < 0 || j >= messages.length) return messages;
  const out = [...messages];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

const STORAGE_KEY = 'watchllm.playground';
let inMemory: PlaygroundDraft | null = null;

/** Keeps the draft for this tab (a reload, the span panel's "Open in playground"); in memory when storage is off. */
export function stashDraft(draft: PlaygroundDraft): void {
  inMemory = draft;
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    /* storage disabled or full (a long conversation): the in-memory copy serves this page load */
  }
}

export function stashedDraft(): PlaygroundDraft | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw) return { ...emptyDraft(), ...(JSON.parse(raw) as PlaygroundDraft) };
  } catch {
    /* storage disabled or unreadable */
  }
  return inMemory;
}
