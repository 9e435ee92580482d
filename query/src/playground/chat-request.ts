/**
 * The body of a playground call, checked field by field: every refusal names its field. Sampling parameters keep
 * the chat completions API's names, so they pass to the model as given.
 */
import type { ChatMessage, ChatParameters } from '../evaluators/judge-client.js';
import { ApiError } from '../routes/errors.js';
import { jsonObject as object } from '../routes/json-body.js';

export interface ChatRequest {
  /** The name of an operator's connection (WATCHLLM_JUDGE_URL_<NAME>), never a URL. */
  connection: string;
  model: string;
  messages: ChatMessage[];
  parameters: ChatParameters;
}

export const ROLES: readonly ChatMessage['role'][] = ['system', 'user', 'assistant', 'tool'];
const FIELDS = ['connection', 'model', 'messages', 'parameters'];
const PARAMETERS = ['temperature', 'max_tokens', 'top_p', 'stop'];
const MAX_NAME = 256;
const MAX_MESSAGES = 500;
const MAX_STOP = 16;

const refuse = (message: string) => new ApiError(400, message);

function onlyFields(b: Record<string, unknown>, allowed: string[], where: string): void {
  const unknown = Object.keys(b).find((k) => !allowed.includes(k));
  if (unknown) throw refuse(`${where}unknown field "${unknown.slice(0, 64)}" (fields: ${allowed.join(', ')})`);
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw refuse(`field ${field}: expected a non-empty string`);
  if (value.length > MAX_NAME) throw refuse(`field ${field}: at most ${MAX_NAME} characters`);
  return value.trim();
}

export function parseChatRequest(body: unknown): ChatRequest {
  const b = object(body, 'the body');
  onlyFields(b, FIELDS, '');
  return { connection: name(b.connection, 'connection'), model: name(b.model, 'model'), messages: parseMessages(b.messages), parameters: parseParameters(b.parameters) };
}

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) throw refuse('field messages: expected a non-empty array of {role, content}');
  if (value.length > MAX_MESSAGES) throw refuse(`field messages: at most ${MAX_MESSAGES} messages`);
  return value.map((raw, i) => {
    const m = object(raw, `field messages[${i}]`);
    onlyFields(m, ['role', 'content'], `field messages[${i}]: `);
    if (!ROLES.includes(m.role as ChatMessage['role'])) throw refuse(`field messages[${i}].role: expected one of ${ROLES.join(', ')}`);
    if (typeof m.content !== 'string') throw refuse(`field messages[${i}].content: expected a string`);
    return { role: m.role as ChatMessage['role'], content: m.content };
  });
}

function parseParameters(value: unknown): ChatParameters {
  if (value === undefined || value === null) return {};
  const p = object(value, 'field parameters');
  onlyFields(p, PARAMETERS, 'field parameters: ');
  const out: ChatParameters = {};
  const number = (key: 'temperature' | 'top_p', max: number) => {
    const v = p[key];
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) throw refuse(`field parameters.${key}: expected a number from 0 to ${max}`);
    out[key] = v;
  };
  number('temperature', 2);
  number('top_p', 1);
  if (p.max_tokens !== undefined && p.max_tokens !== null) {
    if (typeof p.max_tokens !== 'number' || !Number.isInteger(p.max_tokens) || p.max_tokens < 1) throw refuse('field parameters.max_tokens: expected a positive integer');
    out.max_tokens = p.max_tokens;
  }
  if (p.stop !== undefined && p.stop !== null) out.stop = parseStop(p.stop);
  return out;
}

function parseStop(v: unknown): string | string[] {
  if (typeof v === 'string' && v !== '') return v;
  if (Array.isArray(v) && v.length <= MAX_STOP && v.every((s) => typeof s === 'string' && s !== '')) return v as string[];
  throw refuse(`field parameters.stop: expected a non-empty string or an array of at most ${MAX_STOP}`);
}
